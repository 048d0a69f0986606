"""Background work of the Index app, run by the task worker."""

import zipfile
from io import BytesIO
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.files.base import ContentFile
from django.tasks import task
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone, translation

from icc.index import reports
from icc.index.models import ReportBatch


@task()
def build_network_reports(*, batch_id: int) -> int:
    """Build the PDF report of every city of the batch's round into one ZIP archive.

    Each report is the city's public report page rendered as a visitor's PDF request
    would render it; ``done`` grows after each one so the page can show progress.
    Returns how many reports were built.
    """
    from icc.index.views import city_report

    batch = ReportBatch.objects.select_related("round").get(pk=batch_id)
    entries = sorted(reports.sample_for(batch.round).entries, key=lambda entry: entry.name)
    ReportBatch.objects.filter(pk=batch_id).update(total=len(entries), done=0)
    archive = BytesIO()
    # The site's own address: outside tests, a request to "testserver" is refused.
    site = urlsplit(settings.SITE_URL)
    factory = RequestFactory(HTTP_HOST=site.netloc)
    with (
        zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as bundle,
        translation.override(batch.language),
    ):
        for count, entry in enumerate(entries, start=1):
            path = reverse("index:city-report", args=[entry.slug])
            request = factory.get(
                path,
                {"round": str(batch.round_id), "format": "pdf"},
                secure=site.scheme == "https",
            )
            request.user = AnonymousUser()
            request.LANGUAGE_CODE = batch.language
            response = city_report(request, slug=entry.slug)
            bundle.writestr(f"{entry.slug}-{batch.language}.pdf", response.content)
            ReportBatch.objects.filter(pk=batch_id).update(done=count)
    batch.archive.save(
        f"index-{batch.round_id}-{batch.language}-{batch.pk}.zip",
        ContentFile(archive.getvalue()),
        save=False,
    )
    ReportBatch.objects.filter(pk=batch_id).update(
        archive=batch.archive.name, finished_at=timezone.now()
    )
    return len(entries)
