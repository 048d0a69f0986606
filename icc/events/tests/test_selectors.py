"""The next events another app lists, such as the briefing pack of a new mayor."""

from datetime import date

import pytest

from icc.events.models import Event, EventTranslation
from icc.events.selectors import upcoming_events

TODAY = date(2027, 3, 1)


def make(title: str, starts_on: date, **fields: object) -> Event:
    fields.setdefault("status", Event.Status.PUBLISHED)
    event = Event.objects.create(
        kind=Event.Kind.MEETING, starts_on=starts_on, ends_on=starts_on, **fields
    )
    EventTranslation.objects.create(event=event, language="en", title=title)
    return event


@pytest.mark.django_db
def test_upcoming_events_are_published_and_soonest_first(lyon, reci, barcelona):
    make("Later", date(2027, 5, 1))
    make("Sooner", date(2027, 4, 1))
    make("Today", TODAY)
    make("Past", date(2027, 2, 1))
    make("Draft", date(2027, 4, 2), status=Event.Status.DRAFT)
    make("Cancelled", date(2027, 4, 3), status=Event.Status.CANCELLED)
    make("Spanish", date(2027, 4, 4), audience="national_network", national_network=reci)

    titles = [str(event) for event in upcoming_events(today=TODAY)]

    assert titles == ["Today", "Sooner", "Spanish", "Later"]
    assert [str(event) for event in upcoming_events(today=TODAY, limit=2)] == ["Today", "Sooner"]


@pytest.mark.django_db
def test_a_city_sees_network_events_and_its_own(lyon, oslo, barcelona, reci):
    make("Everyone", date(2027, 4, 1))
    make("RECI", date(2027, 4, 2), audience="national_network", national_network=reci)
    make(
        "Hosted by Oslo",
        date(2027, 4, 3),
        audience="national_network",
        national_network=reci,
        host_city=oslo,
    )

    for_barcelona = [str(event) for event in upcoming_events(today=TODAY, city=barcelona)]
    for_oslo = [str(event) for event in upcoming_events(today=TODAY, city=oslo)]
    for_lyon = [str(event) for event in upcoming_events(today=TODAY, city=lyon)]

    assert for_barcelona == ["Everyone", "RECI", "Hosted by Oslo"]
    assert for_oslo == ["Everyone", "Hosted by Oslo"]
    assert for_lyon == ["Everyone"]


@pytest.mark.django_db
def test_upcoming_events_come_with_their_texts(lyon, django_assert_num_queries):
    make("One", date(2027, 4, 1))
    make("Two", date(2027, 4, 2))

    with django_assert_num_queries(2):
        titles = [str(event) for event in upcoming_events(today=TODAY)]

    assert titles == ["One", "Two"]
