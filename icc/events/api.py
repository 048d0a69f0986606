"""API endpoints of the network's calendar: the published events, with filters."""

from datetime import date, datetime
from typing import Any, Literal

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone, translation
from ninja import Field, FilterSchema, Query, Router, Schema
from ninja.decorators import decorate_view
from ninja.pagination import paginate

from icc.core.api_errors import ErrorResponse
from icc.core.api_schema import BoundedLimitOffsetPagination, Id
from icc.core.page_cache import cache_public_page
from icc.events import selectors
from icc.events.models import Event, EventTranslation

router = Router()

# Inline enums: the model's nested choices are all named "Kind" or "Status", and named
# schemas would overwrite those of other apps in the OpenAPI document. A test keeps
# them equal to the model's choices.
EventKind = Literal["meeting", "academy", "webinar", "study_visit", "policy_lab"]
EventStatus = Literal["draft", "published", "cancelled"]
EventAudience = Literal["network", "national_network"]


class EventTextOut(Schema):
    language: str
    title: str
    description: str = Field(..., description="Markdown")


class EventOut(Schema):
    id: int
    kind: EventKind
    status: EventStatus
    starts_on: date
    ends_on: date = Field(..., description="The last day, included")
    city: str | None = Field(None, description="Slug of the city where it takes place")
    venue: str
    online_url: str
    host_city: str | None = Field(None, description="Slug of the host city")
    audience: EventAudience
    national_network: str | None = Field(
        None, description="Slug of the national network the event is for"
    )
    original_language: str
    texts: list[EventTextOut]
    url: str = Field(..., description="Path of the event's page, in English")
    is_demo: bool = Field(..., description="True when the event was invented for a demo")
    published_at: datetime | None

    @staticmethod
    def resolve_city(event: Event) -> str | None:
        return event.city.slug if event.city else None

    @staticmethod
    def resolve_host_city(event: Event) -> str | None:
        return event.host_city.slug if event.host_city else None

    @staticmethod
    def resolve_national_network(event: Event) -> str | None:
        return event.national_network.slug if event.national_network else None

    @staticmethod
    def resolve_texts(event: Event) -> list[EventTranslation]:
        return sorted(event.translations.all(), key=lambda text: text.language)

    @staticmethod
    def resolve_url(event: Event) -> str:
        with translation.override("en"):
            return event.get_absolute_url()


class EventFilters(FilterSchema):
    kind: EventKind | None = None
    audience: EventAudience | None = None
    network: str | None = Field(None, description="Slug of a national network")
    period: str = Field(
        "upcoming",
        pattern="^(upcoming|past|all)$",
        description="upcoming (not over yet, soonest first), past (latest first) or all",
    )


@router.get("/events", response={200: list[EventOut], 400: ErrorResponse}, tags=["events"])
@decorate_view(cache_public_page(scopes=["events"]))
@paginate(BoundedLimitOffsetPagination)
def list_events(request: HttpRequest, filters: Query[EventFilters]) -> Any:
    """List the published events of the network, and those cancelled after publication."""
    events = selectors.filter_events(
        Event.objects.public(),
        kind=filters.kind,
        audience=filters.audience,
        network=filters.network,
    ).with_texts()
    today = timezone.localdate()
    if filters.period == "upcoming":
        return events.upcoming(today)
    if filters.period == "past":
        return events.past(today)
    return events.order_by("starts_on", "ends_on", "id")


@router.get("/events/{event_id}", response={200: EventOut, 404: ErrorResponse}, tags=["events"])
def get_event(request: HttpRequest, event_id: Id) -> Any:
    """Return one published event (or one cancelled after publication)."""
    # Drafts are read on the platform by those who manage them, never through the API.
    return get_object_or_404(Event.objects.public().with_texts(), pk=event_id)
