"""Background work of the Index app, run by the task worker."""

import zipfile
from io import BytesIO
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.files.base import ContentFile
from django.dispatch import receiver
from django.tasks import TaskResult, TaskResultStatus, task
from django.tasks.signals import task_finished
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone, translation

from icc.index import reports
from icc.index.models import ReportBatch


@task()
def build_network_reports(*, batch_id: int) -> int:
    """Build the PDF report of every city of the batch's round into one ZIP archive.

    Each report is the city's public report page rendered as a visitor's PDF request
    would render it, kept as a file as soon as it is built; ``done`` grows after each one
    so the page can show progress. Resumable: run again after a crash (a retry), it keeps
    the reports already built and builds the rest. Returns how many reports were built.
    """
    from icc.index.views import city_report

    batch = ReportBatch.objects.select_related("round").get(pk=batch_id)
    entries = sorted(reports.sample_for(batch.round).entries, key=lambda entry: entry.name)
    storage = batch.archive.storage
    folder = f"index/reports/{batch.round_id}/batch-{batch.pk}"
    names = [f"{entry.slug}-{batch.language}.pdf" for entry in entries]
    # A run cut short keeps the reports it counted; a changed sample starts again.
    kept = batch.done if batch.total == len(entries) else 0
    ReportBatch.objects.filter(pk=batch_id).update(total=len(entries), done=kept, error="")
    # The site's own address: outside tests, a request to "testserver" is refused.
    site = urlsplit(settings.SITE_URL)
    factory = RequestFactory(HTTP_HOST=site.netloc)
    with translation.override(batch.language):
        for count, (entry, name) in enumerate(zip(entries, names, strict=True), start=1):
            path = f"{folder}/{name}"
            if count <= kept and storage.exists(path):
                continue
            url = reverse("index:city-report", args=[entry.slug])
            request = factory.get(
                url, {"round": str(batch.round_id), "format": "pdf"}, secure=site.scheme == "https"
            )
            request.user = AnonymousUser()
            request.LANGUAGE_CODE = batch.language
            response = city_report(request, slug=entry.slug)
            # A file left by a run that stopped before counting it is built again.
            storage.delete(path)
            storage.save(path, ContentFile(response.content))
            ReportBatch.objects.filter(pk=batch_id).update(done=count)
    archive = BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as bundle:
        for name in names:
            with storage.open(f"{folder}/{name}") as report:
                bundle.writestr(name, report.read())
    batch.archive.save(
        f"index-{batch.round_id}-{batch.language}-{batch.pk}.zip",
        ContentFile(archive.getvalue()),
        save=False,
    )
    ReportBatch.objects.filter(pk=batch_id).update(
        archive=batch.archive.name, finished_at=timezone.now()
    )
    for name in names:
        storage.delete(f"{folder}/{name}")
    return len(entries)


@receiver(task_finished, dispatch_uid="icc.index.tasks.note_stopped_report_batch")
def note_stopped_report_batch(sender: Any, task_result: TaskResult, **kwargs: Any) -> None:
    """Mark a batch whose build failed or was abandoned, so its page stops saying "building".

    The retries of ``network.background`` run it again; the next run clears the mark.
    """
    if (
        task_result.task.module_path != build_network_reports.module_path
        or task_result.status != TaskResultStatus.FAILED
    ):
        return
    errors = task_result.errors
    error = errors[-1].traceback.strip().splitlines()[-1] if errors else "failed"
    ReportBatch.objects.filter(pk=task_result.kwargs["batch_id"], finished_at__isnull=True).update(
        error=error[:2000] or "failed"
    )
