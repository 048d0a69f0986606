"""Every write to the events of the network, whatever the interface."""

from collections.abc import Mapping
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from icc.accounts.actors import Actor
from icc.core.activity import record_activity
from icc.core.actors import author
from icc.core.page_cache import invalidate_public_pages_on_commit
from icc.core.translations import write_texts
from icc.core.uploads import DOCUMENTS, check_upload
from icc.events import tasks
from icc.events.models import Event, EventDocument, EventSession, EventTranslation, Registration

RECORD_FIELDS = (
    "kind",
    "original_language",
    "starts_on",
    "ends_on",
    "city",
    "venue",
    "online_url",
    "host_city",
    "audience",
    "national_network",
    "is_demo",
)


def _set_texts(event: Event, texts: Mapping[str, Mapping[str, str]]) -> dict[str, tuple]:
    """Write the texts given per language (an empty title removes that language)."""
    changes = write_texts(event, EventTranslation, "event", texts)
    if not EventTranslation.objects.filter(event=event).exists():
        raise ValidationError(_("Give the event a title in at least one language."))
    return changes


def _check_record(record: Mapping[str, Any]) -> None:
    unknown = sorted(set(record) - set(RECORD_FIELDS))
    if unknown:
        raise ValidationError(_("Unknown fields: %(fields)s.") % {"fields": ", ".join(unknown)})


def _changed_publicly(event: Event) -> None:
    """Tell subscribed calendars and cached pages that a public event changed."""
    if event.is_public:
        event.sequence += 1
        event.save(update_fields=["sequence"])
        invalidate_public_pages_on_commit("events")


@transaction.atomic
def create_event(
    *, created_by: Actor | None, record: Mapping[str, Any], texts: Mapping[str, Mapping[str, str]]
) -> Event:
    """Add an event to the calendar as a draft, with its texts per language.

    Raises ``ValidationError`` (and saves nothing) when the record is invalid, for
    example when the last day comes before the first.
    """
    _check_record(record)
    event = Event(created_by=author(created_by), **record)
    event.full_clean()
    event.save()
    changes = {name: (None, value) for name, value in record.items() if value not in ("", None)}
    changes |= _set_texts(event, texts)
    record_activity(created_by, "event.created", event, changes=changes)
    return event


@transaction.atomic
def update_event(
    event: Event,
    *,
    changed_by: Actor | None,
    record: Mapping[str, Any] | None = None,
    texts: Mapping[str, Mapping[str, str]] | None = None,
) -> Event:
    """Change the event's record and texts, recording every old and new value.

    A cancelled event is final and cannot change. Raises ``ValidationError`` (and saves
    nothing) when the result is invalid.
    """
    _check_record(record or {})
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.is_cancelled:
        raise ValidationError(_("A cancelled event cannot be changed."))
    changes: dict[str, tuple] = {}
    for name, value in (record or {}).items():
        old = getattr(event, name)
        if old != value:
            changes[name] = (old, value)
            setattr(event, name, value)
    event.full_clean()
    event.save()
    if texts is not None:
        changes |= _set_texts(event, texts)
    if changes:
        record_activity(changed_by, "event.updated", event, changes=changes)
        _changed_publicly(event)
    return event


@transaction.atomic
def publish_event(event: Event, *, published_by: Actor | None) -> Event:
    """Publish a draft: visitors see it, the calendar feed and the briefing packs list it."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.status != Event.Status.DRAFT:
        raise ValidationError(_("Only a draft can be published."))
    event.status = Event.Status.PUBLISHED
    event.published_at = timezone.now()
    event.save(update_fields=["status", "published_at", "updated_at"])
    record_activity(
        published_by, "event.published", event, changes={"status": ("draft", "published")}
    )
    invalidate_public_pages_on_commit("events")
    return event


@transaction.atomic
def cancel_event(event: Event, *, cancelled_by: Actor | None) -> Event:
    """Cancel the event for good; a published one stays visible, marked as cancelled."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.is_cancelled:
        raise ValidationError(_("The event is already cancelled."))
    old = event.status
    event.status = Event.Status.CANCELLED
    event.cancelled_at = timezone.now()
    event.save(update_fields=["status", "cancelled_at", "updated_at"])
    record_activity(cancelled_by, "event.cancelled", event, changes={"status": (old, "cancelled")})
    _changed_publicly(event)
    return event


# Registrations, the agenda, documents and attendance ----------------------------------------


def _locked_event(event: Event) -> Event:
    """Return the event with its row locked: registrations for one event wait for each other.

    On SQLite the transaction already holds the database's write lock (IMMEDIATE).
    """
    return Event.objects.select_for_update().get(pk=event.pk)


@transaction.atomic
def register(event: Event, *, person: Actor) -> Registration:
    """Give the person a place at the event, or a place on its waiting list when it is full.

    Registrations for one event are taken one at a time, so of many requests for the
    last places exactly as many as there are places get one. Raises ``ValidationError``
    when the event takes no registrations, is cancelled or over, or the person is
    already registered.
    """
    user = author(person)
    if user is None:
        raise ValidationError(_("Sign in to register."))
    event = _locked_event(event)
    if not event.takes_registrations or not event.is_public or event.is_cancelled:
        raise ValidationError(_("This event takes no registrations."))
    if event.ends_on < timezone.localdate():
        raise ValidationError(_("This event is over."))
    live = Registration.objects.filter(event=event).exclude(status=Registration.Status.CANCELLED)
    if live.filter(person=user).exists():
        raise ValidationError(_("You are already registered for this event."))
    taken = live.filter(status=Registration.Status.CONFIRMED).count()
    has_place = event.capacity is None or taken < event.capacity
    now = timezone.now()
    try:
        with transaction.atomic():
            registration = Registration.objects.create(
                event=event,
                person=user,
                status=Registration.Status.CONFIRMED if has_place else Registration.Status.WAITING,
                registered_at=now,
                confirmed_at=now if has_place else None,
            )
    except IntegrityError as error:
        raise ValidationError(_("You are already registered for this event.")) from error
    record_activity(
        person, "event.registered", event, changes={"registration": (None, registration.status)}
    )
    # Visitors see how many places are left.
    invalidate_public_pages_on_commit("events")
    return registration


@transaction.atomic
def cancel_registration(
    registration: Registration, *, cancelled_by: Actor | None
) -> Registration | None:
    """Cancel a registration; a freed place goes to the first person waiting, told by mail.

    Returns the registration that got the place, if any.
    """
    event = _locked_event(registration.event)
    registration = Registration.objects.get(pk=registration.pk)
    if registration.status == Registration.Status.CANCELLED:
        raise ValidationError(_("This registration is already cancelled."))
    if event.starts_on <= timezone.localdate() and registration.attended_at is not None:
        raise ValidationError(_("An attendance is recorded: the registration stays."))
    freed = registration.status == Registration.Status.CONFIRMED
    old = registration.status
    registration.status = Registration.Status.CANCELLED
    registration.cancelled_at = timezone.now()
    registration.save(update_fields=["status", "cancelled_at"])
    record_activity(
        cancelled_by,
        "event.registration_cancelled",
        event,
        changes={"registration": (old, "cancelled")},
    )
    invalidate_public_pages_on_commit("events")
    if freed:
        return _give_freed_places(event)
    return None


def _give_freed_places(event: Event) -> Registration | None:
    """Give places left free to the people waiting longest; return the last one promoted."""
    live = Registration.objects.filter(event=event)
    promoted = None
    while True:
        taken = live.filter(status=Registration.Status.CONFIRMED).count()
        if event.capacity is not None and taken >= event.capacity:
            return promoted
        waiting = (
            live.filter(status=Registration.Status.WAITING).order_by("registered_at", "id").first()
        )
        if waiting is None:
            return promoted
        waiting.status = Registration.Status.CONFIRMED
        waiting.confirmed_at = timezone.now()
        waiting.save(update_fields=["status", "confirmed_at"])
        record_activity(
            None, "event.place_given", event, changes={"registration": ("waiting", "confirmed")}
        )
        transaction.on_commit(partial(tasks.send_place_given.enqueue, registration_id=waiting.pk))
        promoted = waiting


@transaction.atomic
def change_registration_settings(
    event: Event,
    *,
    changed_by: Actor | None,
    takes_registrations: bool,
    capacity: int | None,
    attendance_code: str,
) -> Event:
    """Open or close registrations, set the places and the attendance code.

    More places give waiting people a place at once; fewer never take one away.
    """
    event = _locked_event(event)
    if event.is_cancelled:
        raise ValidationError(_("A cancelled event cannot be changed."))
    taken = event.registrations.filter(status=Registration.Status.CONFIRMED).count()
    if capacity is not None and capacity < taken:
        raise ValidationError(
            {"capacity": _("%(count)s people already hold a place.") % {"count": taken}}
        )
    changes = {}
    for name, value in (
        ("takes_registrations", takes_registrations),
        ("capacity", capacity),
        ("attendance_code", attendance_code.strip()),
    ):
        if getattr(event, name) != value:
            changes[name] = (getattr(event, name), value)
            setattr(event, name, value)
    event.save(update_fields=["takes_registrations", "capacity", "attendance_code", "updated_at"])
    if changes:
        record_activity(changed_by, "event.updated", event, changes=changes)
    _give_freed_places(event)
    invalidate_public_pages_on_commit("events")
    return event


@transaction.atomic
def record_attendance_by_code(event: Event, *, person: Actor, code: str) -> Registration:
    """Record the person as present, on the event's days, with the code given out there."""
    event = _locked_event(event)
    today = timezone.localdate()
    if not (event.starts_on <= today <= event.ends_on):
        raise ValidationError(_("Attendance is recorded on the days of the event."))
    if not event.attendance_code or code.strip().upper() != event.attendance_code.upper():
        raise ValidationError({"code": _("This is not the event's attendance code.")})
    user = author(person)
    registration = Registration.objects.filter(
        event=event, person=user, status=Registration.Status.CONFIRMED
    ).first()
    if registration is None:
        raise ValidationError(_("Only people with a place at the event record their attendance."))
    if registration.attended_at is None:
        registration.attended_at = timezone.now()
        registration.save(update_fields=["attended_at"])
        record_activity(person, "event.attended", event, changes={"attended": (None, "code")})
    return registration


@transaction.atomic
def mark_attendance(
    registration: Registration, *, present: bool, marked_by: Actor | None
) -> Registration:
    """Record, as the organiser, whether a registered person attended."""
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status != Registration.Status.CONFIRMED:
        raise ValidationError(_("Only people with a place at the event attend it."))
    old = registration.attended_at
    registration.attended_at = (old or timezone.now()) if present else None
    registration.save(update_fields=["attended_at"])
    record_activity(
        marked_by,
        "event.attendance_marked",
        registration.event,
        changes={"attended": (old is not None, present)},
    )
    return registration


@transaction.atomic
def add_session(event: Event, *, added_by: Actor | None, record: Mapping[str, Any]) -> EventSession:
    """Add a session to the event's agenda; it must fall within the event's days."""
    session = EventSession(event=event, **record)
    if session.starts_at and session.ends_at and session.ends_at <= session.starts_at:
        raise ValidationError({"ends_at": _("A session ends after it starts.")})
    first = timezone.localtime(session.starts_at).date()
    if not (event.starts_on <= first <= event.ends_on):
        raise ValidationError({"starts_at": _("A session takes place on the days of the event.")})
    session.full_clean()
    session.save()
    record_activity(
        added_by, "event.session_added", event, changes={"session": (None, session.title_en)}
    )
    _changed_publicly(event)
    return session


@transaction.atomic
def remove_session(session: EventSession, *, removed_by: Actor | None) -> None:
    """Take a session off the agenda."""
    event = session.event
    session.delete()
    record_activity(
        removed_by, "event.session_removed", event, changes={"session": (session.title_en, None)}
    )
    _changed_publicly(event)


@transaction.atomic
def add_document(event: Event, *, added_by: Actor | None, title: str, upload: Any) -> EventDocument:
    """Attach a document to the event, checked by its content."""
    checked = check_upload(upload, types=DOCUMENTS)
    if not title.strip():
        raise ValidationError({"title": _("Give the document a title.")})
    document = EventDocument(event=event, title=title.strip(), content_type=checked.content_type)
    document.file.save(upload.name, upload, save=False)
    document.save()
    record_activity(
        added_by, "event.document_added", event, changes={"document": (None, document.title)}
    )
    invalidate_public_pages_on_commit("events")
    return document
