"""The events' public dataset: the network's published calendar."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from icc.core.opendata import Dataset, Field
from icc.core.site import absolute_url
from icc.events.models import Event

FIELDS = (
    Field("id", "integer", _("Identifier")),
    Field("title_en", "string", _("Title in English")),
    Field("title_fr", "string", _("Title in French")),
    Field("kind", "string", _("Kind")),
    Field("status", "string", _("Status"), _("published or cancelled")),
    Field("starts_on", "date", _("First day")),
    Field("ends_on", "date", _("Last day")),
    Field("city", "string", _("City"), _("The city's identifier, if it takes place in one")),
    Field("venue", "string", _("Venue")),
    Field("online_url", "string", _("Online address")),
    Field("url", "string", _("Address"), _("The event's page on the platform")),
)


def _rows() -> list[dict[str, Any]]:
    rows = []
    events = (
        Event.objects.public().select_related("city").prefetch_related("translations")
    ).order_by("starts_on", "pk")
    for event in events:
        texts = {text.language: text for text in event.translations.all()}
        rows.append(
            {
                "id": event.pk,
                "title_en": texts["en"].title if "en" in texts else "",
                "title_fr": texts["fr"].title if "fr" in texts else "",
                "kind": event.kind,
                "status": event.status,
                "starts_on": event.starts_on,
                "ends_on": event.ends_on,
                "city": event.city.slug if event.city else None,
                "venue": event.venue,
                "online_url": event.online_url,
                "url": absolute_url(event.get_absolute_url()),
            }
        )
    return rows


def datasets() -> list[Dataset]:
    """Return the events' public dataset."""
    return [
        Dataset(
            name="events",
            title=_("Events"),
            description=_("The network's published events, and those cancelled after publication."),
            fields=FIELDS,
            rows=_rows,
            scopes=("events",),
        )
    ]
