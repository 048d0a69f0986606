"""The demo calendar: events to come and past ones, in both languages, flagged, loaded once."""

import io

import pytest
from django.utils import timezone

from icc.core.models import Activity
from icc.events import demo
from icc.events.models import Event, EventTranslation
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
    assert Event.objects.count() == len(demo.EVENTS)
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
