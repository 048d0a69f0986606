"""Recommend peers to a city: for each of its weak Index areas, cities strong where it is weak.

Pure computation: no ORM, no request. The caller gives each city's context and
area scores (from ``icc.index.results.selectors.latest_published_results``) and gets,
for each weak area, the peers ranked by

    gap × (0.4 + 0.6 × similarity)

where ``gap`` is how far the peer scores above the city (0-1) and ``similarity``
how alike their contexts are (0-1): size, diversity (share of foreign-born
residents), a shared working language and the same national network. Each
recommendation carries the facts behind it, and ``reason_text`` puts them in
words in the active language, one whole translatable sentence for each set of
alike factors (``REASONS``).

For a network of thousands of cities, candidates for an area are not every
city: only the strongest few overall, in the same national network, of the
same size band and sharing a language are compared (``CANDIDATES`` of each).
"""

import bisect
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from django.utils.translation import gettext_lazy as _

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


class Recommendation(NamedTuple):
    """One peer for one weak area of a city, with the facts that explain it.

    A named tuple rather than a dataclass: a network of 10,000 cities makes
    90,000 of them, and a tuple is built several times faster.
    """

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
        if not city.languages.isdisjoint(peer.languages):
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


# A group of alike cities: ("all", None), ("network", id), ("size", band), ("language", code).
_GroupKey = tuple[str, object]
# A candidate peer in one area for cities of one profile: its score there; the
# highest factor ``0.4 + 0.6 × similarity`` it or any candidate after it could
# reach; its id, log population and foreign-born share; the language and network
# terms of the similarity (the same for every city of the profile).
_Candidate = tuple[float, float, int, float | None, float | None, float, float]


class Network:
    """Every city's context, with each area's strongest cities per group, for fast lookups.

    Built once for a whole network (a sort of the cities per area); then each
    ``recommend`` call reads a few short lists. Cities with the same national
    network, size band and languages (the same profile) share their
    candidates, so each profile's merged candidate list of an area is built once.
    """

    def __init__(self, cities: Iterable[CityContext]) -> None:
        self.cities = {city.city_id: city for city in cities}
        self._facts = {city_id: _Facts.of(city) for city_id, city in self.cities.items()}
        self._keys = {city_id: _group_keys(city) for city_id, city in self.cities.items()}
        # Index scores have at most six digits: their floats order as they do.
        self._scores = {
            city_id: {area: float(score) for area, score in city.scores.items()}
            for city_id, city in self.cities.items()
        }
        self._strongest: dict[tuple[str, _GroupKey], list[int]] = {}
        self._merged: dict[tuple[str, tuple[_GroupKey, ...]], list[_Candidate]] = {}
        sizes = _group_sizes(self._keys.values())
        for area in sorted({area for city in self.cities.values() for area in city.scores}):
            self._strongest.update(self._strongest_in(area, sizes))

    def _strongest_in(
        self, area: str, sizes: Mapping[_GroupKey, int]
    ) -> dict[tuple[str, _GroupKey], list[int]]:
        """Return the ``CANDIDATES`` best cities of each group in ``area``, best first.

        ``sizes`` counts each group's members among all cities, right when every
        city has a score in ``area``. Ties go to the lower id.
        """
        ranked = [
            (scores[area], -city_id) for city_id, scores in self._scores.items() if area in scores
        ]
        if len(ranked) < len(self.cities):
            sizes = _group_sizes(self._keys[-negative_id] for _score, negative_id in ranked)
        ranked.sort(reverse=True)
        wanted = {key: min(CANDIDATES, size) for key, size in sizes.items()}
        strongest: dict[_GroupKey, list[int]] = {key: [] for key in wanted}
        # Walk the cities best first; stop once every group has its fill.
        unfilled = len(wanted)
        for _score, negative_id in ranked:
            for key in self._keys[-negative_id]:
                members = strongest[key]
                if len(members) < wanted[key]:
                    members.append(-negative_id)
                    if len(members) == wanted[key]:
                        unfilled -= 1
            if not unfilled:
                break
        return {(area, key): members for key, members in strongest.items()}

    def candidates(self, city: CityContext, area: str) -> list[CityContext]:
        """Return the strongest cities in ``area``: overall and among those alike, best first."""
        return [self.cities[entry[2]] for entry in self._candidates(city.city_id, area)]

    def _candidates(self, city_id: int, area: str) -> list[_Candidate]:
        keys = self._keys[city_id]
        merged = self._merged.get((area, keys))
        if merged is None:
            merged = self._merged[(area, keys)] = self._merge(self._facts[city_id], keys, area)
        return merged

    def _merge(self, city: _Facts, keys: tuple[_GroupKey, ...], area: str) -> list[_Candidate]:
        """Return the candidates of cities like ``city`` in ``area`` (see ``_Candidate``)."""
        w_size, w_diversity, w_language, w_network = (
            WEIGHTS["size"],
            WEIGHTS["diversity"],
            WEIGHTS["language"],
            WEIGHTS["network"],
        )
        found = {peer_id for key in keys for peer_id in self._strongest.get((area, key), ())}
        rows: list[tuple[float, float, int, _Facts, float, float]] = []
        for peer_id in found:
            peer = self._facts[peer_id]
            if city.languages and peer.languages:
                language = 0.0 if city.languages.isdisjoint(peer.languages) else w_language
            else:
                language = w_language * 0.5
            network = w_network if city.network and city.network == peer.network else 0.0
            # The highest similarity the rest could reach, summed in _similarity's order.
            both = city.log_population is not None and peer.log_population is not None
            size = w_size if both else w_size * 0.5
            diversity = w_diversity if peer.foreign_born is not None else w_diversity * 0.5
            cap = 0.4 + 0.6 * (((size + diversity) + language) + network)
            rows.append((-self._scores[peer_id][area], -cap, peer_id, peer, language, network))
        rows.sort()
        merged: list[_Candidate] = []
        highest = 0.0
        for negative_score, negative_cap, peer_id, peer, language, network in reversed(rows):
            if -negative_cap > highest:
                highest = -negative_cap
            merged.append(
                (
                    -negative_score,
                    highest,
                    peer_id,
                    peer.log_population,
                    peer.foreign_born,
                    language,
                    network,
                )
            )
        merged.reverse()
        return merged

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
        scores = self._scores[city_id]
        gap = float(min_gap)
        result: dict[str, list[Recommendation]] = {}
        for area in weak_areas(city, threshold=threshold, limit=weak_limit):
            own = scores[area]
            candidates = self._candidates(city_id, area)
            found = _best_peers(facts, city_id, candidates, own, own + gap, per_area)
            result[area] = []
            for peer_id, weight, score, alike in found:
                peer = self.cities[peer_id]
                result[area].append(
                    Recommendation(
                        area,
                        peer_id,
                        peer.name,
                        peer.scores[area],
                        city.scores[area],
                        round(score, 4),
                        alike,
                        round(weight, 6),
                    )
                )
        return result


def _group_sizes(keys: Iterable[tuple[_GroupKey, ...]]) -> dict[_GroupKey, int]:
    sizes: dict[_GroupKey, int] = defaultdict(int)
    for city_keys in keys:
        for key in city_keys:
            sizes[key] += 1
    return sizes


def _group_keys(city: CityContext) -> tuple[_GroupKey, ...]:
    keys: list[_GroupKey] = [("all", None)]
    if city.national_network_id is not None:
        keys.append(("network", city.national_network_id))
    if city.size_band is not None:
        keys.append(("size", city.size_band))
    keys += [("language", language) for language in sorted(set(city.languages))]
    return tuple(keys)


def _best_peers(
    city: _Facts,
    city_id: int,
    candidates: Sequence[_Candidate],
    own: float,
    floor: float,
    per_area: int,
) -> list[tuple[int, float, float, tuple[str, ...]]]:
    """Return ``(peer id, weight, similarity, alike factors)`` of the best candidates, best first.

    At most ``per_area`` of them, those of highest weight; ties go to the lower id.
    ``candidates`` come best score first, and a weight never exceeds the gap times
    the candidate's cap, so the walk stops once no candidate left can reach the
    last weight kept. The similarity is ``_similarity``'s score, inlined with the
    same arithmetic in the same order so that weights come out bit for bit the
    same: this loop runs for every city and weak area of the network.
    """
    if per_area < 1:
        return []
    w_size, w_diversity = WEIGHTS["size"], WEIGHTS["diversity"]
    half_size, half_diversity = w_size * 0.5, w_diversity * 0.5
    log_population, foreign_born = city.log_population, city.foreign_born
    # (-weight, peer id, similarity, its size ratio, diversity difference, language and
    # network terms), best first
    ranked: list[tuple[float, int, float, float | None, float | None, float, float]] = []
    # The last weight and id kept once there are ``per_area``: a candidate must beat them.
    bar, bar_id = -1.0, 0
    for (
        peer_score,
        cap,
        peer_id,
        peer_log_population,
        peer_foreign_born,
        language,
        network,
    ) in candidates:
        if peer_score < floor:
            break
        gap = (peer_score - own) / 100
        if gap * cap < bar:
            break
        if peer_id == city_id:
            continue
        if log_population is not None and peer_log_population is not None:
            ratio = log_population - peer_log_population
            if ratio < 0:
                ratio = -ratio
            score = w_size * (1 - ratio) if ratio < 1 else 0.0
        else:
            score, ratio = half_size, None
        if foreign_born is not None and peer_foreign_born is not None:
            difference = foreign_born - peer_foreign_born
            if difference < 0:
                difference = -difference
            score += w_diversity * (1 - difference / 20) if difference < 20 else 0.0
        else:
            score += half_diversity
            difference = None
        score += language
        score += network
        weight = gap * (0.4 + 0.6 * score)
        if weight < bar or (weight == bar and peer_id > bar_id):
            continue
        bisect.insort(ranked, (-weight, peer_id, score, ratio, difference, language, network))
        if len(ranked) > per_area:
            ranked.pop()
        if len(ranked) == per_area:
            bar, bar_id = -ranked[-1][0], ranked[-1][1]
    return [
        (peer_id, -weight, score, _alike(ratio, difference, language, network))
        for weight, peer_id, score, ratio, difference, language, network in ranked
    ]


def _alike(
    ratio: float | None, difference: float | None, language: float, network: float
) -> tuple[str, ...]:
    """Return the factors ``_similarity`` calls alike, from the terms it computed."""
    alike = []
    if ratio is not None and ratio <= _ALIKE_RATIO:
        alike.append("size")
    if difference is not None and difference <= 5:
        alike.append("diversity")
    if language == WEIGHTS["language"]:
        alike.append("language")
    if network:
        alike.append("network")
    return tuple(alike)


def recommend(
    city: CityContext,
    peers: Sequence[CityContext],
    *,
    per_area: int = PEERS_PER_AREA,
    min_gap: Decimal = MIN_GAP,
    weak_limit: int = WEAK_AREAS,
    threshold: Decimal = WEAK_THRESHOLD,
) -> dict[str, list[Recommendation]]:
    """Return the recommendations for one city among ``peers`` (see ``Network.recommend``)."""
    network = Network([city, *[peer for peer in peers if peer.city_id != city.city_id]])
    return network.recommend(
        city.city_id,
        per_area=per_area,
        min_gap=min_gap,
        weak_limit=weak_limit,
        threshold=threshold,
    )


# One whole sentence for each set of alike factors, so that translators can order
# every part as their language needs (glued pieces break French word order).
REASONS = {
    (): _("%(peer)s scores %(peer_score)s in %(area)s where you score %(own_score)s."),
    ("size",): _(
        "%(peer)s scores %(peer_score)s in %(area)s where you score %(own_score)s; a city"
        " of similar size."
    ),
    ("diversity",): _(
        "%(peer)s scores %(peer_score)s in %(area)s where you score %(own_score)s; a "
        "similar share of foreign-born residents."
    ),
    ("language",): _(
        "%(peer)s scores %(peer_score)s in %(area)s where you score %(own_score)s; a "
        "shared working language."
    ),
    ("network",): _(
        "%(peer)s scores %(peer_score)s in %(area)s where you score %(own_score)s; the "
        "same national network."
    ),
    ("size", "diversity"): _(
        "%(peer)s scores %(peer_score)s in %(area)s where you score %(own_score)s; a city"
        " of similar size, a similar share of foreign-born residents."
    ),
    ("size", "language"): _(
        "%(peer)s scores %(peer_score)s in %(area)s where you score %(own_score)s; a city"
        " of similar size, a shared working language."
    ),
    ("size", "network"): _(
        "%(peer)s scores %(peer_score)s in %(area)s where you score %(own_score)s; a city"
        " of similar size, the same national network."
    ),
    ("diversity", "language"): _(
        "%(peer)s scores %(peer_score)s in %(area)s where you score %(own_score)s; a "
        "similar share of foreign-born residents, a shared working language."
    ),
    ("diversity", "network"): _(
        "%(peer)s scores %(peer_score)s in %(area)s where you score %(own_score)s; a "
        "similar share of foreign-born residents, the same national network."
    ),
    ("language", "network"): _(
        "%(peer)s scores %(peer_score)s in %(area)s where you score %(own_score)s; a "
        "shared working language, the same national network."
    ),
    ("size", "diversity", "language"): _(
        "%(peer)s scores %(peer_score)s in %(area)s where you score %(own_score)s; a city"
        " of similar size, a similar share of foreign-born residents, a shared working "
        "language."
    ),
    ("size", "diversity", "network"): _(
        "%(peer)s scores %(peer_score)s in %(area)s where you score %(own_score)s; a city"
        " of similar size, a similar share of foreign-born residents, the same national "
        "network."
    ),
    ("size", "language", "network"): _(
        "%(peer)s scores %(peer_score)s in %(area)s where you score %(own_score)s; a city"
        " of similar size, a shared working language, the same national network."
    ),
    ("diversity", "language", "network"): _(
        "%(peer)s scores %(peer_score)s in %(area)s where you score %(own_score)s; a "
        "similar share of foreign-born residents, a shared working language, the same "
        "national network."
    ),
    ("size", "diversity", "language", "network"): _(
        "%(peer)s scores %(peer_score)s in %(area)s where you score %(own_score)s; a city"
        " of similar size, a similar share of foreign-born residents, a shared working "
        "language, the same national network."
    ),
}


def reason_text(recommendation: Recommendation, area_name: str) -> str:
    """Put the reason for a recommendation in words, in the active language."""
    return str(REASONS[recommendation.alike]) % {
        "peer": recommendation.peer_name,
        "peer_score": _whole(recommendation.peer_score),
        "area": area_name,
        "own_score": _whole(recommendation.own_score),
    }


def _whole(score: Decimal) -> str:
    return str(int(score.to_integral_value(rounding="ROUND_HALF_UP")))
