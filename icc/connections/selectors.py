"""Recommended peers for a city, from the published Index results and the network."""

from dataclasses import dataclass

from django.utils.translation import get_language

from icc.connections.matching import CityContext, Network, Recommendation, reason_text
from icc.index.results.selectors import latest_published_results
from icc.network.models import City
from icc.practices.selectors import PracticeLink, published_practices_by_city_and_area


@dataclass(frozen=True)
class PeerSuggestion:
    """A recommendation as a page shows it: the peer, the reason in words, its practices."""

    recommendation: Recommendation
    peer: City
    reason: str
    practices: list[PracticeLink]


def recommendations_for(city: City) -> list[tuple[str, str, list[PeerSuggestion]]]:
    """Return ``[(area code, area name, [peer, …]), …]`` for the city's weak areas.

    Empty when the city has no published Index result.
    """
    results = latest_published_results()
    if city.pk not in results:
        return []
    cities = City.objects.visible_to_public().in_bulk(list(results))
    contexts = [
        CityContext(
            city_id=pk,
            name=str(cities[pk]),
            population=cities[pk].population,
            foreign_born_share=cities[pk].foreign_born_share,
            languages=tuple(cities[pk].languages or ()),
            national_network_id=cities[pk].national_network_id,
            scores=result.areas,
        )
        for pk, result in results.items()
        if pk in cities
    ]
    found = Network(contexts).recommend(city.pk)
    language = (get_language() or "en")[:2]
    names = results[city.pk].area_names
    practices = published_practices_by_city_and_area(
        {peer.peer_id for peers in found.values() for peer in peers}, found, language=language
    )
    sections = []
    for area, peers in found.items():
        area_name = names.get(area, {}).get(language) or names.get(area, {}).get("en") or area
        sections.append(
            (
                area,
                area_name,
                [
                    PeerSuggestion(
                        peer,
                        cities[peer.peer_id],
                        reason_text(peer, area_name),
                        practices.get((peer.peer_id, area), []),
                    )
                    for peer in peers
                ],
            )
        )
    return sections
