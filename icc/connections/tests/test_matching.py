"""Recommendations on a constructed network whose right answer is known."""

import itertools
from decimal import Decimal

from django.utils import translation

from icc.connections.matching import (
    CANDIDATES,
    MIN_GAP,
    PEERS_PER_AREA,
    REASONS,
    CityContext,
    Network,
    Recommendation,
    reason_text,
    recommend,
    similarity,
    weak_areas,
)

D = Decimal


def city(
    city_id: int,
    name: str,
    scores: dict[str, int],
    *,
    population: int | None = 500_000,
    foreign_born: float | None = 15.0,
    languages: tuple[str, ...] = ("en",),
    network: int | None = None,
) -> CityContext:
    return CityContext(
        city_id=city_id,
        name=name,
        population=population,
        foreign_born_share=None if foreign_born is None else D(str(foreign_born)),
        languages=languages,
        national_network_id=network,
        scores={area: D(score) for area, score in scores.items()},
    )


# Lyon is weak in language (41) and media (30), strong elsewhere.
LYON = city(
    1,
    "Lyon",
    {"language": 41, "media": 30, "education": 80, "business": 75},
    population=520_000,
    foreign_born=13.0,
    languages=("fr",),
    network=None,
)
# Oslo: strong in language, similar size and diversity, no shared language.
OSLO = city(
    2,
    "Oslo",
    {"language": 92, "media": 50, "education": 60, "business": 60},
    population=700_000,
    foreign_born=16.0,
    languages=("nb",),
)
# Reykjavik: even stronger in language but tiny and unlike Lyon.
REYKJAVIK = city(
    3,
    "Reykjavik",
    {"language": 95, "media": 40, "education": 50, "business": 40},
    population=60_000,
    foreign_born=40.0,
    languages=("is",),
)
# Geneva: strong in media, French-speaking, similar size band.
GENEVA = city(
    4,
    "Geneva",
    {"language": 50, "media": 88, "education": 70, "business": 70},
    population=400_000,
    foreign_born=14.0,
    languages=("fr",),
)
# Montreal: as strong in media as Geneva but much larger and more diverse.
MONTREAL = city(
    5,
    "Montreal",
    {"language": 60, "media": 90, "education": 70, "business": 70},
    population=4_000_000,
    foreign_born=35.0,
    languages=("fr", "en"),
)
# Weak everywhere Lyon is weak: never a peer.
TURIN = city(
    6,
    "Turin",
    {"language": 45, "media": 35, "education": 40, "business": 40},
    population=850_000,
    foreign_born=15.0,
    languages=("it",),
)
NETWORK = [LYON, OSLO, REYKJAVIK, GENEVA, MONTREAL, TURIN]


def test_weak_areas_are_the_lowest_under_the_threshold() -> None:
    assert weak_areas(LYON) == ["media", "language"]
    assert weak_areas(OSLO) == ["media"]


def test_a_similar_peer_beats_a_slightly_stronger_unlike_one() -> None:
    found = recommend(LYON, NETWORK)
    assert [peer.peer_name for peer in found["language"]][:2] == ["Oslo", "Reykjavik"]
    assert [peer.peer_name for peer in found["media"]][:2] == ["Geneva", "Montreal"]


def test_peers_not_strong_enough_are_left_out() -> None:
    found = recommend(LYON, NETWORK)
    assert "Turin" not in {peer.peer_name for peers in found.values() for peer in peers}
    # Geneva scores 50 in language: 9 points above Lyon, under the minimal gap.
    assert "Geneva" not in {peer.peer_name for peer in found["language"]}


def test_similarity_names_what_is_alike() -> None:
    score, alike = similarity(LYON, GENEVA)
    assert alike == ("size", "diversity", "language")
    assert score > similarity(LYON, MONTREAL)[0]
    assert (
        similarity(LYON, city(9, "X", {}, population=None, foreign_born=None, languages=()))[1]
        == ()
    )


def test_the_same_national_network_counts() -> None:
    a = city(10, "A", {"media": 20}, network=7)
    b = city(11, "B", {"media": 80}, network=7, languages=("de",))
    c = city(12, "C", {"media": 80}, network=8, languages=("de",))
    assert [peer.peer_name for peer in recommend(a, [c, b])["media"]] == ["B", "C"]


def test_the_reason_is_in_words_in_the_active_language() -> None:
    oslo = recommend(LYON, NETWORK)["language"][0]
    with translation.override("en"):
        assert reason_text(oslo, "Language") == (
            "Oslo scores 92 in Language where you score 41; a city of similar size, "
            "a similar share of foreign-born residents."
        )


def test_a_large_network_gives_strong_enough_peers_best_first() -> None:
    import random

    rng = random.Random(3)  # noqa: S311 - generated network
    areas = [f"area{number}" for number in range(15)]
    cities = [
        city(
            number,
            f"City {number}",
            {area: rng.randint(0, 100) for area in areas},
            population=rng.randint(20_000, 3_000_000),
            foreign_born=rng.uniform(2, 45),
            languages=(rng.choice(["en", "fr", "de", "it", "es"]),),
            network=rng.choice([None, 1, 2, 3, 4, 5]),
        )
        for number in range(300)
    ]
    network = Network(cities)
    found = {item.city_id: network.recommend(item.city_id) for item in cities}
    sample = found[0]
    for area, peers in sample.items():
        assert all(peer.peer_score - cities[0].scores[area] >= 15 for peer in peers)
        assert [peer.weight for peer in peers] == sorted((p.weight for p in peers), reverse=True)


def reference_recommendations(
    cities: list[CityContext], city_id: int
) -> dict[str, list[tuple[int, float]]]:
    """Recommend the slow, obvious way: rank whole groups, score every candidate, sort."""
    by_id = {item.city_id: item for item in cities}
    me = by_id[city_id]
    found: dict[str, list[tuple[int, float]]] = {}
    for area in weak_areas(me):
        having = [item for item in cities if area in item.scores]
        groups = [
            having,
            [
                item
                for item in having
                if me.national_network_id is not None
                and item.national_network_id == me.national_network_id
            ],
            [
                item
                for item in having
                if me.size_band is not None and item.size_band == me.size_band
            ],
        ]
        groups += [
            [item for item in having if language in item.languages]
            for language in set(me.languages)
        ]
        candidates = {
            item.city_id
            for group in groups
            for item in sorted(group, key=lambda item: (-item.scores[area], item.city_id))[
                :CANDIDATES
            ]
        }
        weighted = []
        for peer_id in candidates - {city_id}:
            peer = by_id[peer_id]
            gap = float(peer.scores[area]) - float(me.scores[area])
            if gap >= float(MIN_GAP):
                weight = gap / 100 * (0.4 + 0.6 * similarity(me, peer)[0])
                weighted.append((-weight, peer_id))
        found[area] = [(peer_id, -weight) for weight, peer_id in sorted(weighted)[:PEERS_PER_AREA]]
    return found


def test_the_fast_path_ranks_peers_as_the_reference_does() -> None:
    import random

    rng = random.Random(11)  # noqa: S311 - generated network
    areas = [f"area{number}" for number in range(8)]
    cities = [
        CityContext(
            city_id=number,
            name=f"City {number}",
            population=rng.choice([None, rng.randint(5_000, 4_000_000)]),
            foreign_born_share=rng.choice([None, D(rng.randint(0, 6000)) / 100]),
            languages=tuple(rng.sample(["en", "fr", "de", "it"], rng.randint(0, 2))),
            national_network_id=rng.choice([None, 1, 2, 3, 4]),
            # A few cities lack an area; scores have a decimal and often tie.
            scores={area: D(rng.randint(0, 1000)) / 10 for area in areas if rng.random() > 0.05},
        )
        for number in range(200)
    ]
    network = Network(cities)
    for item in cities:
        fast = {
            area: [(peer.peer_id, peer.weight) for peer in peers]
            for area, peers in network.recommend(item.city_id).items()
        }
        expected = {
            area: [(peer_id, round(weight, 6)) for peer_id, weight in peers]
            for area, peers in reference_recommendations(cities, item.city_id).items()
        }
        assert fast == expected, item.city_id


def test_every_set_of_alike_factors_has_one_whole_sentence() -> None:
    factors = ("size", "diversity", "language", "network")
    sets = {chosen for count in range(5) for chosen in itertools.combinations(factors, count)}
    assert set(REASONS) == sets
    for alike in sets:
        geneva = Recommendation("media", 4, "Geneva", D("88.4"), D("30"), 0.9, alike, 0.5)
        with translation.override("en"):
            text = reason_text(geneva, "Media")
        assert text.startswith("Geneva scores 88 in Media where you score 30")
        assert text.endswith(".") and "%(" not in text
