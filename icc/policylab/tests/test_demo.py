"""The demo lab loads on the cities with practices, twice without duplicates."""

import io

from icc.policylab import demo
from icc.policylab.models import Lab, NationalStrategy, Outcome, Stakeholder, Uptake
from icc.policylab.selectors import strategy_feeders
from icc.policylab.tests.conftest import publish_practice


def test_the_demo_loads_once_with_journeys_labs_and_a_mapped_strategy(
    lyon, oslo, barcelona, lyon_coordinator
) -> None:
    for city in (lyon, oslo, barcelona):
        publish_practice(city, f"Practice of {city.name}")
    demo.load(io.StringIO())
    demo.load(io.StringIO())
    assert Stakeholder.objects.filter(is_demo=True).count() == 25
    assert sorted(Lab.objects.values_list("slug", flat=True)) == ["berlin-2017", "lisbon-2017"]
    assert Outcome.objects.filter(is_demo=True).count() == 6
    assert set(Outcome.objects.values_list("status", flat=True)) == {"open", "done", "dropped"}
    strategy = NationalStrategy.objects.get(slug="spain-demo")
    assert strategy.mappings.count() == 12
    # Lyon, Oslo and Barcelona have practices here: their journeys and one waiting uptake.
    assert Uptake.objects.confirmed().count() == 2 + 3 + 3  # Sabadell is not here
    assert Uptake.objects.filter(status="proposed", adopter_city=oslo).count() == 1
    assert [feeder.origin for feeder in strategy_feeders(strategy)] == ["Barcelona"]
    # Written once in the working language, marked: Lyon's side writes in French.
    assert strategy.title_fr and Outcome.objects.filter(follow_up_language="fr").exists()
    waiting = Uptake.objects.get(status="proposed")
    assert waiting.adaptation_language == "fr" and "bibliothèques" in waiting.adaptation
    assert set(Uptake.objects.values_list("adaptation_language", flat=True)) == {"en", "fr"}
