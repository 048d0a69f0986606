"""Writes to events: what is saved, what is refused, and what a write records."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from icc.core.models import Activity
from icc.events import services
from icc.events.models import Event, EventTranslation
from icc.events.tests.conftest import plan_event

pytestmark = pytest.mark.django_db

RECORD = {
    "kind": Event.Kind.ACADEMY,
    "original_language": "fr",
    "starts_on": date(2027, 6, 14),
    "ends_on": date(2027, 6, 16),
    "venue": "Palais de l'Europe",
    "audience": Event.Audience.NETWORK,
}
TEXTS = {
    "en": {"title": "Academy on anti-rumours", "description": "Three days."},
    "fr": {"title": "Académie anti-rumeurs", "description": "Trois jours."},
}


def test_a_new_event_is_a_draft_with_its_texts_and_its_activity(secretariat):
    event = services.create_event(created_by=secretariat.user, record=RECORD, texts=TEXTS)

    assert event.status == Event.Status.DRAFT
    assert event.created_by == secretariat.user
    assert event.languages == ["en", "fr"]
    assert event.text("fr").title == "Académie anti-rumeurs"
    entry = Activity.objects.get(verb="event.created")
    assert entry.actor == secretariat.user
    assert entry.changes["fr.title"] == [None, "Académie anti-rumeurs"]


def test_an_event_ending_before_it_starts_is_refused_and_nothing_is_saved(secretariat):
    record = RECORD | {"ends_on": date(2027, 6, 13)}

    with pytest.raises(ValidationError) as refused:
        services.create_event(created_by=secretariat.user, record=record, texts=TEXTS)

    assert refused.value.message_dict["ends_on"] == [
        "The last day cannot come before the first day."
    ]
    assert not Event.objects.exists()
    assert not EventTranslation.objects.exists()
    assert not Activity.objects.filter(verb__startswith="event.").exists()


def test_changing_the_dates_backwards_is_refused_and_nothing_changes(secretariat):
    event = plan_event("Webinar", date(2027, 6, 14), by=secretariat.user)

    with pytest.raises(ValidationError):
        services.update_event(
            event,
            changed_by=secretariat.user,
            record={"ends_on": date(2027, 6, 1)},
            texts={"en": {"title": "Renamed"}},
        )

    event.refresh_from_db()
    assert event.ends_on == date(2027, 6, 14)
    assert str(event) == "Webinar"
    assert not Activity.objects.filter(verb="event.updated").exists()


def test_an_event_without_a_title_is_refused_and_nothing_is_saved(secretariat):
    with pytest.raises(ValidationError):
        services.create_event(
            created_by=secretariat.user, record=RECORD, texts={"en": {"title": ""}}
        )

    assert not Event.objects.exists()


def test_an_event_for_a_national_network_must_name_it(secretariat):
    record = RECORD | {"audience": Event.Audience.NATIONAL_NETWORK}

    with pytest.raises(ValidationError) as refused:
        services.create_event(created_by=secretariat.user, record=record, texts=TEXTS)

    assert "national_network" in refused.value.message_dict
    assert not Event.objects.exists()


def test_publishing_shows_the_event_and_empties_the_page_cache(
    secretariat, django_capture_on_commit_callbacks
):
    event = plan_event("Webinar", date(2027, 6, 14), publish=False, by=secretariat.user)

    with django_capture_on_commit_callbacks() as callbacks:
        event = services.publish_event(event, published_by=secretariat.user)

    assert event.status == Event.Status.PUBLISHED
    assert event.published_at is not None
    assert event.is_public
    assert len(callbacks) == 1
    assert Activity.objects.filter(verb="event.published", actor=secretariat.user).exists()


def test_only_a_draft_can_be_published(secretariat):
    event = plan_event("Webinar", date(2027, 6, 14), by=secretariat.user)

    with pytest.raises(ValidationError):
        services.publish_event(event, published_by=secretariat.user)

    assert Activity.objects.filter(verb="event.published").count() == 1


def test_changing_a_published_event_tells_calendars_and_records_the_change(
    secretariat, django_capture_on_commit_callbacks
):
    event = plan_event("Webinar", date(2027, 6, 14), by=secretariat.user)

    with django_capture_on_commit_callbacks() as callbacks:
        event = services.update_event(
            event, changed_by=secretariat.user, record={"venue": "Online studio"}
        )

    assert event.sequence == 1
    assert len(callbacks) == 1
    entry = Activity.objects.get(verb="event.updated")
    assert entry.changes == {"venue": ["", "Online studio"]}


def test_changing_a_draft_leaves_the_public_pages_alone(
    secretariat, django_capture_on_commit_callbacks
):
    event = plan_event("Webinar", date(2027, 6, 14), publish=False, by=secretariat.user)

    with django_capture_on_commit_callbacks() as callbacks:
        event = services.update_event(
            event, changed_by=secretariat.user, texts={"en": {"title": "Better title"}}
        )

    assert str(event) == "Better title"
    assert event.sequence == 0
    assert callbacks == []


def test_a_cancelled_event_stays_public_and_cannot_change(secretariat):
    event = plan_event("Webinar", date(2027, 6, 14), by=secretariat.user)

    event = services.cancel_event(event, cancelled_by=secretariat.user)

    assert event.is_cancelled and event.is_public
    assert event.sequence == 1
    with pytest.raises(ValidationError):
        services.update_event(event, changed_by=secretariat.user, record={"venue": "Elsewhere"})
    with pytest.raises(ValidationError):
        services.cancel_event(event, cancelled_by=secretariat.user)
    assert Activity.objects.filter(verb="event.cancelled").count() == 1


def test_a_cancelled_draft_never_becomes_public(secretariat):
    event = plan_event("Webinar", date(2027, 6, 14), publish=False, by=secretariat.user)

    event = services.cancel_event(event, cancelled_by=secretariat.user)

    assert not event.is_public
    assert not Event.objects.public().exists()
