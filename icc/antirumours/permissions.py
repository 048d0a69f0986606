"""Who may read and change anti-rumours strategies, the catalogue and surveys.

- A city's strategy (districts, diagnosis, organisations, agents, campaigns, surveys and
  their results) is read by the city's people, the coordinator of its national network
  and the secretariat; it is changed by the city's people while the city may act
  (``city_may_act``: a suspended city reads only) and by the secretariat.
- Personal data in a strategy (agents, organisations' contact persons) is shown to the
  city's people and the secretariat only, never to the national network coordinator.
- The catalogue is read by everyone with a role; published rumours are public. The
  secretariat writes and publishes it; a city that may act proposes a rumour, which
  waits for the secretariat's review as practices wait for a moderator.
- A survey is answered without an account, once per link.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from icc.accounts.actors import Actor
from icc.accounts.models import Role
from icc.accounts.permissions import active_grants, has_role, is_secretariat
from icc.antirumours.models import (
    Campaign,
    Material,
    Rumour,
    Strategy,
    Survey,
    Wave,
)
from icc.network.models import City
from icc.network.permissions import (
    can_act_for_network,
    can_read_city_space,
    get_own_cities,
    is_city_person,
)


def _coordinates_network_of(user: Actor | None, city: City) -> bool:
    return city.national_network_id is not None and has_role(
        user, Role.NETWORK_COORDINATOR, national_network_id=city.national_network_id
    )


def can_read_strategy(user: Actor | None, city: City) -> bool:
    """Return whether the person may read the city's anti-rumours work."""
    if can_read_city_space(user, city):
        return True
    return city.status != City.Status.LEFT and _coordinates_network_of(user, city)


def can_edit_strategy(user: Actor | None, city: City) -> bool:
    """Return whether the person may change the city's anti-rumours work (not when suspended)."""
    return user is not None and can_act_for_network(user, city)


def can_see_personal_data(user: Actor | None, city: City) -> bool:
    """Return whether the person may see agents' and contact persons' names and addresses."""
    return can_read_city_space(user, city)


def get_city_for_view(user: Actor | None, slug: str) -> City:
    """Return the city whose strategy the person may read, or raise 404 / 403."""
    city = City.objects.select_related("national_network").filter(slug=slug).first()
    if city is None:
        raise Http404
    if not can_read_strategy(user, city):
        raise PermissionDenied
    return city


def get_city_for_edit(user: Actor | None, slug: str) -> City:
    """Return the city whose strategy the person may change, or raise 404 / 403."""
    city = get_city_for_view(user, slug)
    if not can_edit_strategy(user, city):
        raise PermissionDenied
    return city


def readable_strategies(user: Actor | None) -> list[Strategy]:
    """Return the strategies the person may read, by city name."""
    strategies = Strategy.objects.select_related("city", "city__national_network")
    if is_secretariat(user):
        return list(strategies)
    networks = {
        grant.national_network_id
        for grant in active_grants(user)
        if grant.role == Role.NETWORK_COORDINATOR and grant.national_network_id
    }
    own = {city.pk for city in get_own_cities(user)}
    return [
        s
        for s in strategies.filter(city__in=list(own))
        | strategies.filter(city__national_network__in=list(networks))
        if can_read_strategy(user, s.city)
    ]


def cities_to_start(user: Actor | None) -> list[City]:
    """Return the cities the person may start a strategy for (none yet, may act)."""
    if is_secretariat(user):
        return []
    return [
        city
        for city in get_own_cities(user)
        if can_edit_strategy(user, city) and not Strategy.objects.filter(city=city).exists()
    ]


def _strategy_city(obj: Campaign | Survey | Wave | Material) -> City:
    if isinstance(obj, Wave):
        return obj.survey.strategy.city
    if isinstance(obj, Material):
        return obj.campaign.strategy.city
    return obj.strategy.city


def get_record_for_view(user: Actor | None, model: type[Any], pk: int) -> Any:
    """Return a campaign, survey or wave of a strategy the person may read, or raise."""
    related: dict[type[Any], tuple[str, ...]] = {
        Campaign: ("strategy__city",),
        Survey: ("strategy__city",),
        Wave: ("survey__strategy__city",),
    }
    record = model.objects.select_related(*related[model]).filter(pk=pk).first()
    if record is None:
        raise Http404
    if not can_read_strategy(user, _strategy_city(record)):
        raise PermissionDenied
    return record


def can_edit_record(user: Actor | None, record: Campaign | Survey | Wave) -> bool:
    """Return whether the person may change a campaign, a survey or a wave."""
    return can_edit_strategy(user, _strategy_city(record))


def can_download_material(user: Actor | None, material: Material) -> bool:
    """Return whether the person may open a campaign's material: readers of the strategy."""
    return can_read_strategy(user, material.campaign.strategy.city)


# The catalogue ------------------------------------------------------------------------------


def can_read_catalogue(user: Actor | None) -> bool:
    """Return whether the person may read the network's catalogue (everyone with a role)."""
    return bool(active_grants(user))


def proposing_cities(user: Actor | None) -> list[City]:
    """Return the cities in whose name the person may propose a rumour."""
    return [city for city in get_own_cities(user) if can_edit_strategy(user, city)]


def can_add_rumour(user: Actor | None) -> bool:
    """Return whether the person may write (the secretariat) or propose (a city) a rumour."""
    return is_secretariat(user) or bool(proposing_cities(user))


def can_moderate_catalogue(user: Actor | None) -> bool:
    """Return whether the person reviews, publishes and edits the catalogue (the secretariat)."""
    return is_secretariat(user)


def can_edit_rumour(user: Actor | None, rumour: Rumour) -> bool:
    """Return whether the person may change a rumour and add counter-arguments to it.

    The secretariat always; the proposing city's people while it is not published.
    """
    if is_secretariat(user):
        return True
    city = rumour.proposed_by_city
    return (
        city is not None
        and rumour.status in (Rumour.Status.DRAFT, Rumour.Status.SUBMITTED)
        and can_edit_strategy(user, city)
    )


def can_read_rumour(user: Actor | None, rumour: Rumour) -> bool:
    """Return whether the person may read a catalogue entry in the signed-in catalogue."""
    if not can_read_catalogue(user):
        return False
    if rumour.is_published or is_secretariat(user):
        return True
    city = rumour.proposed_by_city
    return city is not None and is_city_person(user, city)


def get_rumour_for_view(user: Actor | None, pk: int) -> Rumour:
    """Return the catalogue entry the person may read, or raise 404 / 403."""
    rumour = Rumour.objects.select_related("theme", "proposed_by_city").filter(pk=pk).first()
    if rumour is None:
        raise Http404
    if not can_read_rumour(user, rumour):
        raise PermissionDenied
    return rumour


def get_rumour_for_edit(user: Actor | None, pk: int) -> Rumour:
    """Return the catalogue entry the person may change, or raise 404 / 403."""
    rumour = get_rumour_for_view(user, pk)
    if not can_edit_rumour(user, rumour):
        raise PermissionDenied
    return rumour


def require(allowed: bool) -> None:
    """Raise ``PermissionDenied`` unless ``allowed``."""
    if not allowed:
        raise PermissionDenied
