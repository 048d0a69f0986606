"""Write iCalendar (RFC 5545) documents of all-day events and timed sessions (``icalendar``).

Shared by the events' calendar and the partners' meetings of common initiatives.

The library writes the byte layout: CRLF line ends, folding at 75 octets (never
inside a UTF-8 character) and the escaping of TEXT values (section 3.3.11). This
module only says which properties an event of the platform carries.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from django.http import HttpResponse
from icalendar import Calendar
from icalendar import Event as CalendarEvent
from icalendar.prop import vText

PRODUCT_ID = "-//Council of Europe//Intercultural Cities platform//EN"


@dataclass(frozen=True)
class CalendarEntry:
    """One all-day event as a calendar shows it; ``last_day`` is included."""

    uid: str
    sequence: int
    stamp: datetime
    first_day: date
    last_day: date
    summary: str
    description: str = ""
    location: str = ""
    url: str = ""
    categories: tuple[str, ...] = ()
    is_cancelled: bool = False
    # A session of the agenda has times: the entry is then timed, not all-day.
    starts_at: datetime | None = None
    ends_at: datetime | None = None


def _event(entry: CalendarEntry) -> CalendarEvent:
    event = CalendarEvent()
    stamp = entry.stamp.astimezone(UTC)
    event.add("uid", entry.uid)
    event.add("dtstamp", stamp)
    event.add("last-modified", stamp)
    event.add("sequence", entry.sequence)
    if entry.starts_at is not None and entry.ends_at is not None:
        event.add("dtstart", entry.starts_at.astimezone(UTC))
        event.add("dtend", entry.ends_at.astimezone(UTC))
    else:
        # Dates, not date-times: the library writes VALUE=DATE, an all-day event.
        event.add("dtstart", entry.first_day)
        # DTEND of an all-day event is the day after the last one (exclusive).
        event.add("dtend", entry.last_day + timedelta(days=1))
    event.add("summary", entry.summary)
    event.add("status", "CANCELLED" if entry.is_cancelled else "CONFIRMED")
    event.add("transp", "OPAQUE" if entry.starts_at else "TRANSPARENT")
    if entry.description:
        # Calendar apps expect LF line ends inside a value, which the library writes as \n.
        event.add("description", entry.description.replace("\r\n", "\n").replace("\r", "\n"))
    if entry.location:
        event.add("location", entry.location)
    if entry.url:
        event.add("url", entry.url)
    if entry.categories:
        event.add("categories", list(entry.categories))
    return event


def render_calendar(entries: Iterable[CalendarEntry], *, name: str) -> str:
    """Return the iCalendar document of ``entries``, named ``name`` for calendar apps."""
    calendar = Calendar()
    calendar.add("version", "2.0")
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    # An X- property is written as given unless typed: vText escapes commas and semicolons.
    calendar.add("x-wr-calname", vText(name))
    for entry in entries:
        calendar.add_component(_event(entry))
    return calendar.to_ical().decode()


def calendar_response(body: str, filename: str) -> HttpResponse:
    """Return an iCalendar document as a response a calendar app opens (``filename.ics``)."""
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
