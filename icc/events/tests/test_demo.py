"""The demo calendar: events to come and past ones, in both languages, flagged, loaded once."""

import io

import pytest
from django.utils import timezone

from icc.core.models import Activity
from icc.events import demo, demo_attendance
from icc.events.models import Event, EventTranslation, Registration
from icc.network import services as network_services
from icc.network.models import City

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_places(reci):
    italy = network_services.create_national_network(
        created_by=None, name="Città del Dialogo", slug="citta-del-dialogo", country="IT"
    )
    for slug, name, country, network in [
        ("lisbon", "Lisbon", "PT", None),
        ("barcelona", "Barcelona", "ES", reci),
        ("oslo", "Oslo", "NO", None),
        ("bilbao", "Bilbao", "ES", reci),
        ("lyon", "Lyon", "FR", None),
        ("reggio-emilia", "Reggio Emilia", "IT", italy),
    ]:
        network_services.create_city(
            created_by=None,
            name=name,
            slug=slug,
            country=country,
            status=City.Status.MEMBER,
            national_network=network,
        )


def test_the_demo_calendar_loads_once_with_events_to_come_and_past(demo_places):
    demo.load(io.StringIO())
    counts = (Event.objects.count(), EventTranslation.objects.count(), Activity.objects.count())

    output = io.StringIO()
    demo.load(output)

    assert counts == (
        Event.objects.count(),
        EventTranslation.objects.count(),
        Activity.objects.count(),
    )
    assert "0 added" in output.getvalue()
    today = timezone.localdate()
    assert Event.objects.count() == len(demo.EVENTS) + 2  # and the two of demo_attendance
    assert not Event.objects.filter(is_demo=False).exists()
    assert Event.objects.public().upcoming(today).count() >= 5
    assert Event.objects.public().past(today).count() >= 2
    assert Event.objects.filter(translations__language="fr").count() >= 7
    assert Event.objects.filter(status=Event.Status.CANCELLED).count() == 1
    assert Event.objects.filter(national_network__slug="reci").count() == 1


def test_demo_events_are_flagged_on_their_pages(demo_places, client):
    demo.load(io.StringIO())
    event = Event.objects.get(translations__title="Anti-rumours academy")

    page = client.get(event.get_absolute_url()).content.decode()
    listing = client.get("/en/events/").content.decode()

    assert "it is demo data" in page
    assert "they are demo data" in listing


@pytest.mark.django_db
def test_the_demo_milestone_is_full_with_a_waiting_list_and_last_year_has_attendance() -> None:
    demo_attendance.load(io.StringIO())
    demo_attendance.load(io.StringIO())
    milestone = EventTranslation.objects.get(title=demo_attendance.MILESTONE_EN).event
    statuses = list(milestone.registrations.values_list("status", flat=True))
    assert statuses.count("confirmed") == 12 and statuses.count("waiting") == 2
    assert milestone.sessions.count() == len(demo_attendance.AGENDA)
    annual = EventTranslation.objects.get(title=demo_attendance.ANNUAL_EN).event
    assert annual.ends_on < milestone.starts_on
    present = Registration.objects.filter(event=annual, attended_at__isnull=False).count()
    assert present == 7
