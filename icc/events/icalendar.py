"""Write iCalendar (RFC 5545) documents of all-day events, by hand.

The subset a calendar feed needs is small: one VCALENDAR of VEVENTs with text
properties. No library for it is installed and the rules fit here: lines end
in CRLF and are folded at 75 octets (never inside a UTF-8 character), and
TEXT values escape backslash, semicolon, comma and newline (section 3.3.11).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

LINE_OCTETS = 75
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


def escape_text(value: str) -> str:
    """Return ``value`` as an RFC 5545 TEXT value."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold(line: str) -> str:
    """Return ``line`` folded into lines of at most 75 octets, joined by CRLF and a space."""
    if len(line.encode()) <= LINE_OCTETS:
        return line
    pieces: list[str] = []
    current: list[str] = []
    size, limit = 0, LINE_OCTETS
    for char in line:
        octets = len(char.encode())
        if size + octets > limit:
            pieces.append("".join(current))
            # The space that opens a continuation line counts in its 75 octets.
            current, size, limit = [], 0, LINE_OCTETS - 1
        current.append(char)
        size += octets
    pieces.append("".join(current))
    return "\r\n ".join(pieces)


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _event_lines(entry: CalendarEntry) -> list[str]:
    lines = [
        "BEGIN:VEVENT",
        f"UID:{escape_text(entry.uid)}",
        f"DTSTAMP:{_utc(entry.stamp)}",
        f"LAST-MODIFIED:{_utc(entry.stamp)}",
        f"SEQUENCE:{entry.sequence}",
        f"DTSTART;VALUE=DATE:{entry.first_day:%Y%m%d}",
        # DTEND of an all-day event is the day after the last one (exclusive).
        f"DTEND;VALUE=DATE:{entry.last_day + timedelta(days=1):%Y%m%d}",
        f"SUMMARY:{escape_text(entry.summary)}",
        f"STATUS:{'CANCELLED' if entry.is_cancelled else 'CONFIRMED'}",
        "TRANSP:TRANSPARENT",
    ]
    if entry.description:
        lines.append(f"DESCRIPTION:{escape_text(entry.description)}")
    if entry.location:
        lines.append(f"LOCATION:{escape_text(entry.location)}")
    if entry.url:
        lines.append(f"URL:{entry.url}")
    if entry.categories:
        lines.append("CATEGORIES:" + ",".join(escape_text(name) for name in entry.categories))
    lines.append("END:VEVENT")
    return lines


def render_calendar(entries: Iterable[CalendarEntry], *, name: str) -> str:
    """Return the iCalendar document of ``entries``, named ``name`` for calendar apps."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODUCT_ID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    for entry in entries:
        lines.extend(_event_lines(entry))
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
