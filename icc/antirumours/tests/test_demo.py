"""The demo loads twice without duplicating anything, and measures change honestly."""

import io

from conftest import Persona
from icc.antirumours import demo
from icc.antirumours.models import Answer, Rumour, Strategy, Survey
from icc.antirumours.selectors import compare_waves
from icc.network import services as network_services
from icc.network.models import City


def test_demo_loads_once_and_shows_change_on_some_items_only(
    secretariat: Persona, barcelona: City, lyon: City
) -> None:
    network_services.create_city(
        created_by=None, name="Bilbao", slug="bilbao", country="ES", status=City.Status.MEMBER
    )
    demo.load(io.StringIO())
    demo.load(io.StringIO())
    assert Rumour.objects.filter(status="published").count() == 12
    assert Strategy.objects.count() == 3
    survey = Survey.objects.get(strategy__city__slug="barcelona")
    before, after = survey.waves.order_by("fielded_on")
    assert Answer.objects.filter(wave=before).count() == 396
    assert Answer.objects.filter(wave=after).count() == 400
    claimed = {
        row.item.code: row.comparison.change_claimed for row in compare_waves(survey, before, after)
    }
    assert claimed["trust"] and claimed["aid"] and claimed["heard"]
    assert survey.items.get(code="aid").rumour is not None
    assert not claimed["enrich"] and not claimed["safe"] and not claimed["jobs"]
