"""The next events another app lists, such as the briefing pack of a new mayor."""

from datetime import date

import pytest

from icc.events import services
from icc.events.selectors import upcoming_events
from icc.events.tests.conftest import plan_event

pytestmark = pytest.mark.django_db

TODAY = date(2027, 3, 1)


def titles(events: list) -> list[str]:
    return [str(event) for event in events]


def test_upcoming_events_are_published_and_soonest_first(secretariat, reci):
    plan_event("Later", date(2027, 5, 1))
    plan_event("Sooner", date(2027, 4, 1))
    plan_event("Today", TODAY)
    plan_event("Under way", date(2027, 2, 27), ends_on=date(2027, 3, 2))
    plan_event("Past", date(2027, 2, 1))
    plan_event("Draft", date(2027, 4, 2), publish=False)
    cancelled = plan_event("Cancelled", date(2027, 4, 3))
    services.cancel_event(cancelled, cancelled_by=secretariat.user)
    plan_event("Spanish", date(2027, 4, 4), national_network=reci)

    assert titles(upcoming_events(today=TODAY)) == ["Today", "Sooner", "Spanish", "Later"]
    assert titles(upcoming_events(today=TODAY, limit=2)) == ["Today", "Sooner"]


def test_a_city_sees_network_events_those_of_its_network_and_those_it_hosts(
    lyon, oslo, barcelona, reci
):
    plan_event("Everyone", date(2027, 4, 1))
    plan_event("RECI", date(2027, 4, 2), national_network=reci)
    plan_event("Hosted by Oslo", date(2027, 4, 3), national_network=reci, host_city=oslo)
    plan_event("Held in Lyon", date(2027, 4, 4), national_network=reci, city=lyon)

    assert titles(upcoming_events(today=TODAY, city=barcelona)) == [
        "Everyone",
        "RECI",
        "Hosted by Oslo",
        "Held in Lyon",
    ]
    assert titles(upcoming_events(today=TODAY, city=oslo)) == ["Everyone", "Hosted by Oslo"]
    assert titles(upcoming_events(today=TODAY, city=lyon)) == ["Everyone", "Held in Lyon"]


def test_upcoming_events_come_with_their_texts_in_two_queries(lyon, django_assert_num_queries):
    plan_event("One", date(2027, 4, 1), french="Un")
    plan_event("Two", date(2027, 4, 2))

    with django_assert_num_queries(2):
        events = upcoming_events(today=TODAY)
        titles_fr = [event.text("fr").title for event in events]

    assert titles_fr == ["Un", "Two"]


def test_nothing_to_come_gives_an_empty_list(lyon):
    plan_event("Past", date(2027, 2, 1))

    assert upcoming_events(today=TODAY, city=lyon) == []
