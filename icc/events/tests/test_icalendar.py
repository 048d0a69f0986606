"""The iCalendar feed: line structure (CRLF, 75-octet folding), escaping, what it lists.

The ``icalendar`` library writes the layout; these tests check the document it gives.
"""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from icc.core.icalendar import CalendarEntry, render_calendar
from icc.events import services
from icc.events.models import Event
from icc.events.tests.conftest import plan_event


def unfold(body: str) -> list[str]:
    """Return the content lines of an iCalendar document, as RFC 5545 section 3.1 reads them."""
    assert body.endswith("\r\n")
    physical = body[:-2].split("\r\n")
    lines: list[str] = []
    for line in physical:
        if line.startswith(" "):
            lines[-1] += line[1:]
        else:
            lines.append(line)
    return lines


def properties(lines: list[str], name: str) -> list[str]:
    return [line.split(":", 1)[1] for line in lines if line.split(":", 1)[0].split(";")[0] == name]


def _entry(**changes: object) -> CalendarEntry:
    values: dict[str, object] = {
        "uid": "event-1@icc.example",
        "sequence": 0,
        "stamp": datetime(2027, 1, 2, 3, 4, 5, tzinfo=UTC),
        "first_day": date(2027, 11, 28),
        "last_day": date(2027, 11, 28),
        "summary": "Meeting",
    }
    return CalendarEntry(**{**values, **changes})  # type: ignore[arg-type]


def test_text_values_escape_backslash_semicolon_comma_and_newlines():
    body = render_calendar([_entry(description="a\\b;c,d\ne\r\nf")], name="ICC")

    assert properties(unfold(body), "DESCRIPTION") == ["a\\\\b\\;c\\,d\\ne\\nf"]


def test_long_lines_fold_at_75_octets_without_splitting_a_character():
    description = "Réunion à Montréal – " * 20

    body = render_calendar([_entry(description=description)], name="ICC")

    physical = body.encode().split(b"\r\n")
    assert all(len(part) <= 75 for part in physical)
    assert any(part.startswith(b" ") for part in physical)
    for part in physical:
        part.decode()  # Raises if a fold fell inside a UTF-8 character.
    assert properties(unfold(body), "DESCRIPTION") == [description]


def test_a_short_line_is_left_alone():
    body = render_calendar([_entry(summary="Short")], name="ICC")

    assert "SUMMARY:Short\r\n" in body


def test_the_calendar_name_is_escaped_like_any_text():
    body = render_calendar([], name="Events; Lyon, Lisbon")

    assert properties(unfold(body), "X-WR-CALNAME") == ["Events\\; Lyon\\, Lisbon"]


def test_a_calendar_has_crlf_lines_and_all_day_events():
    entry = CalendarEntry(
        uid="event-1@icc.example",
        sequence=2,
        stamp=datetime(2027, 1, 2, 3, 4, 5, tzinfo=UTC),
        first_day=date(2027, 11, 28),
        last_day=date(2027, 11, 29),
        summary="Meeting; Lisbon, 10th anniversary",
        description="Line one\nLine two",
        location="Lisbon",
        url="https://icc.example/en/events/1/",
        categories=("Network meeting, conference",),
    )

    body = render_calendar([entry], name="ICC")

    assert "\n" not in body.replace("\r\n", "")
    lines = unfold(body)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    assert "VERSION:2.0" in lines
    assert properties(lines, "PRODID")
    assert properties(lines, "DTSTART") == ["20271128"]
    assert "DTSTART;VALUE=DATE:20271128" in lines
    assert "DTEND;VALUE=DATE:20271130" in lines
    assert properties(lines, "DTSTAMP") == ["20270102T030405Z"]
    assert properties(lines, "SUMMARY") == ["Meeting\\; Lisbon\\, 10th anniversary"]
    assert properties(lines, "DESCRIPTION") == ["Line one\\nLine two"]
    assert properties(lines, "CATEGORIES") == ["Network meeting\\, conference"]
    assert properties(lines, "SEQUENCE") == ["2"]
    assert properties(lines, "STATUS") == ["CONFIRMED"]


@pytest.mark.django_db
def test_the_feed_lists_public_events_with_cancellations_and_no_drafts(secretariat, lyon):
    today = timezone.localdate()
    plan_event(
        "Anti-rumours academy",
        today + timedelta(days=10),
        ends_on=today + timedelta(days=12),
        city=lyon,
        venue="Hôtel de Ville, 1 place de la Comédie",
        description="**Programme**: rumours, data; and [agents](https://example.org).",
    )
    plan_event("Draft webinar", today + timedelta(days=5), publish=False)
    cancelled = plan_event("Cancelled study visit", today + timedelta(days=20))
    services.cancel_event(cancelled, cancelled_by=secretariat.user)
    plan_event("Long ago", today - timedelta(days=800))

    response = secretariat.client().get("/en/events/calendar.ics")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    lines = unfold(response.content.decode())
    assert lines.count("BEGIN:VEVENT") == 2 == lines.count("END:VEVENT")
    assert properties(lines, "SUMMARY") == ["Anti-rumours academy", "Cancelled study visit"]
    assert properties(lines, "STATUS") == ["CONFIRMED", "CANCELLED"]
    assert properties(lines, "LOCATION")[0] == "Hôtel de Ville\\, 1 place de la Comédie\\, Lyon"
    assert properties(lines, "DESCRIPTION")[0] == "Programme: rumours\\, data\\; and agents."
    assert (today + timedelta(days=13)).strftime("%Y%m%d") in properties(lines, "DTEND")[0]
    uids = properties(lines, "UID")
    assert len(set(uids)) == 2 and all(uid.startswith("event-") for uid in uids)
    assert sorted(properties(lines, "URL")) == sorted(
        f"http://testserver{event.get_absolute_url()}"
        for event in Event.objects.public().filter(starts_on__gt=today)
    )


@pytest.mark.django_db
def test_the_feed_follows_the_filters_and_the_language(lyon, reci):
    today = timezone.localdate()
    plan_event("Whole network", today + timedelta(days=3), french="Tout le réseau")
    plan_event("RECI", today + timedelta(days=4), national_network=reci)
    with translation.override("fr"):
        url = reverse("events:event-calendar")

    lines = unfold(Client().get(f"{url}?network=reci").content.decode())
    french = unfold(Client().get(f"{url}?network=-").content.decode())

    assert properties(lines, "SUMMARY") == ["RECI"]
    assert properties(french, "SUMMARY") == ["Tout le réseau"]


@pytest.mark.django_db
def test_one_event_downloads_as_its_own_calendar(lyon):
    event = plan_event("Webinar", date(2027, 6, 14))

    response = Client().get(f"/en/events/{event.pk}/event.ics")

    lines = unfold(response.content.decode())
    assert response.status_code == 200
    assert properties(lines, "SUMMARY") == ["Webinar"]
    assert properties(lines, "X-WR-CALNAME") == ["Webinar"]
