"""What the calendar shows on the home page: the next events of the network."""

from typing import Any

from django.utils import timezone

from icc.events.selectors import upcoming_events

NEXT = 3


def next_events() -> dict[str, Any] | None:
    """Return the next published events, soonest first, or None when none is planned."""
    events = upcoming_events(today=timezone.localdate(), limit=NEXT)
    return {"events": events} if events else None
