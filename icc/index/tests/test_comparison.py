"""Ranks, peer groups, area comparisons and learn-from on a sample whose answers are known."""

from decimal import Decimal as D

import pytest

from icc.index.results import comparison
from icc.index.results.comparison import Entry, GroupKind

BANDS = {"population": [200_000], "foreign_born_share": [15]}
AREAS = ("a", "b")


def city(city_id, overall, population, share, network=None, a=None, b=None):
    areas = {k: D(v) for k, v in (("a", a), ("b", b)) if v is not None}
    return Entry(
        city_id,
        f"City {city_id}",
        f"city-{city_id}",
        D(overall),
        areas,
        population,
        D(share),
        network,
        "Net" if network else "",
    )


# Overall scores, sizes and foreign-born shares chosen so every rank is known by hand.
SAMPLE = [
    city(1, 90, 500_000, 20, network=7, a=95, b=85),
    city(2, 80, 150_000, 10, network=7, a=60, b=100),
    city(3, 80, 300_000, 5, a=70, b=90),
    city(4, 60, 100_000, 30, network=7, a=40, b=80),
    city(5, 40, 250_000, 16, a=20, b=60),
]


def groups_of(entry, **kwargs):
    groups = comparison.peer_groups(entry, SAMPLE, bands=BANDS, area_codes=AREAS, **kwargs)
    return {g.kind: g for g in groups}


def test_rank_in_the_whole_sample_shares_ties():
    assert [comparison.rank_of(e.city_id, SAMPLE) for e in SAMPLE] == [1, 2, 2, 4, 5]


def test_peer_groups_by_band_and_network():
    groups = groups_of(SAMPLE[2])  # city 3: 300,000 inhabitants, 5% foreign-born
    population = groups[GroupKind.POPULATION]
    assert [e.city_id for e in population.members] == [1, 3, 5]
    assert population.rank == 2 and population.bounds == (200_000, None)
    share = groups[GroupKind.FOREIGN_BORN]
    assert {e.city_id for e in share.members} == {2, 3}
    assert share.rank == 1 and share.bounds == (None, 15)
    assert GroupKind.NATIONAL_NETWORK not in groups


def test_national_network_group_and_a_custom_set():
    groups = groups_of(SAMPLE[3], custom_ids=[5, 1])  # city 4, network 7
    assert [e.city_id for e in groups[GroupKind.NATIONAL_NETWORK].members] == [1, 2, 4]
    assert groups[GroupKind.NATIONAL_NETWORK].rank == 3
    assert [e.city_id for e in groups[GroupKind.CUSTOM].members] == [1, 4, 5]
    assert groups[GroupKind.CUSTOM].rank == 2


def test_bands_are_configurable():
    groups = comparison.peer_groups(
        SAMPLE[4],
        SAMPLE,
        bands={"population": [120_000, 400_000], "foreign_born_share": []},
        area_codes=AREAS,
    )
    population = next(g for g in groups if g.kind == GroupKind.POPULATION)
    assert {e.city_id for e in population.members} == {2, 3, 5}
    assert population.bounds == (120_000, 400_000)


def test_most_similar_cities_are_nearest_in_size_diversity_and_profile():
    similar = comparison.most_similar(SAMPLE[0], SAMPLE, AREAS, count=2)
    assert [e.city_id for e in similar] == [3, 2]


def test_areas_against_sample_peers_and_best():
    rows = {r.code: r for r in comparison.compare_areas(SAMPLE[1], SAMPLE, SAMPLE[:2], AREAS)}
    assert rows["a"].city == D(60) and rows["a"].sample_average == D("57.00")
    assert rows["a"].peer_average == D("77.50") and rows["a"].best == D(95)
    assert rows["a"].rank == 3 and rows["a"].answered_by == 5
    assert [e.city_id for e in rows["b"].best_cities] == [2] and rows["b"].rank == 1


def test_learn_from_points_to_strong_cities_nearest_first():
    (weakest, *_rest) = comparison.learn_from(SAMPLE[4], SAMPLE, AREAS, areas=1, per_area=2)
    assert weakest.code == "a"
    # Cities 1 and 3 lead in area "a"; city 3 is nearer city 5 in size and diversity.
    assert [e.city_id for e, _score in weakest.cities] == [3, 1]


def test_strengths_and_weaknesses_against_the_sample_average():
    rows = comparison.compare_areas(SAMPLE[1], SAMPLE, SAMPLE, AREAS)
    strengths, weaknesses = comparison.strengths_and_weaknesses(rows)
    assert [r.code for r in strengths] == ["b", "a"] and weaknesses == []


@pytest.mark.parametrize("value,band", [(None, None), (199_999, 0), (200_000, 1)])
def test_band_of(value, band):
    assert comparison.band_of(value, [200_000]) == band
