"""Find the most similar cities of every city of a sample at once, exactly as the pages do.

``comparison.most_similar`` compares one city with every other: over a network of
10,000 cities, every city's peers would take 10,000² distances. This module finds
the same peers for every city together, with a k-d tree over a lower bound of the
distance, and proves each answer before giving it.

The distance (``comparison.profile_distance``) is

    d(a, b) = √(size² + share² + profile²)

with size = |log₂ population a − log₂ population b|, share = |share a − share b| / 10,
and profile = mean over the areas both cities have of |score a − score b| / 25; an
unknown population or share, or no common area, makes that term 1.

**Groups.** Cities are grouped by what they have (population known, share known,
which areas have a score). Between two groups, every pair of cities has the same
known terms and the same common areas C, and so the same constant c (the number
of terms that are 1).

**The bound.** With weights w ≥ 0 and Σ w² = 1, Cauchy–Schwarz gives
Σ w·t ≤ √(Σ t²) for the known terms t, so d ≥ √(c + (Σ w·t)²). The weighted sum
Σ w·t is the Manhattan distance between the points
(w₁·log₂ population, w₂·share / 10, w₃·score₁ / (25·|C|), …, w₃·score_|C| / (25·|C|)),
since the profile term is itself a sum of absolute differences: the bound is tight
in the profile, which separates cities most. (A Euclidean point with the mean area
score, mean|a − b| ≥ |mean a − mean b|, was tried first: over 10 areas it left about
150 candidates per city to check, against about 20 for this one.)

**The proof.** Within a group, one self-join of its tree (``query_pairs``) lists
every pair whose bound is at most a radius R; a city whose ``count``-th exact
distance among its pairs is below R has its answer, since every unlisted city is
further than R. R is set from a small sample of the group so that most cities are
done. For the others, and between groups, the tree gives each city the K targets
of smallest bound; the answer stands when the K-th bound is strictly greater than
the ``count``-th exact distance (no unseen city can then enter it, not even by a
name that sorts first), else K grows (×4), up to the whole group. Groups too small
for a tree, and the cities in them, are compared exactly with everyone: correct,
only slower when many cities lack facts or area scores. A relative margin of 10⁻⁹
covers the rounding of the bound.

**Exact floats.** The distances are the same floats as ``profile_distance``'s: the
area scores are whole hundredths (as published), so the sum of absolute differences
is an exact integer and its mean one correctly rounded division; the logarithms and
shares are computed by Python, per city, as there; the rest are the same IEEE
operations in the same order. Ties therefore agree, and are broken by name (then by
order in the sample, as a stable sort does).
"""

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from scipy.spatial import cKDTree

from icc.index.results.comparison import SIMILAR_COUNT, Entry, most_similar

# Candidates asked of the tree at first, per city, beyond the answer and the city itself.
FIRST_SLACK = 20
# Points per leaf of the k-d trees: measured fastest for 10,000 cities and 10 areas.
LEAF_SIZE = 32
# Cities of a group whose answers set the radius of the group's self-join.
SAMPLE = 128
# The weight of size and of diversity in the bound when the profile counts too (see
# ``_Pair.points``); the profile, made of many areas, is the term that separates most.
FACT_WEIGHT = 0.5
# A group smaller than this is compared exactly with everyone rather than through a tree.
TREE_MIN = 64
# Elements of the largest temporary array of the exact pass (rows × columns × areas).
CHUNK = 1 << 21
# Rounding in the bound (coordinates, the tree's sums) is far below this relative margin.
MARGIN = 1e-9
# Integer hundredths stay exact in float64 when their sums stay below this.
EXACT_LIMIT = 2**50


@dataclass(frozen=True)
class Profiles:
    """The facts the distance reads, one row per city of the sample, in arrays.

    ``areas[i, a]`` is city ``i``'s score in area ``a`` in units of ``1 / scale``
    (hundredths for published results), meaningful where ``has_area[i, a]``.
    ``log2_population`` and ``share`` (the foreign-born share as a float) are
    meaningful where ``has_population`` and ``has_share``. Distances are exact while
    the areas' absolute values summed over a row stay below ``EXACT_LIMIT``
    (``from_entries`` checks it; published scores, 0 to 10,000 hundredths, always do).
    """

    names: Sequence[str]
    log2_population: np.ndarray
    has_population: np.ndarray
    share: np.ndarray
    has_share: np.ndarray
    areas: np.ndarray
    has_area: np.ndarray
    scale: int = 100

    @classmethod
    def from_entries(cls, entries: Sequence[Entry], area_codes: Sequence[str]) -> "Profiles":
        """Return the profiles of a sample's entries; ValueError if a score is too fine."""
        values = [e.areas[c] for e in entries for c in area_codes if c in e.areas]
        places = max([0, *(-int(v.as_tuple().exponent) for v in values)])
        scale = 10**places
        largest = max((abs(v) for v in values), default=Decimal(0))
        if largest * scale * max(1, len(area_codes)) >= EXACT_LIMIT:
            raise ValueError("area scores too fine or too large for exact sums")
        return cls(
            names=[entry.name for entry in entries],
            log2_population=np.array(
                [math.log2(e.population) if e.population else 0.0 for e in entries], dtype=float
            ),
            has_population=np.array([bool(e.population) for e in entries], dtype=bool),
            share=np.array(
                [
                    0.0 if e.foreign_born_share is None else float(e.foreign_born_share)
                    for e in entries
                ],
                dtype=float,
            ),
            has_share=np.array([e.foreign_born_share is not None for e in entries], dtype=bool),
            areas=np.array(
                [[int(e.areas.get(c, Decimal(0)) * scale) for c in area_codes] for e in entries],
                dtype=np.int64,
            ).reshape(len(entries), len(area_codes)),
            has_area=np.array(
                [[c in e.areas for c in area_codes] for e in entries], dtype=bool
            ).reshape(len(entries), len(area_codes)),
            scale=scale,
        )

    def __len__(self) -> int:
        return len(self.names)

    def distances(self, cities: np.ndarray, others: np.ndarray) -> np.ndarray:
        """Return ``profile_distance`` between ``cities`` and ``others`` (broadcast), exactly."""
        both = self.has_population[cities] & self.has_population[others]
        size = np.where(
            both, np.abs(self.log2_population[cities] - self.log2_population[others]), 1.0
        )
        both = self.has_share[cities] & self.has_share[others]
        share = np.where(both, np.abs(self.share[cities] - self.share[others]) / 10, 1.0)
        common = self.has_area[cities] & self.has_area[others]
        counted = common.sum(axis=-1)
        total = np.where(common, np.abs(self.areas[cities] - self.areas[others]), 0).sum(axis=-1)
        profile = np.divide(
            total.astype(float),
            (counted * (25 * self.scale)).astype(float),
            out=np.ones(total.shape),
            where=counted > 0,
        )
        result: np.ndarray = np.sqrt(size * size + share * share + profile * profile)
        return result


def _name_ranks(names: Sequence[str]) -> np.ndarray:
    """Return each city's place in the order of (name, place in the sample)."""
    order = sorted(range(len(names)), key=names.__getitem__)
    ranks = np.empty(len(names), dtype=np.int64)
    ranks[order] = np.arange(len(names))
    return ranks


def _best(
    cities: np.ndarray,
    candidates: np.ndarray,
    distance: np.ndarray,
    name_rank: np.ndarray,
    count: int,
) -> tuple[np.ndarray, np.ndarray]:
    """Keep each row's ``count`` best candidates by (distance, name), the city itself left out.

    Rows are padded with (inf, -1) when they have fewer candidates.
    """
    distance = np.where((candidates == cities[:, None]) | (candidates < 0), np.inf, distance)
    ranks = np.where(candidates < 0, len(name_rank), name_rank[np.maximum(candidates, 0)])
    order = np.lexsort((ranks, distance), axis=-1)[:, :count]
    best_distance = np.take_along_axis(distance, order, axis=-1)
    best = np.where(np.isinf(best_distance), -1, np.take_along_axis(candidates, order, axis=-1))
    if best.shape[1] < count:
        padding = count - best.shape[1]
        best = np.pad(best, ((0, 0), (0, padding)), constant_values=-1)
        best_distance = np.pad(best_distance, ((0, 0), (0, padding)), constant_values=np.inf)
    return best_distance, best


def _best_of(
    distances: Callable[[np.ndarray, np.ndarray], np.ndarray],
    cities: np.ndarray,
    candidates: np.ndarray,
    name_rank: np.ndarray,
    count: int,
    areas: int,
) -> tuple[np.ndarray, np.ndarray]:
    """Return each city's ``count`` best candidates (one row of ``candidates`` per city).

    The exact distances are computed a slice of rows at a time, to bound the memory.
    """
    step = max(1, CHUNK // max(1, candidates.shape[1] * max(1, areas)))
    parts = []
    for start in range(0, len(cities), step):
        rows, row_candidates = cities[start : start + step], candidates[start : start + step]
        distance = distances(rows[:, None], row_candidates)
        parts.append(_best(rows, row_candidates, distance, name_rank, count))
    if not parts:
        return np.empty((0, count)), np.empty((0, count), dtype=np.int64)
    return np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts])


def _exact(
    profiles: Profiles,
    cities: np.ndarray,
    targets: np.ndarray,
    name_rank: np.ndarray,
    count: int,
) -> tuple[np.ndarray, np.ndarray]:
    """Return each city's ``count`` nearest among ``targets``, comparing with every one."""
    candidates = np.broadcast_to(targets, (len(cities), len(targets)))
    return _best_of(
        profiles.distances, cities, candidates, name_rank, count, profiles.areas.shape[1]
    )


class _Pair:
    """Two groups of cities: the terms they both know, their common areas, and the bound.

    Every pair of cities drawn from the two groups has the same known terms and the
    same common areas, so the distance needs no test per pair, and one point per city
    gives the bound.
    """

    def __init__(self, profiles: Profiles, city: int, other: int) -> None:
        self.profiles = profiles
        self.has_size = bool(profiles.has_population[city] and profiles.has_population[other])
        self.has_share = bool(profiles.has_share[city] and profiles.has_share[other])
        common = np.flatnonzero(profiles.has_area[city] & profiles.has_area[other])
        areas = profiles.areas[:, common]
        largest = int(np.abs(areas).max(initial=0))
        # The smallest integers whose differences cannot overflow: less memory to read.
        dtype = np.int16 if largest < 2**14 else np.int32 if largest < 2**30 else np.int64
        self.areas = areas.astype(dtype)
        self.common = len(common)
        # Each unknown term is 1 under the root.
        self.constant = float((not self.has_size) + (not self.has_share) + (not self.common))

    @property
    def is_constant(self) -> bool:
        return not (self.has_size or self.has_share or self.common)

    def distances(self, cities: np.ndarray, others: np.ndarray) -> np.ndarray:
        """Return ``profile_distance`` between ``cities`` and ``others`` (broadcast), exactly."""
        profiles = self.profiles
        size: Any = 1.0
        if self.has_size:
            size = np.abs(profiles.log2_population[cities] - profiles.log2_population[others])
        share: Any = 1.0
        if self.has_share:
            share = np.abs(profiles.share[cities] - profiles.share[others]) / 10
        profile: Any = 1.0
        if self.common:
            total = np.abs(self.areas[cities] - self.areas[others]).sum(axis=-1, dtype=np.int64)
            profile = total / float(self.common * 25 * profiles.scale)
        result = np.sqrt(size * size + share * share + profile * profile)
        return np.broadcast_to(result, np.broadcast(cities, others).shape)

    def points(self, cities: np.ndarray) -> np.ndarray:
        """Return points whose Manhattan distances bound the known terms of the distance.

        Each known term t (size, share, profile) gets a weight w, with Σ w² = 1, so
        that the Manhattan distance Σ w·t is at most √(Σ t²) (Cauchy–Schwarz), and
        √(constant + (Σ w·t)²) at most the distance.
        """
        facts = self.has_size + self.has_share
        fact_weight = FACT_WEIGHT if self.common else 1 / math.sqrt(facts)
        columns = []
        if self.has_size:
            columns.append(fact_weight * self.profiles.log2_population[cities])
        if self.has_share:
            columns.append(fact_weight * self.profiles.share[cities] / 10)
        result = np.column_stack(columns) if columns else np.empty((len(cities), 0))
        if self.common:
            profile_weight = math.sqrt(1 - facts * fact_weight**2)
            unit = profile_weight / (self.common * 25 * self.profiles.scale)
            result = np.hstack([result, self.areas[cities] * unit])
        return result

    def bound(self, manhattan: np.ndarray) -> np.ndarray:
        """Return the lower bound of the distance for a Manhattan distance between points."""
        result: np.ndarray = np.sqrt(self.constant + manhattan * manhattan)
        return result

    def best_of(
        self, cities: np.ndarray, candidates: np.ndarray, name_rank: np.ndarray, count: int
    ) -> tuple[np.ndarray, np.ndarray]:
        return _best_of(self.distances, cities, candidates, name_rank, count, self.common)


def _below(bound: np.ndarray, distance: np.ndarray) -> np.ndarray:
    """Tell where a distance is certainly below a bound computed in floating point."""
    result: np.ndarray = distance * (1 + MARGIN) + MARGIN < bound
    return result


def _nearest_through_tree(
    pair: _Pair,
    tree: "cKDTree",
    cities: np.ndarray,
    targets: np.ndarray,
    name_rank: np.ndarray,
    count: int,
) -> tuple[np.ndarray, np.ndarray]:
    """Return each city's ``count`` nearest among ``targets`` (the tree's points), proven.

    Asks the tree for the K targets of smallest bound, and keeps a city's answer when
    the K-th bound is above its ``count``-th exact distance; K grows (×4) for the others.
    """
    points = pair.points(cities)
    best_distance = np.full((len(cities), count), np.inf)
    best = np.full((len(cities), count), -1, dtype=np.int64)
    pending = np.arange(len(cities))
    asked = min(count + 1 + FIRST_SLACK, len(targets))
    while len(pending):
        manhattan, found = tree.query(points[pending], k=[*range(1, asked + 1)], p=1)
        distance, chosen = pair.best_of(cities[pending], targets[found], name_rank, count)
        if asked >= len(targets):
            proven = np.ones(len(pending), dtype=bool)
        else:
            proven = _below(pair.bound(manhattan[:, -1]), distance[:, -1])
        best_distance[pending[proven]] = distance[proven]
        best[pending[proven]] = chosen[proven]
        pending = pending[~proven]
        asked = min(asked * 4, len(targets))
    return best_distance, best


def _by_row_then_distance(rows: np.ndarray, distance: np.ndarray, ranks: np.ndarray) -> np.ndarray:
    """Return the order by (row, distance, rank), with two stable sorts when nothing ties."""
    order = np.argsort(distance, kind="stable")
    # Row numbers as 16-bit integers let numpy sort them by radix.
    keys = rows.astype(np.int16) if len(rows) and rows.max() < 2**15 else rows
    order = order[np.argsort(keys[order], kind="stable")]
    ordered_rows, ordered = rows[order], distance[order]
    if ((ordered_rows[1:] == ordered_rows[:-1]) & (ordered[1:] == ordered[:-1])).any():
        result: np.ndarray = np.lexsort((ranks, distance, rows))
        return result
    return order


def _nearest_in_group(
    pair: _Pair, tree: "cKDTree", cities: np.ndarray, name_rank: np.ndarray, count: int
) -> tuple[np.ndarray, np.ndarray]:
    """Return each city's ``count`` nearest in its own group (the tree's points), proven.

    One self-join of the tree finds every pair within a radius R of each other (in
    bound); a city whose ``count``-th exact distance among those is below R has its
    answer, since every other city is further than R. R is the 90th percentile of the
    answers of a sample, so that most cities are done; the rest go through
    ``_nearest_through_tree``.
    """
    sample = cities[np.linspace(0, len(cities) - 1, min(len(cities), SAMPLE)).astype(np.int64)]
    upper, _found = _nearest_through_tree(pair, tree, sample, cities, name_rank, count)
    radius = float(np.quantile(upper[:, -1], 0.9))
    manhattan = math.sqrt(max(radius * radius - pair.constant, 0.0))
    pairs = tree.query_pairs(manhattan, p=1, output_type="ndarray")
    # The distance is symmetric, to the last bit: each pair is computed once.
    once = pair.distances(cities[pairs[:, 0]], cities[pairs[:, 1]])
    rows = np.concatenate([pairs[:, 0], pairs[:, 1]])
    candidates = cities[np.concatenate([pairs[:, 1], pairs[:, 0]])]
    distance = np.concatenate([once, once])
    keep = _below(pair.bound(np.array(manhattan)), distance)
    rows, candidates, distance = rows[keep], candidates[keep], distance[keep]
    order = _by_row_then_distance(rows, distance, name_rank[candidates])
    rows, candidates, distance = rows[order], candidates[order], distance[order]
    place = np.arange(len(rows)) - np.searchsorted(rows, np.arange(len(cities)))[rows]
    chosen = place < count
    best_distance = np.full((len(cities), count), np.inf)
    best = np.full((len(cities), count), -1, dtype=np.int64)
    best_distance[rows[chosen], place[chosen]] = distance[chosen]
    best[rows[chosen], place[chosen]] = candidates[chosen]
    pending = np.flatnonzero(best[:, -1] < 0)
    if len(pending):
        found = _nearest_through_tree(pair, tree, cities[pending], cities, name_rank, count)
        best_distance[pending], best[pending] = found
    return best_distance, best


def _through_tree(
    profiles: Profiles,
    cities: np.ndarray,
    targets: np.ndarray,
    name_rank: np.ndarray,
    count: int,
) -> tuple[np.ndarray, np.ndarray]:
    """Return each city's ``count`` nearest among ``targets``, proven through the bound.

    Every city of ``cities`` shares one kind of profile, and so does every target.
    """
    pair = _Pair(profiles, int(cities[0]), int(targets[0]))
    if len(targets) <= count + 1 + FIRST_SLACK:
        return _exact(profiles, cities, targets, name_rank, count)
    if pair.is_constant:
        # Every distance is √3: the nearest are the first by name.
        nearest = targets[np.argsort(name_rank[targets], kind="stable")[: count + 1]]
        return _exact(profiles, cities, nearest, name_rank, count)
    # scipy is read only where a round is large enough for a tree: web workers that
    # never publish such a round never load it.
    from scipy.spatial import cKDTree

    tree = cKDTree(pair.points(targets), leafsize=LEAF_SIZE)
    if cities is targets:
        return _nearest_in_group(pair, tree, cities, name_rank, count)
    return _nearest_through_tree(pair, tree, cities, targets, name_rank, count)


def nearest(profiles: Profiles, count: int = SIMILAR_COUNT) -> np.ndarray:
    """Return each city's ``count`` most similar cities (row indices), nearest first.

    The same cities, in the same order, as ``comparison.most_similar`` for each city;
    rows are padded with -1 when the sample has fewer than ``count`` other cities.
    """
    size = len(profiles)
    if size == 0 or count <= 0:
        return np.empty((size, max(count, 0)), dtype=np.int64)
    name_rank = _name_ranks(profiles.names)
    kinds = np.column_stack([profiles.has_population, profiles.has_share, profiles.has_area])
    # One integer per kind of profile (its bits), or, with very many areas, one row.
    if kinds.shape[1] < 63:
        keys = kinds.astype(np.int64) @ (1 << np.arange(kinds.shape[1], dtype=np.int64))
        _kinds, group_of = np.unique(keys, return_inverse=True)
    else:
        _rows, group_of = np.unique(kinds.astype(np.uint8), axis=0, return_inverse=True)
    group_of = group_of.reshape(-1)
    groups = [np.flatnonzero(group_of == g) for g in range(int(group_of.max()) + 1)]
    large = [g for g in groups if len(g) >= TREE_MIN]
    rest = np.concatenate([g for g in groups if len(g) < TREE_MIN] or [np.empty(0, np.int64)])
    found_distance: list[np.ndarray] = []
    found: list[np.ndarray] = []
    everyone = np.arange(size)
    for cities in large:
        parts = [_through_tree(profiles, cities, targets, name_rank, count) for targets in large]
        if len(rest):
            parts.append(_exact(profiles, cities, rest, name_rank, count))
        distance = np.concatenate([p[0] for p in parts], axis=1)
        candidates = np.concatenate([p[1] for p in parts], axis=1)
        best_distance, best = _best(cities, candidates, distance, name_rank, count)
        found_distance.append(best_distance)
        found.append(best)
    if len(rest):
        best_distance, best = _exact(profiles, rest, everyone, name_rank, count)
        found_distance.append(best_distance)
        found.append(best)
    result = np.full((size, count), -1, dtype=np.int64)
    result[np.concatenate([*large, rest]).astype(np.int64)] = np.concatenate(found)
    return result


def similar_ranks(neighbours: np.ndarray, overall: np.ndarray) -> np.ndarray:
    """Return each city's rank by overall score among itself and its ``neighbours``.

    As ``comparison.rank_of`` in the peer group of the most similar cities: 1 plus the
    number of neighbours with a higher score (ties share the better rank).
    """
    valid = neighbours >= 0
    higher = valid & (overall[np.maximum(neighbours, 0)] > overall[:, None])
    ranks: np.ndarray = 1 + higher.sum(axis=1)
    return ranks


def most_similar_of_each(
    sample: Sequence[Entry], area_codes: Sequence[str], count: int = SIMILAR_COUNT
) -> dict[int, list[Entry]]:
    """Return ``comparison.most_similar`` of every city of the sample, by city id."""
    try:
        profiles = Profiles.from_entries(sample, area_codes)
    except ValueError:
        return {e.city_id: most_similar(e, sample, area_codes, count) for e in sample}
    rows = nearest(profiles, count)
    return {
        entry.city_id: [sample[i] for i in row if i >= 0]
        for entry, row in zip(sample, rows.tolist(), strict=True)
    }
