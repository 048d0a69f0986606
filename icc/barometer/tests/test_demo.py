"""The demo round loads on five cities, twice without duplicates, with groups withheld."""

import io

import pytest

from icc.barometer import demo
from icc.barometer.models import GroupFigure, Invitation, Round
from icc.network import services as network_services
from icc.network.models import City


@pytest.mark.django_db
def test_the_demo_loads_once_with_groups_withheld() -> None:
    for slug in demo.PREFERRED:
        network_services.create_city(
            created_by=None,
            name=slug.title(),
            slug=slug,
            country="FR",
            population=100_000,
            population_year=2022,
            status=City.Status.MEMBER,
            joined_on="2010-01-01",
        )
    out = io.StringIO()
    demo.load(out)
    demo.load(out)
    assert Round.objects.count() == 1
    assert Invitation.objects.count() == 300
    figures = GroupFigure.objects.all()
    assert figures.filter(reason="").exists()
    assert figures.filter(reason=GroupFigure.Reason.TOO_FEW).exists()
    assert "300 companies" in out.getvalue()
