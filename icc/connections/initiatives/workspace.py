"""Every write of an initiative's workspace: plan, tasks, messages, documents, outputs.

Split from ``services.py`` by concept; the same rules apply (issue 17, decision 0044).
"""

from datetime import date, time
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from icc.accounts.actors import Actor
from icc.connections.initiatives import notifications
from icc.connections.initiatives.models import (
    Document,
    DocumentVersion,
    Initiative,
    Meeting,
    Message,
    Output,
    Task,
    WorkPackage,
)
from icc.connections.initiatives.services import refuse
from icc.core import actors
from icc.core.activity import record_activity
from icc.core.uploads import DOCUMENTS, MAX_UPLOAD_BYTES, check_upload
from icc.core.versions import VersionConflict, advance_version
from icc.events.selectors import events_by_ids
from icc.network.models import City
from icc.practices import services as practice_services


def _check_open(initiative: Initiative) -> None:
    if initiative.status == Initiative.Status.FINISHED:
        raise refuse(_("This initiative is finished: its workspace reads only."))


@transaction.atomic
def add_work_package(initiative: Initiative, *, title: str, by: Actor | None) -> WorkPackage:
    """Add a work package to the initiative's plan."""
    _check_open(initiative)
    package = WorkPackage(initiative=initiative, title=title)
    package.full_clean()
    package.save()
    record_activity(by, "initiative.package_added", initiative, changes={"title": (None, title)})
    return package


@transaction.atomic
def add_task(
    package: WorkPackage,
    *,
    title: str,
    owner: City | None,
    due_on: date | None,
    by: Actor | None,
) -> Task:
    """Add a task to a work package; its owner must be one of the initiative's cities."""
    initiative = package.initiative
    _check_open(initiative)
    if owner is not None and not initiative.members.filter(city=owner).exists():
        raise refuse(_("The owner must be one of the initiative's cities."), "owner")
    task = Task(work_package=package, title=title, owner=owner, due_on=due_on)
    task.full_clean()
    task.save()
    record_activity(by, "initiative.task_added", initiative, changes={"title": (None, title)})
    return task


@transaction.atomic
def finish_task(task: Task, *, by: Actor | None) -> Task:
    """Mark a task done (once)."""
    _check_open(task.work_package.initiative)
    if task.done_at is not None:
        raise refuse(_("This task is already done."))
    task.done_at = timezone.now()
    task.save(update_fields=["done_at"])
    record_activity(
        by,
        "initiative.task_done",
        task.work_package.initiative,
        changes={"title": (None, task.title)},
    )
    return task


@transaction.atomic
def finish_tasks(initiative: Initiative, *, task_ids: list[int], by: Actor | None) -> list[Task]:
    """Mark several tasks of the initiative done at once; all or none.

    A task of another initiative, or one already done, refuses the whole batch.
    """
    _check_open(initiative)
    tasks = list(
        Task.objects.select_for_update()
        .filter(pk__in=set(task_ids), work_package__initiative=initiative)
        .order_by("id")
    )
    if len(tasks) != len(set(task_ids)):
        raise refuse(_("Some of these tasks are not of this initiative."))
    already = [task.title for task in tasks if task.done_at is not None]
    if already:
        raise refuse(_("Already done: %(titles)s.") % {"titles": ", ".join(already)})
    now = timezone.now()
    Task.objects.filter(pk__in=[task.pk for task in tasks]).update(done_at=now)
    for task in tasks:
        task.done_at = now
        record_activity(
            by, "initiative.task_done", initiative, changes={"title": (None, task.title)}
        )
    return tasks


@transaction.atomic
def post_message(
    package: WorkPackage, *, text: str, city: City | None, by: Actor | None
) -> Message:
    """Write in a work package's thread."""
    _check_open(package.initiative)
    if not text.strip():
        raise refuse(_("Write a message."), "text")
    message = Message(work_package=package, text=text, city=city, author=actors.author(by))
    message.full_clean()
    message.save()
    record_activity(
        by, "initiative.message", package.initiative, changes={"package": (None, package.title)}
    )
    return message


@transaction.atomic
def upload_document(
    initiative: Initiative,
    *,
    upload: UploadedFile,
    by: Actor | None,
    title: str = "",
    document: Document | None = None,
    max_bytes: int = MAX_UPLOAD_BYTES,
) -> DocumentVersion:
    """Share a new document, or a new version of ``document``; the file is checked by content.

    An oversized file or one whose content does not match its name is refused, and
    nothing is saved.
    """
    _check_open(initiative)
    try:
        found = check_upload(upload, types=DOCUMENTS, max_bytes=max_bytes)
    except Exception as error:
        raise refuse(" ".join(getattr(error, "messages", [str(error)])), "file") from error
    if document is None:
        if not title.strip():
            raise refuse(_("Give the document a title."), "title")
        document = Document.objects.create(initiative=initiative, title=title.strip())
    elif document.initiative_id != initiative.pk:
        raise refuse(_("This document belongs to another initiative."))
    number = (document.versions.aggregate(top=Max("number"))["top"] or 0) + 1
    version = DocumentVersion(
        document=document,
        number=number,
        content_type=found.content_type,
        size=upload.size or 0,
        uploaded_by=actors.author(by),
    )
    version.file.save(upload.name or "document", upload, save=False)
    version.save()
    record_activity(
        by,
        "initiative.document",
        initiative,
        changes={"document": (None, f"{document.title} v{number}")},
    )
    return version


@transaction.atomic
def add_output(
    initiative: Initiative,
    *,
    kind: str,
    title: str,
    summary: str,
    by: Actor | None,
    title_fr: str = "",
    summary_fr: str = "",
) -> Output:
    """Record a result of the initiative: a report, a toolkit, a campaign (EN, and FR).

    The French texts may come later, but the public page waits for them
    (``services.missing_texts``).
    """
    if initiative.status == Initiative.Status.CALL:
        raise refuse(_("Outputs come once the work has started."))
    output = Output(
        initiative=initiative,
        kind=kind,
        title=title,
        summary=summary,
        title_fr=title_fr,
        summary_fr=summary_fr,
    )
    output.full_clean()
    output.save()
    record_activity(by, "initiative.output", initiative, changes={"output": (None, title)})
    return output


@transaction.atomic
def draft_practice_from_output(
    output: Output, *, city: City, drafted_by: Actor | None, title: str, summary: str, language: str
) -> Any:
    """Turn an output into a draft good practice of partner ``city``.

    The same boundary as mentoring's outcomes (decision 0043): the draft goes through the
    practices' own service, then their normal moderation (submitted by the city, published
    by the secretariat).
    """
    initiative = output.initiative
    if not initiative.members.filter(city=city).exclude(role="observer").exists():
        raise refuse(_("This city is not a partner of the initiative."))
    practice = practice_services.create_practice(
        created_by=drafted_by,
        record={
            "city": city,
            "original_language": language,
            "started_year": initiative.created_at.year,
        },
        texts={language: {"title": title, "summary": summary}},
        areas=list(initiative.areas),
    )
    record_activity(
        drafted_by,
        "initiative.practice_drafted",
        initiative,
        changes={"city": (None, city.name), "practice": (None, title)},
    )
    return practice


MEETING_FIELDS = ("title", "title_fr", "meets_on", "at", "until", "place", "event_id")


def _meeting_values(
    *,
    title: str,
    title_fr: str,
    meets_on: date | None,
    at: time | None,
    until: time | None,
    place: str,
    event_id: int | None,
) -> dict[str, Any]:
    """Check a meeting's fields and return them as stored; a refusal names its field.

    With ``event_id`` the event must be a published one (read through
    ``icc.events.selectors``, decision 0061); the meeting then falls within its days and
    takes its title (in each language) when none is given.
    """
    if event_id is not None:
        event = events_by_ids([event_id]).get(event_id)
        if event is None or event.status != "published":
            raise refuse(_("Choose a published event of the network."), "event")
        meets_on = meets_on or event.starts_on
        if not (event.starts_on <= meets_on <= event.ends_on):
            raise refuse(
                _("A meeting held at an event falls within its days (%(start)s to %(end)s).")
                % {"start": event.starts_on, "end": event.ends_on},
                "meets_on",
            )
        if not title.strip():
            english, french = event.text("en"), event.text("fr")
            title = english.title if english else str(event)
            title_fr = title_fr.strip() or (french.title if french else "")
    if meets_on is None:
        raise refuse(_("Give the meeting's date."), "meets_on")
    if not title.strip():
        raise refuse(_("Give the meeting a title."), "title")
    if until is not None and at is None:
        raise refuse(_("Give the start time too."), "at")
    if until is not None and at is not None and until <= at:
        raise refuse(_("The meeting ends after it starts."), "until")
    return {
        "title": title.strip(),
        "title_fr": title_fr.strip(),
        "meets_on": meets_on,
        "at": at,
        "until": until,
        "place": place.strip(),
        "event_id": event_id,
    }


@transaction.atomic
def add_meeting(
    initiative: Initiative,
    *,
    title: str,
    meets_on: date | None,
    by: Actor | None,
    at: time | None = None,
    until: time | None = None,
    place: str = "",
    event_id: int | None = None,
    title_fr: str = "",
) -> Meeting:
    """Plan a meeting of the partners, on its own or as part of an event of the network.

    Every city's people are told, each in their language.
    """
    _check_open(initiative)
    values = _meeting_values(
        title=title,
        title_fr=title_fr,
        meets_on=meets_on,
        at=at,
        until=until,
        place=place,
        event_id=event_id,
    )
    meeting = Meeting(initiative=initiative, created_by=actors.author(by), **values)
    meeting.full_clean()
    meeting.save()
    record_activity(
        by,
        "initiative.meeting",
        initiative,
        changes={"meeting": (None, meeting.title), "date": (None, meeting.meets_on)},
    )
    notifications.meeting_planned(meeting, by=by)
    return meeting


def _refuse_stale_meeting(meeting: Meeting, version: int | None, mine: dict[str, Any]) -> None:
    if not advance_version(Meeting, meeting.pk, expected=version):
        stored = Meeting.objects.get(pk=meeting.pk)
        theirs = {name: getattr(stored, name) for name in mine}
        raise VersionConflict(mine=mine, theirs=theirs, version=stored.version)


@transaction.atomic
def edit_meeting(
    meeting: Meeting,
    *,
    by: Actor | None,
    version: int | None,
    title: str,
    meets_on: date | None,
    title_fr: str = "",
    at: time | None = None,
    until: time | None = None,
    place: str = "",
    event_id: int | None = None,
) -> Meeting:
    """Change a meeting, from the ``version`` the form started at; every city is told.

    A cancelled meeting stays cancelled; a stale copy raises ``VersionConflict``.
    """
    meeting = Meeting.objects.select_for_update().select_related("initiative").get(pk=meeting.pk)
    _check_open(meeting.initiative)
    if meeting.is_cancelled:
        raise refuse(_("This meeting is cancelled."))
    values = _meeting_values(
        title=title,
        title_fr=title_fr,
        meets_on=meets_on,
        at=at,
        until=until,
        place=place,
        event_id=event_id,
    )
    _refuse_stale_meeting(meeting, version, values)
    stored = Meeting.objects.select_related("initiative").get(pk=meeting.pk)
    changes = {
        name: (getattr(stored, name), value)
        for name, value in values.items()
        if getattr(stored, name) != value
    }
    for name, value in values.items():
        setattr(stored, name, value)
    stored.full_clean()
    stored.save(update_fields=[*MEETING_FIELDS, "changed_at"])
    if changes:
        record_activity(by, "initiative.meeting_changed", stored.initiative, changes=changes)
        notifications.meeting_changed(stored, by=by)
    return stored


@transaction.atomic
def cancel_meeting(meeting: Meeting, *, by: Actor | None, version: int | None) -> Meeting:
    """Cancel a meeting (it stays listed, and calendars mark it cancelled); every city is told."""
    meeting = Meeting.objects.select_for_update().select_related("initiative").get(pk=meeting.pk)
    _check_open(meeting.initiative)
    if meeting.is_cancelled:
        raise refuse(_("This meeting is already cancelled."))
    _refuse_stale_meeting(meeting, version, {"cancelled_at": timezone.now()})
    Meeting.objects.filter(pk=meeting.pk).update(
        cancelled_at=timezone.now(), changed_at=timezone.now()
    )
    stored = Meeting.objects.select_related("initiative").get(pk=meeting.pk)
    record_activity(
        by,
        "initiative.meeting_cancelled",
        stored.initiative,
        changes={"meeting": (stored.title, None), "date": (stored.meets_on, None)},
    )
    notifications.meeting_cancelled(stored, by=by)
    return stored


@transaction.atomic
def edit_output(
    output: Output,
    *,
    by: Actor | None,
    kind: str,
    title: str,
    summary: str,
    title_fr: str = "",
    summary_fr: str = "",
    version: int | None = None,
) -> Output:
    """Change an output's texts (in English and French), also once the work is finished.

    The lead adds the French texts the public page needs after the work is done. The
    form's ``version`` is checked (``core.versions``): a save on a stale copy raises
    ``VersionConflict`` with both versions.
    """
    after = {
        "kind": kind,
        "title": title,
        "summary": summary,
        "title_fr": title_fr,
        "summary_fr": summary_fr,
    }
    if not advance_version(Output, output.pk, expected=version):
        stored = Output.objects.get(pk=output.pk)
        raise VersionConflict(
            mine=after,
            theirs={name: getattr(stored, name) for name in after},
            version=stored.version,
        )
    output = Output.objects.get(pk=output.pk)
    changes = {k: (getattr(output, k), v) for k, v in after.items() if getattr(output, k) != v}
    for name, value in after.items():
        setattr(output, name, value)
    output.full_clean()
    output.save(update_fields=list(after))
    if changes:
        record_activity(by, "initiative.output_edited", output.initiative, changes=changes)
    return output
