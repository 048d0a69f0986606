"""The demo: six organisations in four cities at every stage, loaded once."""

from io import StringIO

from icc.certification import demo
from icc.certification.models import Appeal, Application, Certificate, Organisation
from icc.network import services as network_services
from icc.network.models import City


def test_the_demo_loads_every_stage_once(lyon, oslo, barcelona, secretariat, client):
    network_services.create_city(
        created_by=None,
        name="Lisbon",
        slug="lisbon",
        country="PT",
        region="Lisboa",
        population=545_000,
        population_year=2021,
        status=City.Status.MEMBER,
        joined_on="2011-01-15",
        languages=["pt"],
    )
    demo.load(StringIO())
    demo.load(StringIO())
    assert Organisation.objects.count() == 6
    assert Organisation.objects.values("city").distinct().count() == 4
    levels = set(Certificate.objects.values_list("level", flat=True))
    assert levels == {"certified", "distinction"}
    assert Application.objects.filter(status="in_review").count() == 1
    assert Appeal.objects.count() == 1
    assert Application.objects.filter(decisions__outcome="deferred").count() == 1
    page = client.get("/en/certification/register/").content.decode()
    assert "Nabolag for alle" in page and "Fargerike Oslo" not in page
