"""Uploads on an S3-compatible object store: stored there, downloaded only after the check.

Runs against moto's S3 HTTP server on a loopback port (a real endpoint spoken to by
boto3 over HTTP, as a MinIO or a cloud bucket would be); skipped when moto is not
installed, like the Redis tests without redis-server.
"""

import socket
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import PurePath
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from icc.core.downloads import download_url
from icc.core.tests.test_settings import run_manage
from icc.practices import services
from icc.practices.models import PracticeAttachment
from icc.practices.tests.conftest import write_practice

pytestmark = pytest.mark.django_db

BUCKET = "icc-uploads"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def s3_endpoint() -> Iterator[str]:
    """Start moto's S3 server on a free loopback port and create the bucket."""
    server_module = pytest.importorskip("moto.server", reason="moto[server] is not installed")
    boto3 = pytest.importorskip("boto3")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = server_module.ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    try:
        client = boto3.client(
            "s3",
            endpoint_url=endpoint,
            region_name="us-east-1",
            aws_access_key_id="test",
            aws_secret_access_key="test",
        )
        client.create_bucket(Bucket=BUCKET)
        yield endpoint
    finally:
        server.stop()


@pytest.fixture
def object_store(s3_endpoint: str, settings) -> Any:
    """Point the default storage at the bucket, as ICC_S3_BUCKET does; return a client."""
    import boto3

    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": s3_endpoint,
                "region_name": "us-east-1",
                "access_key": "test",
                "secret_key": "test",
                "default_acl": None,
                "querystring_auth": True,
                "file_overwrite": False,
                "signature_version": "s3v4",
            },
        },
    }
    settings.ICC_FILE_SEND_HEADER = "X-Accel-Redirect"  # Ignored: nginx cannot see the bucket.
    return boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name="us-east-1",
        aws_access_key_id="test",
        aws_secret_access_key="test",
    )


def draft_with_report(lyon, lyon_coordinator) -> PracticeAttachment:
    """Attach a PDF to a draft practice of Lyon, which only Lyon's people may read."""
    practice = write_practice(lyon, en={"title": "Draft with a report"})
    upload = SimpleUploadedFile("report.pdf", PDF, content_type="application/pdf")
    return services.add_attachment(
        practice,
        added_by=lyon_coordinator.user,
        upload=upload,
        title="Report",
        content_type="application/pdf",
    )


def test_an_upload_lands_in_the_bucket_and_is_streamed_after_the_check(
    object_store, lyon, lyon_coordinator, oslo_coordinator, visitor
) -> None:
    attachment = draft_with_report(lyon, lyon_coordinator)
    stored = object_store.get_object(Bucket=BUCKET, Key=attachment.file.name)
    url = download_url(attachment.file)

    response = lyon_coordinator.client().get(url)
    body = b"".join(response.streaming_content)

    assert stored["Body"].read() == PDF
    assert response.status_code == 200 and body == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert "X-Accel-Redirect" not in response
    assert oslo_coordinator.client().get(url).status_code == 404
    refused = visitor.client().get(url)
    assert refused.status_code == 302 and refused["Location"].startswith(reverse("account_login"))


def test_with_redirects_the_browser_gets_a_short_lived_signed_address(
    object_store, settings, lyon, lyon_coordinator, oslo_coordinator
) -> None:
    settings.ICC_S3_REDIRECT_SECONDS = 60
    attachment = draft_with_report(lyon, lyon_coordinator)
    url = download_url(attachment.file)

    response = lyon_coordinator.client().get(url)
    signed = response["Location"]
    query = parse_qs(urlsplit(signed).query)
    with urllib.request.urlopen(signed, timeout=10) as stored:  # noqa: S310 (loopback)
        body, headers = stored.read(), stored.headers

    assert response.status_code == 302 and response["Cache-Control"] == "private, no-store"
    assert query["X-Amz-Expires"] == ["60"] and "X-Amz-Signature" in query
    assert body == PDF
    assert headers["Content-Type"] == "application/pdf"
    assert (
        f'filename="{PurePath(attachment.file.name or "").name}"' in headers["Content-Disposition"]
    )
    assert oslo_coordinator.client().get(url).status_code == 404
    unsigned = signed.split("?")[0]
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(unsigned, timeout=10)  # noqa: S310 (loopback)
    assert refused.value.code == 403


def test_the_bucket_variable_selects_the_object_store() -> None:
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.STORAGES['default'])",
        ICC_S3_BUCKET="icc-uploads",
        ICC_S3_ENDPOINT_URL="http://127.0.0.1:9000",
    )
    plain = run_manage(
        "shell", "-c", "from django.conf import settings; print(settings.STORAGES['default'])"
    )
    assert result.returncode == 0, result.stderr
    assert "S3Storage" in result.stdout and "http://127.0.0.1:9000" in result.stdout
    assert "FileSystemStorage" in plain.stdout
