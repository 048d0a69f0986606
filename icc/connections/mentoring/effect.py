"""The measured effect of mentoring: did the mentored areas move more than the others?

Pure computation: no ORM, no request. For each goal of a closed scheme whose mentee
has published a result in a round after the goal's baseline round, three changes are
compared between the same two rounds:

- the mentored area of the mentee (new score − baseline);
- the same mentee's other areas (those no goal of its covers);
- the same area of non-mentored cities of the same size band and band of foreign-born
  residents that published in both rounds.

Every figure carries the number of distinct cities behind it; under ``MIN_CITIES``
cities it is not a claim (``Figure.is_claim``), and pages say so instead of a number.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

MIN_CITIES = 5


@dataclass(frozen=True)
class GoalOutcome:
    """A goal of a closed scheme, with the mentee's rounds before and after."""

    mentee_id: int
    area: str
    baseline_round_id: int
    new_round_id: int


@dataclass(frozen=True)
class Figure:
    """A mean change in points, the number of cities and of changes behind it."""

    mean: Decimal | None
    cities: int
    changes: int

    @property
    def is_claim(self) -> bool:
        """Return whether enough cities stand behind the figure to state it."""
        return self.mean is not None and self.cities >= MIN_CITIES


@dataclass(frozen=True)
class Effect:
    """The three figures of the effect, across closed schemes."""

    mentored: Figure
    other_areas: Figure
    comparison: Figure


def _figure(changes: Sequence[tuple[int, Decimal]]) -> Figure:
    if not changes:
        return Figure(None, 0, 0)
    total = sum((change for _city, change in changes), Decimal(0))
    return _mean_figure(total, len(changes), {city for city, _c in changes})


def _mean_figure(total: Decimal, changes: int, cities: set[int]) -> Figure:
    if not changes:
        return Figure(None, 0, 0)
    return Figure((total / changes).quantize(Decimal("0.1")), len(cities), changes)


@dataclass
class _Changes:
    """The changes of one area among the non-mentored cities of one band: sum, count, cities."""

    total: Decimal
    count: int
    cities: frozenset[int]


def measure_effect(
    outcomes: Sequence[GoalOutcome],
    *,
    results: Mapping[int, Mapping[int, Mapping[str, Decimal]]],
    bands: Mapping[int, tuple[int | None, int | None]],
    mentored_ids: set[int],
) -> Effect:
    """Return the effect of the ``outcomes`` (see the module's docstring).

    ``results`` maps a round id to each city's area scores in it; ``bands`` a city id
    to its (size band, foreign-born band); ``mentored_ids`` are the cities ever mentored,
    left out of the comparison. The comparison cities' changes are summed once per pair
    of rounds, band and area, however many mentees share them: linear in the cities.
    """
    mentored: list[tuple[int, Decimal]] = []
    other: list[tuple[int, Decimal]] = []
    compared_total, compared_count, compared_cities = Decimal(0), 0, set[int]()
    goals_of: dict[tuple[int, int, int], set[str]] = {}
    for outcome in outcomes:
        key = (outcome.mentee_id, outcome.baseline_round_id, outcome.new_round_id)
        goals_of.setdefault(key, set()).add(outcome.area)
    by_band: dict[tuple[int, int], dict[tuple[int | None, int | None], dict[str, _Changes]]] = {}
    for (mentee, before_round, after_round), areas in sorted(goals_of.items()):
        before = results.get(before_round, {})
        after = results.get(after_round, {})
        if mentee not in before or mentee not in after:
            continue
        for area, score in sorted(after[mentee].items()):
            if area not in before[mentee]:
                continue
            change = score - before[mentee][area]
            (mentored if area in areas else other).append((mentee, change))
        rounds = (before_round, after_round)
        if rounds not in by_band:
            by_band[rounds] = _band_changes(before, after, bands, mentored_ids)
        band_changes = by_band[rounds].get(bands.get(mentee, (None, None)), {})
        for area in sorted(areas):
            found = band_changes.get(area)
            if found is not None:
                compared_total += found.total
                compared_count += found.count
                compared_cities |= found.cities
    return Effect(
        _figure(mentored),
        _figure(other),
        _mean_figure(compared_total, compared_count, compared_cities),
    )


def _band_changes(
    before: Mapping[int, Mapping[str, Decimal]],
    after: Mapping[int, Mapping[str, Decimal]],
    bands: Mapping[int, tuple[int | None, int | None]],
    mentored_ids: set[int],
) -> dict[tuple[int | None, int | None], dict[str, _Changes]]:
    """Return each band's area changes among the non-mentored cities in both rounds."""
    sums: dict[tuple[int | None, int | None], dict[str, tuple[Decimal, int, set[int]]]] = {}
    for city, scores in after.items():
        if city in mentored_ids or city not in before or city not in bands:
            continue
        by_area = sums.setdefault(bands[city], {})
        for area, score in scores.items():
            if area in before[city]:
                total, count, cities = by_area.get(area, (Decimal(0), 0, set()))
                cities.add(city)
                by_area[area] = (total + score - before[city][area], count + 1, cities)
    return {
        band: {
            area: _Changes(total, count, frozenset(cities))
            for area, (total, count, cities) in by_area.items()
        }
        for band, by_area in sums.items()
    }
