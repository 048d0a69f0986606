# ruff: noqa: S311
"""Ranking a whole round at once gives every city the figures the one-city rules give it."""

import math
import random
from decimal import Decimal as D

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from icc.index.results import comparison, ranking
from icc.index.results.comparison import Entry, GroupKind

BANDS = {"population": [100_000, 400_000], "foreign_born_share": [10, 25]}
AREAS = ("a", "b", "c", "d")


def sample_of(seed: int, size: int) -> list[Entry]:
    """Return a sample with ties, unknown facts and missing areas, best first."""
    rng = random.Random(seed)
    entries = []
    for number in range(size):
        areas = {
            code: D(rng.choice([0, 2500, 5000, 7500, 10000, rng.randint(0, 10000)])) / 100
            for code in AREAS
            if rng.random() > 0.15
        }
        entries.append(
            Entry(
                city_id=number + 1,
                name=rng.choice(["Aa", "Bb", "Cc"]) + str(rng.randint(0, size)),
                slug=f"c{number}",
                overall=D(rng.choice([5000, 6000, rng.randint(0, 10000)])) / 100,
                areas=areas,
                population=rng.choice([None, 50_000, 200_000, rng.randint(10_000, 900_000)]),
                foreign_born_share=rng.choice([None, D("12.5"), D(rng.randint(0, 400)) / 10]),
                national_network_id=rng.choice([None, 1, 2]),
            )
        )
    entries.sort(key=lambda e: (-e.overall, e.city_id))
    return entries


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000), size=st.integers(1, 40))
def test_every_city_gets_the_ranks_and_groups_of_the_one_city_rules(seed: int, size: int) -> None:
    sample = sample_of(seed, size)

    figures = ranking.rank_round(sample, AREAS, bands=BANDS)

    for entry in sample:
        found = figures.cities[entry.city_id]
        groups = comparison.peer_groups(entry, sample, bands=BANDS, area_codes=AREAS)
        expected = {g.kind: (g.rank, g.size) for g in groups}
        assert {k: (g.rank, g.size) for k, g in found.groups.items()} == expected
        similar = next((g for g in groups if g.kind == GroupKind.SIMILAR), None)
        expected_similar = comparison.most_similar(entry, sample, AREAS)
        assert list(found.similar) == [e.city_id for e in expected_similar]
        assert similar is None or len(similar.members) == len(found.similar) + 1
        rows = comparison.compare_areas(entry, sample, [entry], AREAS)
        assert found.area_ranks == {row.code: row.rank for row in rows if row.rank is not None}
        for row in rows:
            area = figures.areas[row.code]
            assert (area.average, area.best, area.answered_by) == (
                row.sample_average,
                row.best,
                row.answered_by,
            )
            assert area.best_city_ids == tuple(e.city_id for e in row.best_cities)


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000), size=st.integers(1, 40))
def test_cities_to_learn_from_are_those_of_the_one_city_rule(seed: int, size: int) -> None:
    sample = sample_of(seed, size)
    figures = ranking.rank_round(sample, AREAS, bands=BANDS)
    city_ids, profiles = ranking.profiles_from_bytes(
        ranking.profiles_to_bytes(figures.city_ids, figures.profiles)
    )
    names = {e.city_id: e.name for e in sample}

    for entry in sample:
        found = ranking.learn_from(
            entry.city_id,
            entry.areas,
            AREAS,
            city_ids,
            profiles,
            lambda ids: {i: names[i] for i in ids},
        )
        expected = comparison.learn_from(entry, sample, AREAS)
        assert [(f.code, f.city_score, f.city_ids) for f in found] == [
            (e.code, e.city_score, tuple(c.city_id for c, _s in e.cities)) for e in expected
        ]


def test_group_ranks_share_ties_within_each_group() -> None:
    scores = np.array([90, 80, 80, 60, 95, 70])
    groups = np.array([0, 0, 0, 0, 1, 1])

    assert ranking.group_ranks(scores).tolist() == [2, 3, 3, 6, 1, 5]
    assert ranking.group_ranks(scores, groups).tolist() == [1, 2, 2, 4, 1, 2]


@pytest.mark.parametrize("size", [0, 1])
def test_an_empty_or_single_round_has_figures(size: int) -> None:
    sample = sample_of(3, size)

    figures = ranking.rank_round(sample, AREAS, bands=BANDS)

    assert len(figures.cities) == size
    if size:
        only = figures.cities[sample[0].city_id]
        assert only.rank == 1 and only.similar == () and math.isfinite(only.rank)
