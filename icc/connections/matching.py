"""Recommend peers to a city: for each of its weak Index areas, cities strong where it is weak.

Pure computation: no ORM, no request. The caller gives each city's context and
area scores (from ``icc.index.selectors.latest_published_results``) and gets,
for each weak area, the peers ranked by

    gap × (0.4 + 0.6 × similarity)

where ``gap`` is how far the peer scores above the city (0-1) and ``similarity``
how alike their contexts are (0-1): size, diversity (share of foreign-born
residents), a shared working language and the same national network. Each
recommendation carries the facts behind it, and ``reason_text`` puts them in
words in the active language.

For a network of thousands of cities, candidates for an area are not every
city: only the strongest few overall, in the same national network, of the
same size band and sharing a language are compared (``CANDIDATES`` of each).
"""

import bisect
import heapq
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

WEAK_THRESHOLD = Decimal(60)
WEAK_AREAS = 3
PEERS_PER_AREA = 3
MIN_GAP = Decimal(15)
CANDIDATES = 8
WEIGHTS = {"size": 0.3, "diversity": 0.3, "language": 0.2, "network": 0.2}


@dataclass(frozen=True)
class CityContext:
    """What matching knows of a city: its context and its Index area scores (0-100)."""

    city_id: int
    name: str
    population: int | None
    foreign_born_share: Decimal | None
    languages: tuple[str, ...]
    national_network_id: int | None
    scores: Mapping[str, Decimal]

    @property
    def size_band(self) -> int | None:
        """Return the order of magnitude of the population in half-decades (log10 × 2)."""
        return None if not self.population else int(math.log10(self.population) * 2)


@dataclass(frozen=True)
class Recommendation:
    """One peer for one weak area of a city, with the facts that explain it."""

    area: str
    peer_id: int
    peer_name: str
    peer_score: Decimal
    own_score: Decimal
    similarity: float
    alike: tuple[str, ...]  # among "size", "diversity", "language", "network"
    weight: float


@dataclass(frozen=True)
class _Facts:
    """A city's context in the form similarity needs, computed once."""

    log_population: float | None
    foreign_born: float | None
    languages: frozenset[str]
    network: int | None

    @classmethod
    def of(cls, city: CityContext) -> "_Facts":
        return cls(
            math.log10(city.population) if city.population else None,
            None if city.foreign_born_share is None else float(city.foreign_born_share),
            frozenset(city.languages),
            city.national_network_id,
        )


_ALIKE_RATIO = math.log10(2)


def _similarity(city: _Facts, peer: _Facts) -> tuple[float, tuple[str, ...]]:
    score = 0.0
    alike: list[str] = []
    if city.log_population is not None and peer.log_population is not None:
        ratio = abs(city.log_population - peer.log_population)
        score += WEIGHTS["size"] * max(0.0, 1 - ratio)
        if ratio <= _ALIKE_RATIO:
            alike.append("size")
    else:
        score += WEIGHTS["size"] * 0.5
    if city.foreign_born is not None and peer.foreign_born is not None:
        difference = abs(city.foreign_born - peer.foreign_born)
        score += WEIGHTS["diversity"] * max(0.0, 1 - difference / 20)
        if difference <= 5:
            alike.append("diversity")
    else:
        score += WEIGHTS["diversity"] * 0.5
    if city.languages and peer.languages:
        if city.languages & peer.languages:
            score += WEIGHTS["language"]
            alike.append("language")
    else:
        score += WEIGHTS["language"] * 0.5
    if city.network and city.network == peer.network:
        score += WEIGHTS["network"]
        alike.append("network")
    return score, tuple(alike)


def similarity(city: CityContext, peer: CityContext) -> tuple[float, tuple[str, ...]]:
    """Return how alike two contexts are (0-1) and which factors are alike.

    Size compares populations on a log scale (alike within a factor of two),
    diversity the foreign-born shares (alike within 5 points); a factor either
    city lacks counts half and is never called alike.
    """
    return _similarity(_Facts.of(city), _Facts.of(peer))


def weak_areas(
    city: CityContext, *, threshold: Decimal = WEAK_THRESHOLD, limit: int = WEAK_AREAS
) -> list[str]:
    """Return the city's lowest areas scoring under ``threshold``, weakest first."""
    below = [(score, area) for area, score in city.scores.items() if score < threshold]
    return [area for _score, area in sorted(below)[:limit]]


class Network:
    """Every city's context, with each area's strongest cities per group, for fast lookups."""

    def __init__(self, cities: Iterable[CityContext]) -> None:
        self.cities = {city.city_id: city for city in cities}
        self._facts = {city_id: _Facts.of(city) for city_id, city in self.cities.items()}
        self._scores = {
            city_id: {area: float(score) for area, score in city.scores.items()}
            for city_id, city in self.cities.items()
        }
        groups: dict[tuple[str, str, object], list[tuple[Decimal, int]]] = defaultdict(list)
        for city in self.cities.values():
            keys = [("all", None), ("network", city.national_network_id), ("size", city.size_band)]
            keys += [("language", language) for language in city.languages]
            for area, score in city.scores.items():
                entry = (score, -city.city_id)
                for kind, key in keys:
                    if key is not None or kind == "all":
                        groups[(area, kind, key)].append(entry)
        # Only the strongest few of each group are ever compared: keep just those.
        self._strongest = {
            group: [-negative_id for _score, negative_id in heapq.nlargest(CANDIDATES, entries)]
            for group, entries in groups.items()
        }

    def candidates(self, city: CityContext, area: str) -> list[CityContext]:
        """Return the strongest cities in ``area``: overall and among those alike."""
        return [self.cities[peer_id] for peer_id in self._candidate_ids(city, area)]

    def _candidate_ids(self, city: CityContext, area: str) -> dict[int, None]:
        groups = [
            (area, "all", None),
            (area, "network", city.national_network_id),
            (area, "size", city.size_band),
        ]
        groups += [(area, "language", language) for language in city.languages]
        found: dict[int, None] = {}
        for group in groups:
            for peer_id in self._strongest.get(group, ()):
                found[peer_id] = None
        return found

    def recommend(
        self,
        city_id: int,
        *,
        per_area: int = PEERS_PER_AREA,
        min_gap: Decimal = MIN_GAP,
        weak_limit: int = WEAK_AREAS,
        threshold: Decimal = WEAK_THRESHOLD,
    ) -> dict[str, list[Recommendation]]:
        """Return, for each weak area of the city, its best peers, best first."""
        city = self.cities[city_id]
        facts = self._facts[city_id]
        known: dict[int, tuple[float, tuple[str, ...]]] = {}
        result: dict[str, list[Recommendation]] = {}
        for area in weak_areas(city, threshold=threshold, limit=weak_limit):
            own = float(city.scores[area])
            floor = own + float(min_gap)
            ranked: list[tuple[float, int, tuple[float, tuple[str, ...]]]] = []
            scores = self._scores
            peers = sorted(
                (-scores[peer_id][area], peer_id)
                for peer_id in self._candidate_ids(city, area)
                if scores[peer_id][area] >= floor and peer_id != city_id
            )
            for negative_score, peer_id in peers:
                gap = (-negative_score - own) / 100
                # Weights only fall from here: a gap under the last kept weight cannot enter.
                if len(ranked) >= per_area and gap <= -ranked[-1][0]:
                    break
                alike = known.get(peer_id)
                if alike is None:
                    alike = known[peer_id] = _similarity(facts, self._facts[peer_id])
                entry = (-gap * (0.4 + 0.6 * alike[0]), peer_id, alike)
                if len(ranked) < per_area:
                    bisect.insort(ranked, entry)
                elif entry < ranked[-1]:
                    ranked.pop()
                    bisect.insort(ranked, entry)
            result[area] = [
                Recommendation(
                    area=area,
                    peer_id=peer_id,
                    peer_name=self.cities[peer_id].name,
                    peer_score=self.cities[peer_id].scores[area],
                    own_score=city.scores[area],
                    similarity=round(alike[0], 4),
                    alike=alike[1],
                    weight=round(-weight, 6),
                )
                for weight, peer_id, alike in ranked
            ]
        return result


def recommend(
    city: CityContext, peers: Sequence[CityContext], **options: object
) -> dict[str, list[Recommendation]]:
    """Return the recommendations for one city among ``peers`` (see ``Network.recommend``)."""
    network = Network([city, *[peer for peer in peers if peer.city_id != city.city_id]])
    return network.recommend(city.city_id, **options)  # type: ignore[arg-type]


def reason_text(recommendation: Recommendation, area_name: str) -> str:
    """Put the reason for a recommendation in words, in the active language."""
    text = _("%(peer)s scores %(peer_score)s in %(area)s where you score %(own_score)s") % {
        "peer": recommendation.peer_name,
        "peer_score": _whole(recommendation.peer_score),
        "area": area_name,
        "own_score": _whole(recommendation.own_score),
    }
    alike = {
        "size": _("a city of similar size"),
        "diversity": _("a similar share of foreign-born residents"),
        "language": _("a shared working language"),
        "network": _("the same national network"),
    }
    parts = [
        alike[name]
        for name in ("size", "diversity", "language", "network")
        if name in recommendation.alike
    ]
    if parts:
        return _("%(facts)s; %(context)s.") % {"facts": text, "context": ", ".join(parts)}
    return _("%(facts)s.") % {"facts": text}


def _whole(score: Decimal) -> str:
    return str(int(score.to_integral_value(rounding="ROUND_HALF_UP")))
