"""Reads of events that other apps use (the briefing pack lists the next events)."""

from collections.abc import Iterable
from datetime import date

from django.db.models import Count, Q

from icc.accounts.actors import Actor
from icc.events.models import Event, EventQuerySet, Registration
from icc.network.models import City


def upcoming_events(*, today: date, city: City | None = None, limit: int = 5) -> list[Event]:
    """Return the published events starting on or after ``today``, soonest first.

    With ``city``, only those that concern it: events open to the whole network, those of
    its national network, and those it hosts or that take place in it. Texts are prefetched,
    so ``event.text()`` costs no query.
    """
    events = Event.objects.published().filter(starts_on__gte=today)
    if city is not None:
        concerns_city = Q(audience=Event.Audience.NETWORK) | Q(host_city=city) | Q(city=city)
        if city.national_network_id is not None:
            concerns_city |= Q(national_network_id=city.national_network_id)
        events = events.filter(concerns_city)
    return list(events.with_texts().order_by("starts_on", "ends_on", "id")[:limit])


def filter_events(
    events: EventQuerySet,
    *,
    kind: str | None = None,
    audience: str | None = None,
    network: str | None = None,
) -> EventQuerySet:
    """Return ``events`` narrowed to a kind, an audience and a national network (by slug)."""
    if kind:
        events = events.filter(kind=kind)
    if audience:
        events = events.filter(audience=audience)
    if network:
        events = events.filter(national_network__slug=network)
    return events


def own_registration(event: Event, user: Actor) -> Registration | None:
    """Return the person's live registration for the event (a place or a waiting one), if any."""
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        Registration.objects.filter(event=event, person_id=user.pk)
        .exclude(status=Registration.Status.CANCELLED)
        .first()
    )


def places(event: Event) -> dict[str, int | None]:
    """Return the places taken, left (None: no limit) and the length of the waiting list."""
    counts = dict(
        Registration.objects.filter(event=event)
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    taken = counts.get(Registration.Status.CONFIRMED, 0)
    return {
        "taken": taken,
        "left": None if event.capacity is None else max(event.capacity - taken, 0),
        "waiting": counts.get(Registration.Status.WAITING, 0),
    }


def events_by_ids(ids: Iterable[int]) -> dict[int, Event]:
    """Return the events of these numbers (any status), with their texts, by number.

    Common initiatives name the event a partners' meeting belongs to (decision 0061); a
    number with no event left is simply missing from the answer.
    """
    wanted = sorted({pk for pk in ids if pk})
    if not wanted:
        return {}
    return {event.pk: event for event in Event.objects.filter(pk__in=wanted).with_texts()}
