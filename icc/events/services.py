"""Every write to the events of the network, whatever the interface."""

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from icc.core.activity import record_activity
from icc.core.page_cache import invalidate_public_pages_on_commit
from icc.core.translations import write_texts
from icc.events.models import Event, EventTranslation

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
    *, created_by: Any, record: Mapping[str, Any], texts: Mapping[str, Mapping[str, str]]
) -> Event:
    """Add an event to the calendar as a draft, with its texts per language.

    Raises ``ValidationError`` (and saves nothing) when the record is invalid, for
    example when the last day comes before the first.
    """
    _check_record(record)
    event = Event(created_by=created_by if getattr(created_by, "pk", None) else None, **record)
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
    changed_by: Any,
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
def publish_event(event: Event, *, published_by: Any) -> Event:
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
def cancel_event(event: Event, *, cancelled_by: Any) -> Event:
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
