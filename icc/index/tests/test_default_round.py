"""Which round the network's results are shown from: one rule for pages, exports and API.

A newer round takes over once enough cities published in it (five, or as many as in the
largest earlier round when fewer); until then the results page, its exports, the API and
each city's report stay on the last settled round, and counts use plural forms.
"""

import csv
from datetime import date
from io import StringIO

import pytest
from django.urls import reverse
from django.utils import translation

from icc.index.results import selectors
from icc.index.tests.factories import publish_result, shipped_round

pytestmark = pytest.mark.django_db


def en(name, *args):
    with translation.override("en"):
        return reverse(name, args=args)


def fr(name, *args):
    with translation.override("fr"):
        return reverse(name, args=args)


@pytest.fixture
def rounds(lyon, oslo, barcelona):
    """Three cities published in 2022; only Lyon has published in 2025 so far."""
    earlier = shipped_round("2019", label="2022", opens_on=date(2022, 1, 15))
    newer = shipped_round("2019", label="2025", opens_on=date(2025, 1, 15))
    for city, level in ((lyon, 0.7), (oslo, 0.8), (barcelona, 0.5)):
        publish_result(earlier, city, level)
    publish_result(newer, lyon, 0.9)
    return earlier, newer


def test_one_publication_does_not_move_the_default_round(rounds):
    earlier, _newer = rounds
    assert selectors.settled_round_ids() == {earlier.pk}
    assert selectors.default_results_round() == earlier
    assert selectors.default_round_for_city(rounds[1].responses.get().city_id) == earlier


def test_a_round_settles_when_as_many_cities_published_as_before(rounds, oslo, barcelona):
    earlier, newer = rounds
    publish_result(newer, oslo, 0.6)
    assert selectors.default_results_round() == earlier
    publish_result(newer, barcelona, 0.6)
    assert selectors.default_results_round() == newer


def test_five_results_settle_a_round_whatever_the_earlier_rounds(db):
    from icc.network import services as network_services
    from icc.network.models import City

    cities = [
        network_services.create_city(
            created_by=None,
            name=f"City {n}",
            slug=f"city-{n}",
            country="FR",
            population=100_000 + n,
            status=City.Status.MEMBER,
        )
        for n in range(7)
    ]
    earlier = shipped_round("2019", label="2022", opens_on=date(2022, 1, 15))
    newer = shipped_round("2019", label="2025", opens_on=date(2025, 1, 15))
    for city in cities:
        publish_result(earlier, city, 0.5)
    for city in cities[:4]:
        publish_result(newer, city, 0.6)
    assert selectors.default_results_round() == earlier
    publish_result(newer, cities[4], 0.6)
    assert selectors.default_results_round() == newer


def test_the_results_page_its_exports_and_the_api_agree(rounds, visitor):
    client = visitor.client()

    page = client.get(en("index:results")).content.decode()
    assert "Round 2022 — 3 cities with published results" in page

    exported = client.get(en("index:results") + "?format=csv").content.decode()
    assert len(list(csv.reader(StringIO(exported)))) == 1 + 3

    body = client.get("/api/v1/index/results").json()
    assert {(row["round_label"], row["sample_size"]) for row in body} == {("2022", 3)}
    assert len(body) == 3


def test_a_city_report_compares_within_its_default_round(rounds, visitor):
    page = visitor.client().get(en("index:city-report", "lyon")).content.decode()
    assert "A comparison between 3 cities" in page
    assert "among the 3 cities of the sample" in page


def test_a_round_of_one_city_says_so_in_the_singular(rounds, visitor):
    _earlier, newer = rounds
    client = visitor.client()

    table = client.get(en("index:results") + f"?round={newer.pk}").content.decode()
    report = client.get(en("index:city-report", "lyon") + f"?round={newer.pk}").content.decode()

    assert "Round 2025 — 1 city with published results" in table
    assert "A comparison between 1 city" in report
    assert "Lyon is the only city of the sample so far" in report
    assert "1 cities" not in table + report


def test_a_round_of_one_city_says_so_in_the_singular_in_french(rounds, visitor):
    _earlier, newer = rounds
    client = visitor.client()

    table = client.get(fr("index:results") + f"?round={newer.pk}").content.decode()
    report = client.get(fr("index:city-report", "lyon") + f"?round={newer.pk}").content.decode()

    assert "1 ville ayant publié ses résultats" in table
    assert "1 ville" in report
    assert "1 villes" not in table + report
