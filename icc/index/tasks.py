"""Background work of the Index app, run by the task worker."""

import zipfile
from io import BytesIO
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.files.base import ContentFile
from django.dispatch import receiver
from django.http import Http404
from django.tasks import TaskResult, TaskResultStatus, task
from django.tasks.signals import task_finished
from django.utils import timezone, translation

from icc.index.models import ReportBatch, ReportFile, Round, RoundSummary
from icc.index.results import reports
from icc.network.models import City
from icc.network.permissions import get_city_for_view


@task()
def build_network_reports(*, batch_id: int) -> int:
    """Build the PDF report of every city of the batch's round into one ZIP archive.

    Each report is the PDF a visitor gets from the city's report page
    (``reports.render_report_pdf``), kept as a file as soon as it is built; ``done`` grows
    after each one so the page can show progress. Resumable: run again after a crash (a
    retry), it keeps the reports already built and builds the rest. Returns how many
    reports were built.
    """
    batch = ReportBatch.objects.select_related("round__edition").get(pk=batch_id)
    entries = sorted(reports.sample_for(batch.round).entries, key=lambda entry: entry.name)
    storage = batch.archive.storage
    folder = f"index/reports/{batch.round_id}/batch-{batch.pk}"
    names = [f"{entry.slug}-{batch.language}.pdf" for entry in entries]
    # A run cut short keeps the reports it counted; a changed sample starts again.
    kept = batch.done if batch.total == len(entries) else 0
    ReportBatch.objects.filter(pk=batch_id).update(total=len(entries), done=kept, error="")
    visitor = AnonymousUser()
    with translation.override(batch.language):
        for count, (entry, name) in enumerate(zip(entries, names, strict=True), start=1):
            path = f"{folder}/{name}"
            if count <= kept and storage.exists(path):
                continue
            # Only what a visitor may read: a city that left is hidden (404 fails the batch).
            city = get_city_for_view(visitor, entry.slug)
            report = reports.build_city_report(city, batch.round)
            if report is None:
                raise Http404(entry.slug)
            content = stored_report(batch.round_id, city.pk, batch.language) or (
                reports.render_report_pdf(report)
            )
            # A file left by a run that stopped before counting it is built again.
            storage.delete(path)
            storage.save(path, ContentFile(content))
            ReportBatch.objects.filter(pk=batch_id).update(done=count)
    archive = BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as bundle:
        for name in names:
            with storage.open(f"{folder}/{name}") as pdf:
                bundle.writestr(name, pdf.read())
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

    The retries of ``core.background`` run it again; the next run clears the mark.
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


def stored_report(round_id: int, city_id: int, language: str) -> bytes | None:
    """Return the published report's PDF kept for the round's latest results, if rendered."""
    stored = ReportFile.objects.filter(
        round_id=round_id,
        city_id=city_id,
        language=language,
        version__in=RoundSummary.objects.filter(round_id=round_id).values("version"),
    ).first()
    if stored is None:
        return None
    with stored.file.open("rb") as pdf:
        return pdf.read()


def render_report_file(index_round: Round, city: City, language: str, version: int) -> ReportFile:
    """Render the city's published report in ``language`` and keep it as its file."""
    kept = ReportFile.objects.filter(round=index_round, city=city, language=language).first()
    with translation.override(language):
        report = reports.build_city_report(city, index_round)
        if report is None:
            raise Http404(city.slug)
        content = ContentFile(reports.render_report_pdf(report))
    if kept is not None:
        kept.file.delete(save=False)
    else:
        kept = ReportFile(round=index_round, city=city, language=language)
    kept.version = version
    kept.rendered_at = timezone.now()
    kept.file.save(f"{city.slug}-{language}-{version}.pdf", content, save=False)
    kept.save()
    return kept


@task()
def render_published_reports(*, round_id: int) -> int:
    """Render the published report of every city of the round, once per language, as files.

    Queued after each publication that changes the round's results. Reports already
    rendered from the latest results are kept; the run stops when newer results are
    stored meanwhile (their own task renders them). Returns how many were rendered.
    """
    summary = RoundSummary.objects.select_related("round__edition").filter(round_id=round_id)
    found = summary.defer("profiles").first()
    if found is None:
        return 0
    index_round, version = found.round, found.version
    rendered = 0
    visitor = AnonymousUser()
    slugs = list(
        index_round.published_results.order_by("rank", "city_id").values_list(
            "city__slug", flat=True
        )
    )
    fresh = set(
        ReportFile.objects.filter(round=index_round, version=version).values_list(
            "city__slug", "language"
        )
    )
    for language, _name in settings.LANGUAGES:
        for slug in slugs:
            if (slug, language) in fresh:
                continue
            if summary.values_list("version", flat=True).first() != version:
                return rendered
            try:
                # Only what a visitor may read: a city that left has no public report.
                city = get_city_for_view(visitor, slug)
            except Http404:
                continue
            render_report_file(index_round, city, language, version)
            rendered += 1
    return rendered
