"""Stored files: linked from their pages, sent after the permission check, never at /media/.

Who may download each kind is walked for every persona in ``icc/core/tests/url_walk.py``;
these tests check what the answer is made of, in both ways of sending it.
"""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import Resolver404, resolve, reverse
from django.utils import translation

from icc.core.tests.test_settings import run_manage
from icc.network.models import JoinStep
from tests import stored_files as files

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(tmp_path: Path, settings) -> None:
    settings.MEDIA_ROOT = tmp_path


def test_a_reviewer_opens_the_evidence_a_city_attached(lyon, lyon_coordinator, expert) -> None:
    evidence = files.draft_evidence()
    draft = evidence.answer.response
    with translation.override("en"):
        area = reverse("index:response-area", kwargs={"pk": draft.pk, "area": "language"})
    page = expert.client().get(area).content.decode()
    link = files.url_of(evidence)
    assert f'href="{link}"' in page and 'href="/media/' not in page

    response = expert.client().get(link)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == files.PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="evidence.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Security-Policy"] == (
        "default-src 'none'; img-src 'self'; object-src 'self'; style-src 'unsafe-inline'; "
        "frame-ancestors 'none'"
    )


def test_an_outsider_is_not_told_the_file_exists(lyon, oslo_coordinator) -> None:
    link = files.url_of(files.draft_evidence())
    assert oslo_coordinator.client().get(link).status_code == 404


def test_a_visitor_is_asked_to_sign_in_and_comes_back_to_the_file(lyon, visitor) -> None:
    link = files.url_of(files.draft_evidence())
    response = visitor.client().get(link)
    assert response.status_code == 302
    assert response["Location"].endswith(f"?next={link}")


def test_a_city_that_left_keeps_its_files_from_its_former_people(
    lyon, lyon_coordinator, secretariat
) -> None:
    from datetime import date

    from icc.network import services
    from icc.network.models import City

    link = files.url_of(files.instrument(), "document")
    services.change_city_status(
        lyon, to=City.Status.LEFT, reason="Left", changed_on=date(2026, 1, 1), changed_by=None
    )
    assert lyon_coordinator.client().get(link).status_code == 404
    assert secretariat.client().get(link).status_code == 200


def test_a_published_attachment_is_public_and_may_be_kept(lyon, visitor) -> None:
    attachment = files.practice_attachment(published=True)
    page = visitor.client().get(attachment.practice.get_absolute_url()).content.decode()
    link = files.url_of(attachment)
    assert f'href="{link}"' in page

    response = visitor.client().get(link)
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=3600"


def test_a_text_file_is_downloaded_never_shown(lyon, lyon_editor) -> None:
    evidence = files.draft_evidence("figures.csv", files.CSV_BYTES)
    response = lyon_editor.client().get(files.url_of(evidence))
    assert response["Content-Type"] == "text/csv"
    assert response["Content-Disposition"] == 'attachment; filename="figures.csv"'


def test_a_name_outside_ascii_is_sent_as_rfc_6266_says(lyon, lyon_editor) -> None:
    evidence = files.draft_evidence("délibération.pdf")
    response = lyon_editor.client().get(files.url_of(evidence))
    assert response["Content-Disposition"] == (
        "inline; filename*=utf-8''d%C3%A9lib%C3%A9ration.pdf"
    )


def test_another_name_or_kind_finds_nothing(lyon, secretariat) -> None:
    evidence = files.draft_evidence()
    kwargs = files.url_kwargs_of(evidence)
    client = secretariat.client()
    wrong_name = reverse("file-download", kwargs=kwargs | {"name": "other.pdf"})
    wrong_kind = reverse("file-download", kwargs=kwargs | {"kind": "nothing"})
    assert client.get(wrong_name).status_code == 404
    assert client.get(wrong_kind).status_code == 404
    assert client.post(files.url_of(evidence)).status_code == 405


@pytest.mark.parametrize("debug", [False, True])
def test_uploads_have_no_public_address(lyon, visitor, debug, settings) -> None:
    settings.DEBUG = debug
    evidence = files.draft_evidence()
    with pytest.raises(Resolver404):
        resolve(f"{settings.MEDIA_URL}{evidence.file.name}")
    assert visitor.client().get(f"{settings.MEDIA_URL}{evidence.file.name}").status_code == 404


def test_nginx_sends_the_file_from_its_internal_location(lyon, lyon_editor, settings) -> None:
    settings.ICC_FILE_SEND_HEADER = "X-Accel-Redirect"
    settings.ICC_FILE_SEND_PREFIX = "/protected-media/"
    evidence = files.draft_evidence("délibération.pdf")
    response = lyon_editor.client().get(files.url_of(evidence))
    assert response.status_code == 200
    assert response.content == b""
    assert response["X-Accel-Redirect"] == (
        f"/protected-media/index/evidence/{evidence.answer.response_id}/d%C3%A9lib%C3%A9ration.pdf"
    )
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"


def test_apache_sends_the_file_from_its_path(lyon, lyon_editor, settings) -> None:
    settings.ICC_FILE_SEND_HEADER = "X-Sendfile"
    evidence = files.draft_evidence()
    response = lyon_editor.client().get(files.url_of(evidence))
    assert response.content == b""
    assert response["X-Sendfile"] == str(Path(settings.MEDIA_ROOT) / evidence.file.name)


def test_an_unknown_send_header_stops_start_up() -> None:
    result = run_manage("check", ICC_FILE_SEND_HEADER="nginx", ICC_HTTPS="0")
    assert result.returncode != 0 and "ICC_FILE_SEND_HEADER" in result.stderr


def test_the_web_server_is_never_told_to_send_a_refused_file(
    lyon, oslo_coordinator, settings
) -> None:
    settings.ICC_FILE_SEND_HEADER = "X-Accel-Redirect"
    response = oslo_coordinator.client().get(files.url_of(files.draft_evidence()))
    assert response.status_code == 404 and not response.has_header("X-Accel-Redirect")


def test_every_kind_of_file_is_linked_through_the_checked_view(lyon, secretariat) -> None:
    step = files.membership_document()
    visit = files.expert_report()
    instrument = files.instrument()
    client = secretariat.client()
    with translation.override("en"):
        membership = client.get(reverse("network:city-membership", args=["lyon"]))
        commitment = client.get(reverse("commitment:city-commitment", args=["lyon"]))
    for page, link in [
        (membership, files.url_of(step, "document")),
        (membership, files.url_of(visit, "profile_report")),
        (commitment, files.url_of(instrument, "document")),
    ]:
        assert f'href="{link}"' in page.content.decode()
        assert client.get(link).status_code == 200
    assert 'href="/media/' not in membership.content.decode() + commitment.content.decode()


def test_a_text_file_named_pdf_is_refused_as_a_membership_document(lyon, secretariat) -> None:
    with translation.override("en"):
        url = reverse("network:join-step-edit", args=["lyon", JoinStep.Kind.STATEMENT_OF_INTENT])
    response = secretariat.client().post(
        url,
        {
            "state": "done",
            "state_on": "2026-01-05",
            "document": SimpleUploadedFile("decision.pdf", b"Signed by the mayor, honest."),
        },
    )
    assert response.status_code == 200
    assert "This file is not a real PDF file" in response.content.decode()
    assert not JoinStep.objects.filter(city=lyon).exclude(document="").exists()
    assert not any(Path(settings.MEDIA_ROOT).rglob("*.pdf"))


def test_a_real_pdf_is_kept_as_a_membership_document(lyon, secretariat) -> None:
    with translation.override("en"):
        url = reverse("network:join-step-edit", args=["lyon", JoinStep.Kind.STATEMENT_OF_INTENT])
    response = secretariat.client().post(
        url,
        {
            "state": "done",
            "state_on": "2026-01-05",
            "document": SimpleUploadedFile("decision.pdf", files.PDF_BYTES),
        },
    )
    assert response.status_code == 302
    step = JoinStep.objects.get(city=lyon, kind=JoinStep.Kind.STATEMENT_OF_INTENT)
    assert step.document.read() == files.PDF_BYTES


def test_private_downloads_are_never_stored_on_the_way(
    lyon, lyon_coordinator, secretariat, visitor
) -> None:
    client = secretariat.client()
    with translation.override("en"):
        export = reverse("accounts:person-export", args=[lyon_coordinator.user.pk])
        dashboard = reverse("commitment:dashboard-csv")
        membership = reverse("network:city-membership", args=["lyon"])
        directory = reverse("network:city-list")
    for response in [
        client.get(export),
        client.get(dashboard),
        lyon_coordinator.client().get(membership, {"format": "pdf"}),
    ]:
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"]
        assert "private" in response["Cache-Control"]
    public_pdf = visitor.client().get(directory, {"format": "pdf"})
    assert public_pdf["Content-Type"] == "application/pdf"
    assert "no-store" not in public_pdf.get("Cache-Control", "")
