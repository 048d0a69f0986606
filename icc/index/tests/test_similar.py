"""The network-wide search finds, for every city, the same most similar cities as the pages."""

import random
from decimal import Decimal

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from icc.index.results import comparison, similar
from icc.index.results.comparison import Entry, GroupKind

CODES = ("a", "b", "c")


def entry(city_id: int, name: str, overall: str, population, share, **areas: str) -> Entry:
    return Entry(
        city_id,
        name,
        f"city-{city_id}",
        Decimal(overall),
        {code: Decimal(value) for code, value in areas.items()},
        population,
        None if share is None else Decimal(share),
    )


def expected_neighbours(sample: list[Entry], codes=CODES, count=5) -> dict[int, list[int]]:
    return {
        e.city_id: [n.city_id for n in comparison.most_similar(e, sample, codes, count)]
        for e in sample
    }


def found_neighbours(sample: list[Entry], codes=CODES, count=5) -> dict[int, list[int]]:
    found = similar.most_similar_of_each(sample, codes, count)
    return {city_id: [n.city_id for n in entries] for city_id, entries in found.items()}


# Few distinct values, so that names, distances and profiles often tie.
populations = st.sampled_from([None, 0, 50_000, 100_000, 200_000, 400_000, 123_457])
shares = st.sampled_from([None, "0", "5.5", "10", "15.25", "20", "7.3"])
scores = st.sampled_from(["0", "12.5", "25", "50", "50.01", "75", "99.99", "100"])


@st.composite
def samples(draw: st.DrawFn, max_size: int = 14) -> list[Entry]:
    size = draw(st.integers(0, max_size))
    result = []
    for city_id in range(size):
        areas = {
            code: draw(scores)
            for code in CODES
            if draw(st.integers(0, 5)) > 0  # most cities have most areas
        }
        result.append(
            entry(
                city_id,
                draw(st.sampled_from(["Lyon", "Oslo", "Bergen", "Lyon ", "Åarhus"])),
                draw(scores),
                draw(populations),
                draw(shares),
                **areas,
            )
        )
    return result


@settings(max_examples=60, deadline=None)
@given(sample=samples(), count=st.integers(1, 6))
def test_every_city_gets_the_cities_most_similar_would_give(
    sample: list[Entry], count: int
) -> None:
    assert found_neighbours(sample, count=count) == expected_neighbours(sample, count=count)


@settings(max_examples=30, deadline=None)
@given(sample=samples(max_size=28), slack=st.integers(0, 3))
def test_the_tree_and_its_proof_agree_with_most_similar(sample: list[Entry], slack: int) -> None:
    # Every group goes through a tree, and a tiny first K makes most answers widen.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(similar, "TREE_MIN", 1)
        patch.setattr(similar, "FIRST_SLACK", slack)
        assert found_neighbours(sample) == expected_neighbours(sample)


def random_network(size: int, seed: int) -> list[Entry]:
    rng = random.Random(seed)  # noqa: S311 (test data)
    sample = []
    for city_id in range(size):
        known = rng.random()
        areas = {
            code: str(Decimal(rng.randint(0, 10_000)) / 100)
            for code in CODES
            if known > 0.05 or rng.random() < 0.5
        }
        sample.append(
            entry(
                city_id,
                f"City {rng.randint(0, size // 2)}",
                str(Decimal(rng.randint(0, 10_000)) / 100),
                None if 0.05 < known < 0.08 else int(30_000 * 10 ** rng.uniform(0, 2.5)),
                None if 0.08 < known < 0.1 else str(round(rng.uniform(1, 45), 1)),
                **areas,
            )
        )
    return sample


def test_a_network_with_unknown_facts_and_missing_areas_agrees_with_most_similar() -> None:
    sample = random_network(240, seed=5)

    assert found_neighbours(sample) == expected_neighbours(sample)


@pytest.mark.parametrize("size", range(1, 7))
def test_tiny_samples(size: int) -> None:
    sample = random_network(size, seed=size)

    assert found_neighbours(sample) == expected_neighbours(sample)


def test_rows_are_padded_when_the_sample_is_small() -> None:
    sample = random_network(3, seed=1)
    profiles = similar.Profiles.from_entries(sample, CODES)

    rows = similar.nearest(profiles, 5)

    assert rows.shape == (3, 5)
    assert (rows[:, 2:] == -1).all() and (rows[:, :2] >= 0).all()
    assert similar.nearest(similar.Profiles.from_entries([], CODES)).shape == (0, 5)


def test_exact_distances_are_the_floats_of_profile_distance() -> None:
    sample = random_network(60, seed=9)
    profiles = similar.Profiles.from_entries(sample, CODES)
    everyone = np.arange(len(sample))

    distances = profiles.distances(everyone[:, None], everyone[None, :])

    for i, a in enumerate(sample):
        assert distances[i].tolist() == [comparison.profile_distance(a, b, CODES) for b in sample]


def test_similar_rank_is_the_rank_the_peer_group_shows() -> None:
    sample = random_network(80, seed=3)
    profiles = similar.Profiles.from_entries(sample, CODES)
    overall = np.array([int(e.overall * 100) for e in sample])

    ranks = similar.similar_ranks(similar.nearest(profiles), overall)

    for index, city in enumerate(sample):
        groups = comparison.peer_groups(city, sample, bands={}, area_codes=CODES)
        group = next(g for g in groups if g.kind == GroupKind.SIMILAR)
        assert ranks[index] == group.rank


def test_scores_finer_than_the_float_can_hold_fall_back_to_most_similar() -> None:
    sample = [
        entry(1, "A", "50", 100_000, "10", a="0.123456789012345678"),
        entry(2, "B", "60", 200_000, "12", a="0.5"),
        entry(3, "C", "70", 300_000, "14", a="1"),
    ]
    with pytest.raises(ValueError):
        similar.Profiles.from_entries(sample, CODES)

    assert found_neighbours(sample) == expected_neighbours(sample)
