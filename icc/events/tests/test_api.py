"""The public events API: pages, filters, one event, and the one error shape."""

from datetime import timedelta
from typing import get_args

import pytest
from django.test import Client
from django.utils import timezone

from icc.events import services
from icc.events.api import EventAudience, EventKind, EventStatus
from icc.events.models import Event
from icc.events.tests.conftest import plan_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def calendar(secretariat, lyon, barcelona, reci):
    today = timezone.localdate()
    events = {
        "meeting": plan_event(
            "Annual meeting",
            today + timedelta(days=30),
            ends_on=today + timedelta(days=31),
            french="Réunion annuelle",
            host_city=lyon,
            city=lyon,
        ),
        "webinar": plan_event(
            "Webinar on data",
            today + timedelta(days=3),
            kind="webinar",
            online_url="https://v.example/1",
        ),
        "reci": plan_event("RECI day", today + timedelta(days=10), national_network=reci),
        "past": plan_event("Last year's academy", today - timedelta(days=200), kind="academy"),
        "draft": plan_event("Draft", today + timedelta(days=5), publish=False),
        "cancelled": plan_event("Cancelled lab", today + timedelta(days=40), kind="policy_lab"),
    }
    services.cancel_event(events["cancelled"], cancelled_by=secretariat.user)
    return events


def titles(body: dict) -> list[str]:
    return [item["texts"][0]["title"] for item in body["items"]]


def test_the_list_gives_upcoming_public_events_soonest_first(calendar):
    body = Client().get("/api/v1/events").json()

    assert body["count"] == 4
    assert titles(body) == ["Webinar on data", "RECI day", "Annual meeting", "Cancelled lab"]
    assert body["items"][3]["status"] == "cancelled"


def test_the_list_is_paginated(calendar):
    body = Client().get("/api/v1/events?limit=2&offset=2").json()

    assert body["count"] == 4
    assert titles(body) == ["Annual meeting", "Cancelled lab"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kind=webinar", ["Webinar on data"]),
        ("network=reci", ["RECI day"]),
        ("audience=network&kind=meeting", ["Annual meeting"]),
        ("period=past", ["Last year's academy"]),
        ("period=all&kind=academy", ["Last year's academy"]),
    ],
)
def test_the_list_filters(calendar, query, expected):
    assert titles(Client().get(f"/api/v1/events?{query}").json()) == expected


def test_one_event_carries_its_texts_places_and_audience(calendar):
    event = calendar["meeting"]

    body = Client().get(f"/api/v1/events/{event.pk}").json()

    assert body["id"] == event.pk
    assert body["kind"] == "meeting"
    assert body["city"] == "lyon" and body["host_city"] == "lyon"
    assert body["audience"] == "network" and body["national_network"] is None
    assert [text["language"] for text in body["texts"]] == ["en", "fr"]
    assert body["url"] == f"/en/events/{event.pk}/"
    assert body["ends_on"] == str(event.ends_on)


def test_a_draft_is_not_found_with_the_error_shape(calendar, secretariat):
    response = secretariat.client().get(f"/api/v1/events/{calendar['draft'].pk}")

    assert response.status_code == 404
    assert response.json() == {
        "error": {"status": 404, "code": "not_found", "message": "Not found.", "fields": {}}
    }


def test_a_bad_filter_is_refused_with_the_error_shape(calendar):
    response = Client().get("/api/v1/events?kind=party")

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert "query.kind" in error["fields"]


def test_the_api_enums_list_the_model_choices():
    assert list(get_args(EventKind)) == Event.Kind.values
    assert list(get_args(EventStatus)) == Event.Status.values
    assert list(get_args(EventAudience)) == Event.Audience.values
