"""Compare one city's published result with the sample: ranks, peer groups, areas, learn-from.

Pure computation on plain values (no ORM, no request), so that a page, the PDF
report, the API and the benchmark rank the same way. A *sample* is the published
results of one round; a *peer group* is the part of the sample that shares a band
(population, foreign-born share), a national network, a profile (the most similar
cities), or a set the reader picked.
"""

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

SIMILAR_COUNT = 5
LEARN_FROM_AREAS = 3
LEARN_FROM_CITIES = 3
TWO_PLACES = Decimal("0.01")


@dataclass(frozen=True)
class Entry:
    """One city's published result in a sample, with the facts peer groups look at."""

    city_id: int
    name: str
    slug: str
    overall: Decimal
    areas: Mapping[str, Decimal]
    population: int | None = None
    foreign_born_share: Decimal | None = None
    national_network_id: int | None = None
    national_network_name: str = ""


class GroupKind(StrEnum):
    """The ways a peer group is drawn from the sample."""

    SAMPLE = "sample"
    POPULATION = "population"
    FOREIGN_BORN = "foreign_born"
    NATIONAL_NETWORK = "national_network"
    SIMILAR = "similar"
    CUSTOM = "custom"


@dataclass(frozen=True)
class PeerGroup:
    """A group of the sample the city belongs to, and the city's rank in it.

    A group read from the stored results gives its ``count`` without its members,
    except the most similar cities and the cities the reader picked.
    """

    kind: GroupKind
    description: str  # e.g. "population: 200,000 and over"; translated by the caller
    members: tuple[Entry, ...]
    rank: int
    bounds: tuple[float | None, float | None] = (None, None)
    count: int | None = None

    @property
    def size(self) -> int:
        return len(self.members) if self.count is None else self.count


@dataclass(frozen=True)
class AreaComparison:
    """One area: the city against the sample average, the peer average and the best."""

    code: str
    city: Decimal | None
    sample_average: Decimal | None
    peer_average: Decimal | None
    best: Decimal | None
    best_cities: tuple[Entry, ...] = field(default_factory=tuple)
    rank: int | None = None
    answered_by: int = 0


def rank_of(city_id: int, members: Iterable[Entry]) -> int:
    """Return the city's rank by overall score among ``members`` (ties share the best rank)."""
    members = list(members)
    own = next(entry.overall for entry in members if entry.city_id == city_id)
    return 1 + sum(1 for entry in members if entry.overall > own)


def band_of(value: float | Decimal | None, thresholds: Sequence[float]) -> int | None:
    """Return the index of the band ``value`` falls in (thresholds ascending), or None."""
    if value is None:
        return None
    return sum(1 for threshold in sorted(thresholds) if float(value) >= threshold)


def band_bounds(band: int, thresholds: Sequence[float]) -> tuple[float | None, float | None]:
    """Return (lower, upper) of band ``band``: lower inclusive, upper exclusive, None if open."""
    ordered = sorted(thresholds)
    lower = ordered[band - 1] if band > 0 else None
    upper = ordered[band] if band < len(ordered) else None
    return lower, upper


def mean_score(values: Iterable[Decimal]) -> Decimal | None:
    """Return the mean of the scores, half up to two decimals (None when there is none)."""
    values = list(values)
    if not values:
        return None
    return mean_of_total(sum(values, Decimal(0)), len(values))


def mean_of_total(total: Decimal, count: int) -> Decimal:
    """Return the mean of ``count`` scores summing to ``total``, half up to two decimals."""
    return (total / count).quantize(TWO_PLACES, ROUND_HALF_UP)


def profile_distance(a: Entry, b: Entry, area_codes: Sequence[str]) -> float:
    """Return how different two cities are by size, diversity and area profile (0 = alike).

    Size counts on a log scale (a city twice as big is one step away), the
    foreign-born share in steps of 10 points, and the area profile as the mean
    absolute difference in steps of 25 points; an unknown fact counts as one step.

    The profile term is the exact mean rounded once, and squares are products, so that
    ``similar.nearest`` computes the same float for a whole network in arrays; then
    equal profiles tie exactly and the name decides, as ``most_similar`` says.
    """
    size = 1.0
    if a.population and b.population:
        size = abs(math.log2(a.population) - math.log2(b.population))
    share = 1.0
    if a.foreign_born_share is not None and b.foreign_born_share is not None:
        share = abs(float(a.foreign_born_share) - float(b.foreign_born_share)) / 10
    common = [code for code in area_codes if code in a.areas and code in b.areas]
    profile = 1.0
    if common:
        total = sum((abs(a.areas[c] - b.areas[c]) for c in common), Decimal(0))
        numerator, denominator = total.as_integer_ratio()
        profile = numerator / (denominator * 25 * len(common))  # one correct rounding
    return math.sqrt(size * size + share * share + profile * profile)


def most_similar(
    city: Entry, sample: Sequence[Entry], area_codes: Sequence[str], count: int = SIMILAR_COUNT
) -> list[Entry]:
    """Return the ``count`` cities of the sample nearest the city in profile, nearest first."""
    others = [entry for entry in sample if entry.city_id != city.city_id]
    others.sort(key=lambda entry: (profile_distance(city, entry, area_codes), entry.name))
    return others[:count]


def peer_groups(
    city: Entry,
    sample: Sequence[Entry],
    *,
    bands: Mapping[str, Sequence[float]],
    area_codes: Sequence[str],
    custom_ids: Iterable[int] = (),
    similar_count: int = SIMILAR_COUNT,
) -> list[PeerGroup]:
    """Return the city's peer groups in the sample, each with the city's rank in it.

    The groups: the whole sample; the population band and the foreign-born band
    (thresholds from ``bands``) when the city's figure is known; its national network
    when it has one; the most similar cities; and ``custom_ids`` when given. Each group
    includes the city itself.
    """

    def group(
        kind: GroupKind, description: str, members: list[Entry], **extra: object
    ) -> PeerGroup:
        if all(entry.city_id != city.city_id for entry in members):
            members = [city, *members]
        members.sort(key=lambda entry: (-entry.overall, entry.name))
        return PeerGroup(
            kind,
            description,
            tuple(members),
            rank_of(city.city_id, members),
            **extra,  # type: ignore[arg-type]
        )

    groups = [group(GroupKind.SAMPLE, "", list(sample))]
    population_band = band_of(city.population, bands.get("population", ()))
    if population_band is not None:
        thresholds = bands.get("population", ())
        members = [e for e in sample if band_of(e.population, thresholds) == population_band]
        groups.append(
            group(
                GroupKind.POPULATION, "", members, bounds=band_bounds(population_band, thresholds)
            )
        )
    share_band = band_of(city.foreign_born_share, bands.get("foreign_born_share", ()))
    if share_band is not None:
        thresholds = bands.get("foreign_born_share", ())
        members = [e for e in sample if band_of(e.foreign_born_share, thresholds) == share_band]
        groups.append(
            group(GroupKind.FOREIGN_BORN, "", members, bounds=band_bounds(share_band, thresholds))
        )
    if city.national_network_id is not None:
        members = [e for e in sample if e.national_network_id == city.national_network_id]
        groups.append(group(GroupKind.NATIONAL_NETWORK, city.national_network_name, members))
    similar = most_similar(city, sample, area_codes, similar_count)
    if similar:
        groups.append(group(GroupKind.SIMILAR, "", similar))
    custom = set(custom_ids) - {city.city_id}
    if custom:
        members = [e for e in sample if e.city_id in custom]
        if members:
            groups.append(group(GroupKind.CUSTOM, "", members))
    return groups


def compare_areas(
    city: Entry, sample: Sequence[Entry], peers: Sequence[Entry], area_codes: Sequence[str]
) -> list[AreaComparison]:
    """Return, per area, the city's score against the sample, the peers and the best.

    Averages are over the cities that have a score in the area (questions were added
    at different times, so that number differs from area to area).
    """
    comparisons = []
    for code in area_codes:
        scored = [entry for entry in sample if code in entry.areas]
        best = max((entry.areas[code] for entry in scored), default=None)
        own = city.areas.get(code)
        comparisons.append(
            AreaComparison(
                code=code,
                city=own,
                sample_average=mean_score(entry.areas[code] for entry in scored),
                peer_average=mean_score(
                    entry.areas[code] for entry in peers if code in entry.areas
                ),
                best=best,
                best_cities=tuple(e for e in scored if e.areas[code] == best),
                rank=None if own is None else 1 + sum(1 for e in scored if e.areas[code] > own),
                answered_by=len(scored),
            )
        )
    return comparisons


@dataclass(frozen=True)
class LearnFrom:
    """One of the city's weakest areas and the cities to learn from in it."""

    code: str
    city_score: Decimal
    cities: tuple[tuple[Entry, Decimal], ...]


def learn_from(
    city: Entry,
    sample: Sequence[Entry],
    area_codes: Sequence[str],
    *,
    areas: int = LEARN_FROM_AREAS,
    per_area: int = LEARN_FROM_CITIES,
) -> list[LearnFrom]:
    """Return, for each of the city's weakest areas, the strongest cities nearest in profile.

    The candidates in an area are the cities that beat the city in it and stand in the
    top half of the sample there; they are listed nearest in profile first.
    """
    weakest = sorted(
        (code for code in area_codes if code in city.areas), key=lambda c: (city.areas[c], c)
    )[:areas]
    suggestions = []
    for code in weakest:
        scored = sorted(
            (e for e in sample if code in e.areas and e.city_id != city.city_id),
            key=lambda e: -e.areas[code],
        )
        top_half = scored[: max(1, math.ceil(len(scored) / 2))]
        candidates = [e for e in top_half if e.areas[code] > city.areas[code]]
        candidates.sort(key=lambda e: (profile_distance(city, e, area_codes), e.name))
        suggestions.append(
            LearnFrom(
                code, city.areas[code], tuple((e, e.areas[code]) for e in candidates[:per_area])
            )
        )
    return suggestions


def strengths_and_weaknesses(
    comparisons: Sequence[AreaComparison], count: int = 3
) -> tuple[list[AreaComparison], list[AreaComparison]]:
    """Return the areas where the city is furthest above, and furthest below, the sample."""
    gaps = [c for c in comparisons if c.city is not None and c.sample_average is not None]
    gaps.sort(key=lambda c: (c.city - c.sample_average, c.code))  # type: ignore[operator]
    strengths = [c for c in reversed(gaps) if c.city > c.sample_average][:count]  # type: ignore[operator]
    weaknesses = [c for c in gaps if c.city < c.sample_average][:count]  # type: ignore[operator]
    return strengths, weaknesses
