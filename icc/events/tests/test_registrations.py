"""Registrations: places, the waiting list, a freed place told by mail, attendance, certificate."""

import io
import json
import time as clock
from datetime import datetime, time, timedelta
from pathlib import Path

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client, TestCase
from django.urls import reverse
from django.utils import timezone, translation
from pypdf import PdfReader

from conftest import make_person
from icc.events import services
from icc.events.models import Event, Registration
from icc.events.tests.conftest import plan_event
from tests.live_database import shared_database, start


def _open(event: Event, capacity: int | None, code: str = "") -> Event:
    return services.change_registration_settings(
        event, changed_by=None, takes_registrations=True, capacity=capacity, attendance_code=code
    )


@pytest.fixture
def event(db: None) -> Event:
    return _open(plan_event("Milestone conference", timezone.localdate() + timedelta(days=20)), 2)


def test_a_full_event_puts_people_on_the_waiting_list(event: Event) -> None:
    people = [make_person(f"p{n}@test.example") for n in range(3)]
    statuses = [services.register(event, person=p).status for p in people]
    assert statuses == ["confirmed", "confirmed", "waiting"]
    with pytest.raises(ValidationError, match="already registered"):
        services.register(event, person=people[0])


def test_a_freed_place_goes_to_the_next_person_told_by_mail_in_their_language(
    event: Event,
) -> None:
    first = make_person("first@test.example")
    make_person("second@test.example")
    services.register(event, person=first)
    services.register(event, person=make_person("second2@test.example"))
    waiting_fr = make_person("attente@test.example", language="fr")
    waiting_en = make_person("later@test.example")
    services.register(event, person=waiting_fr)
    services.register(event, person=waiting_en)
    mine = Registration.objects.get(person=first)
    with TestCase.captureOnCommitCallbacks(execute=True):
        promoted = services.cancel_registration(mine, cancelled_by=first)
    assert promoted is not None and promoted.person == waiting_fr
    assert Registration.objects.get(person=waiting_en).status == "waiting"
    assert [m.to for m in mail.outbox] == [["attente@test.example"]]
    with translation.override("fr"):
        assert "place" in mail.outbox[0].subject.lower()
    assert mail.outbox[0].subject != "You have a place"


def test_registration_is_refused_for_an_event_that_takes_none(db: None) -> None:
    quiet = plan_event("Webinar", timezone.localdate() + timedelta(days=3))
    with pytest.raises(ValidationError, match="no registrations"):
        services.register(quiet, person=make_person("x@test.example"))
    assert not Registration.objects.exists()


def test_attendance_by_code_and_the_certificate_in_french(db: None) -> None:
    today = timezone.localdate()
    event = _open(plan_event("Annual meeting", today, french="Réunion annuelle"), None, "LISBON")
    person = make_person("present@test.example", full_name="Ana Present")
    registration = services.register(event, person=person)
    with pytest.raises(ValidationError, match="attendance code"):
        services.record_attendance_by_code(event, person=person, code="WRONG")
    services.record_attendance_by_code(event, person=person, code="lisbon")
    registration.refresh_from_db()
    assert registration.attended_at is not None
    client = Client()
    client.force_login(person)
    with translation.override("fr"):
        url = reverse("events:registration-certificate", args=[registration.pk])
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "Ana Present" in text and "Réunion annuelle" in text


def test_the_certificate_waits_for_the_attendance(event: Event) -> None:
    person = make_person("absent@test.example")
    registration = services.register(event, person=person)
    client = Client()
    client.force_login(person)
    url = reverse("events:registration-certificate", args=[registration.pk])
    assert client.get(url).status_code == 403
    other = Client()
    other.force_login(make_person("other@test.example"))
    assert other.get(url).status_code == 404


def test_the_calendar_feed_lists_the_sessions(event: Event) -> None:
    start_at = timezone.make_aware(datetime.combine(event.starts_on, time(9)))
    services.add_session(
        event,
        added_by=None,
        record={
            "title_en": "Opening plenary",
            "title_fr": "Séance d'ouverture",
            "starts_at": start_at,
            "ends_at": start_at + timedelta(hours=1),
            "room": "Hall A",
            "speakers": "The Secretary General",
        },
    )
    body = Client().get(reverse("events:event-calendar")).content.decode()
    assert "Opening plenary" in body and "Hall A" in body
    assert f"event-{event.pk}-session-" in body


def test_a_session_outside_the_events_days_is_refused(event: Event) -> None:
    start_at = timezone.now() - timedelta(days=30)
    with pytest.raises(ValidationError):
        services.add_session(
            event,
            added_by=None,
            record={
                "title_en": "Too early",
                "title_fr": "Trop tôt",
                "starts_at": start_at,
                "ends_at": start_at + timedelta(hours=1),
                "room": "",
                "speakers": "",
            },
        )
    assert not event.sessions.exists()


PROCESSES = 2
PER_PROCESS = 8
PLACES_LEFT = 4


@pytest.mark.django_db(transaction=True)
def test_concurrent_requests_for_the_last_places_get_exactly_that_many(tmp_path: Path) -> None:
    event = _open(
        plan_event("Last places", timezone.localdate() + timedelta(days=9)), PLACES_LEFT + 1
    )
    services.register(event, person=make_person("early@test.example"))
    emails = [f"late{n}@test.example" for n in range(PROCESSES * PER_PROCESS)]
    for email in emails:
        make_person(email)
    with shared_database(tmp_path) as environment:
        senders = [
            start(
                [
                    "-m",
                    "icc.events.tests.concurrent_registrations",
                    str(event.pk),
                    str(tmp_path),
                    f"p{number}",
                    *emails[number * PER_PROCESS : (number + 1) * PER_PROCESS],
                ],
                environment,
            )
            for number in range(PROCESSES)
        ]
        deadline = clock.monotonic() + 120
        while len(list(tmp_path.glob("ready-*"))) < PROCESSES and clock.monotonic() < deadline:
            clock.sleep(0.05)
        (tmp_path / "go").touch()
        outputs = [sender.communicate(timeout=120) for sender in senders]
    assert all(s.returncode == 0 for s in senders), [err for _out, err in outputs]
    answers = [json.loads(line)["answer"] for out, _err in outputs for line in out.splitlines()]
    assert answers.count("confirmed") == PLACES_LEFT, answers
    assert answers.count("waiting") == len(emails) - PLACES_LEFT
    assert Registration.objects.filter(event=event, status="confirmed").count() == PLACES_LEFT + 1


def test_registered_people_are_reminded_once_before_the_event(event: Event) -> None:
    from icc.events.tasks import send_event_reminders

    person = make_person("soon@test.example", language="fr")
    services.register(event, person=person)
    day = (event.starts_on - timedelta(days=2)).isoformat()
    assert send_event_reminders.call(day=day) == 1
    assert send_event_reminders.call(day=day) == 0
    assert [m.to for m in mail.outbox] == [["soon@test.example"]]
    assert "Rappel" in mail.outbox[0].subject
