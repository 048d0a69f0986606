"""Rank a round's published results once, at publication: every rank and peer group at once.

Pure computation on plain values (no ORM, no request). ``rank_round`` takes the
round's sample (``comparison.Entry``, best first) and gives every city what the
results pages show of it: its rank in the round, in each area, in each peer group
(population band, foreign-born band, national network, the most similar cities) and
the size of each group, its most similar cities (``similar.nearest``), and for the
round, each area's average, best score, best cities and number of cities scored.
The figures are those ``comparison.peer_groups`` and ``comparison.compare_areas``
give one city at a time; numpy ranks the whole round in a few array operations.

``learn_from`` finds, for one city at a time, the cities to learn from in its weakest
areas among the round's profiles kept with the stored results (``Profiles.to_bytes``).
"""

import io
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import numpy as np

from icc.index.results import similar
from icc.index.results.comparison import (
    LEARN_FROM_AREAS,
    LEARN_FROM_CITIES,
    SIMILAR_COUNT,
    Entry,
    GroupKind,
    band_of,
    mean_of_total,
)


@dataclass(frozen=True)
class GroupFigures:
    """The city's rank in one peer group and the group's size (the city included)."""

    rank: int
    size: int
    band: int | None = None


@dataclass(frozen=True)
class CityFigures:
    """What the pages show of one city of the round, computed with every other city."""

    city_id: int
    rank: int
    area_ranks: dict[str, int]
    groups: dict[GroupKind, GroupFigures]
    similar: tuple[int, ...]  # city ids, nearest first


@dataclass(frozen=True)
class AreaFigures:
    """One area over the round: the average, the best score and its cities, how many scored."""

    average: Decimal | None
    best: Decimal | None
    best_city_ids: tuple[int, ...]
    answered_by: int


@dataclass(frozen=True)
class RoundFigures:
    """Every city's figures and every area's, for one round."""

    cities: dict[int, CityFigures]
    areas: dict[str, AreaFigures]
    profiles: similar.Profiles
    city_ids: tuple[int, ...]  # the sample's order, as the profiles' rows


def group_ranks(scores: np.ndarray, groups: np.ndarray | None = None) -> np.ndarray:
    """Rank every city by score within its group, highest first; ties share the better rank.

    ``groups`` holds each city's group as an integer (without it, one group). The rank
    is 1 plus the number of the group's cities with a higher score, as
    ``comparison.rank_of`` counts it.
    """
    count = len(scores)
    if groups is None:
        groups = np.zeros(count, dtype=np.int64)
    order = np.lexsort((-scores, groups))
    ordered_scores, ordered_groups = scores[order], groups[order]
    starts = np.ones(count, dtype=bool)
    starts[1:] = (ordered_scores[1:] != ordered_scores[:-1]) | (
        ordered_groups[1:] != ordered_groups[:-1]
    )
    group_starts = np.ones(count, dtype=bool)
    group_starts[1:] = ordered_groups[1:] != ordered_groups[:-1]
    positions = np.arange(count)
    first_of_tie = np.maximum.accumulate(np.where(starts, positions, 0))
    first_of_group = np.maximum.accumulate(np.where(group_starts, positions, 0))
    result = np.empty(count, dtype=np.int64)
    result[order] = first_of_tie - first_of_group + 1
    return result


def _hundredths(value: Decimal) -> int:
    return int(value * 100)


def _in_groups(
    kind: GroupKind,
    keys: Sequence[int | None],
    overall: np.ndarray,
    groups: dict[int, dict[GroupKind, GroupFigures]],
    bands: bool,
) -> None:
    """Rank each city with a key among the cities with the same key."""
    known = np.array([key is not None for key in keys], dtype=bool)
    if not known.any():
        return
    rows = np.flatnonzero(known)
    values = np.array([keys[i] for i in rows.tolist()], dtype=np.int64)
    ranks = group_ranks(overall[rows], values)
    _unique, inverse, counts = np.unique(values, return_inverse=True, return_counts=True)
    for row, rank, size, key in zip(
        rows.tolist(), ranks.tolist(), counts[inverse].tolist(), values.tolist(), strict=True
    ):
        groups[row][kind] = GroupFigures(rank, size, key if bands else None)


def rank_round(
    entries: Sequence[Entry],
    area_codes: Sequence[str],
    *,
    bands: Mapping[str, Sequence[float]],
    similar_count: int = SIMILAR_COUNT,
) -> RoundFigures:
    """Return every city's ranks, peer groups and most similar cities, and the areas' figures.

    ``entries`` is the round's sample in its order (best first, then by city id); the
    entries' names break ties between equally similar cities.
    """
    size = len(entries)
    overall = np.array([_hundredths(e.overall) for e in entries], dtype=np.int64)
    rank = group_ranks(overall) if size else overall
    groups: dict[int, dict[GroupKind, GroupFigures]] = {i: {} for i in range(size)}
    for i in range(size):
        groups[i][GroupKind.SAMPLE] = GroupFigures(int(rank[i]), size)
    population = bands.get("population", ())
    _in_groups(
        GroupKind.POPULATION,
        [band_of(e.population, population) for e in entries],
        overall,
        groups,
        True,
    )
    shares = bands.get("foreign_born_share", ())
    _in_groups(
        GroupKind.FOREIGN_BORN,
        [band_of(e.foreign_born_share, shares) for e in entries],
        overall,
        groups,
        True,
    )
    _in_groups(
        GroupKind.NATIONAL_NETWORK,
        [e.national_network_id for e in entries],
        overall,
        groups,
        False,
    )
    try:
        profiles = similar.Profiles.from_entries(entries, area_codes)
    except ValueError:
        raise ValueError("area scores must be published figures (two decimals)") from None
    nearest = similar.nearest(profiles, similar_count) if size else np.empty((0, 0), np.int64)
    similar_rank = similar.similar_ranks(nearest, overall) if size else overall
    area_ranks: dict[int, dict[str, int]] = {i: {} for i in range(size)}
    areas: dict[str, AreaFigures] = {}
    city_ids = np.array([e.city_id for e in entries], dtype=np.int64)
    for column, code in enumerate(area_codes):
        rows = np.flatnonzero(profiles.has_area[:, column])
        if not len(rows):
            areas[code] = AreaFigures(None, None, (), 0)
            continue
        # The profiles hold each score exactly, in units of 1/scale: the sum, the best
        # and its cities are those of the decimals.
        values = profiles.areas[rows, column]
        best_rows = rows[values == values.max()]
        total = Decimal(int(values.sum())) / Decimal(profiles.scale)
        areas[code] = AreaFigures(
            average=mean_of_total(total, len(rows)),
            best=entries[int(best_rows[0])].areas[code],
            best_city_ids=tuple(city_ids[best_rows].tolist()),
            answered_by=len(rows),
        )
        ranks = group_ranks(values)
        for row, area_rank in zip(rows.tolist(), ranks.tolist(), strict=True):
            area_ranks[row][code] = area_rank
    cities = {}
    for i, entry in enumerate(entries):
        neighbours = tuple(entries[j].city_id for j in nearest[i].tolist() if j >= 0)
        if neighbours:
            groups[i][GroupKind.SIMILAR] = GroupFigures(int(similar_rank[i]), len(neighbours) + 1)
        cities[entry.city_id] = CityFigures(
            city_id=entry.city_id,
            rank=int(rank[i]),
            area_ranks=area_ranks[i],
            groups=groups[i],
            similar=neighbours,
        )
    return RoundFigures(cities, areas, profiles, tuple(e.city_id for e in entries))


def profiles_to_bytes(city_ids: Sequence[int], profiles: similar.Profiles) -> bytes:
    """Return the round's profiles as bytes to keep with the stored results (numpy's format)."""
    buffer = io.BytesIO()
    np.savez(
        buffer,
        city_ids=np.array(city_ids, dtype=np.int64),
        log2_population=profiles.log2_population,
        has_population=profiles.has_population,
        share=profiles.share,
        has_share=profiles.has_share,
        areas=profiles.areas.astype(np.int32),
        has_area=profiles.has_area,
        scale=np.array([profiles.scale]),
    )
    return buffer.getvalue()


def profiles_from_bytes(data: bytes) -> tuple[np.ndarray, similar.Profiles]:
    """Return the city ids and the profiles kept by ``profiles_to_bytes``."""
    arrays = np.load(io.BytesIO(data), allow_pickle=False)
    city_ids = arrays["city_ids"]
    profiles = similar.Profiles(
        names=[""] * len(city_ids),
        log2_population=arrays["log2_population"],
        has_population=arrays["has_population"],
        share=arrays["share"],
        has_share=arrays["has_share"],
        areas=arrays["areas"].astype(np.int64),
        has_area=arrays["has_area"],
        scale=int(arrays["scale"][0]),
    )
    return city_ids, profiles


@dataclass(frozen=True)
class LearnFromIds:
    """One of the city's weakest areas, its score there, and the ids of the cities to learn from."""

    code: str
    city_score: Decimal
    city_ids: tuple[int, ...]


def learn_from(
    city_id: int,
    city_areas: Mapping[str, Decimal],
    area_codes: Sequence[str],
    city_ids: np.ndarray,
    profiles: similar.Profiles,
    names: Callable[[list[int]], Mapping[int, str]],
    *,
    areas: int = LEARN_FROM_AREAS,
    per_area: int = LEARN_FROM_CITIES,
) -> list[LearnFromIds]:
    """Return, for each of the city's weakest areas, the strongest cities nearest in profile.

    The same cities as ``comparison.learn_from``: the candidates in an area beat the
    city there and stand in the top half of the sample (in the sample's order); nearest
    in profile first, then by name (``names(ids)`` gives the names of the few tied).
    """
    weakest = sorted((c for c in area_codes if c in city_areas), key=lambda c: (city_areas[c], c))[
        :areas
    ]
    rows = np.flatnonzero(city_ids == city_id)
    if not len(rows):
        return []
    row = int(rows[0])
    found: list[tuple[str, Decimal, np.ndarray, np.ndarray]] = []
    for code in weakest:
        column = list(area_codes).index(code)
        scored = np.flatnonzero(profiles.has_area[:, column])
        scored = scored[scored != row]
        values = profiles.areas[scored, column]
        # A stable sort keeps the sample's order between equal scores, as ``sorted`` does.
        top = scored[np.argsort(-values, kind="stable")][: max(1, math.ceil(len(scored) / 2))]
        own = int(city_areas[code] * profiles.scale)
        candidates = top[profiles.areas[top, column] > own]
        distance = profiles.distances(np.array(row), candidates) if len(candidates) else np.empty(0)
        order = np.argsort(distance, kind="stable")
        if len(order) > per_area:
            # Only the cities as near as the last one kept can change places by name.
            limit = distance[order[per_area - 1]]
            order = order[distance[order] <= limit]
        found.append((code, city_areas[code], candidates[order], distance[order]))
    wanted = sorted({int(city_ids[i]) for _c, _s, rows_, _d in found for i in rows_.tolist()})
    named = names(wanted) if wanted else {}
    suggestions = []
    for code, score, rows_, distance in found:
        ids = [int(city_ids[i]) for i in rows_.tolist()]
        ranked: list[Any] = sorted(
            zip(distance.tolist(), ids, strict=True),
            key=lambda item: (item[0], named.get(item[1], "")),
        )
        suggestions.append(LearnFromIds(code, score, tuple(i for _d, i in ranked[:per_area])))
    return suggestions
