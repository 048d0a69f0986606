"""Who may see and change cities and national networks."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from icc.accounts.actors import Actor
from icc.accounts.models import CITY_ROLES, Role
from icc.accounts.permissions import active_grants, has_role, is_secretariat
from icc.network.models import City, CityQuerySet, ExpertVisit, JoinStep, NationalNetwork
from icc.network.notices import status_notice


def can_view_city(user: Actor, city: City) -> bool:
    """Return whether the person may see the city's profile (left cities: secretariat only)."""
    return city.is_visible_to_public or is_secretariat(user)


def city_may_act(city: City) -> bool:
    """Return whether the city may act for the network: vote, publish, answer, propose.

    The one status rule of every module: applicants and members act; a suspended city
    keeps read access but cannot act; a city that left is frozen.
    """
    return city.may_act_for_network


class CityMayNotAct(PermissionDenied):
    """Refuse an act because the city may not act for the network; the message says why."""


def refusal(user: Actor, city: City) -> PermissionDenied:
    """Return the refusal to raise when the person may not act for ``city``.

    Its own people and the secretariat learn the city's status, the reason and whom to
    contact (``CityMayNotAct``); anyone else gets a plain refusal that reveals nothing.
    """
    notice = status_notice(city)
    if notice is not None and (is_secretariat(user) or is_city_person(user, city)):
        return CityMayNotAct(notice.message)
    return PermissionDenied()


def is_city_person(user: Actor | None, city: City) -> bool:
    """Return whether the person holds a coordinator or editor role for ``city``."""
    return any(
        grant.role in CITY_ROLES and grant.city_id == city.pk for grant in active_grants(user)
    )


_OWN_CITIES_ATTRIBUTE = "_icc_own_cities"


def get_own_cities(user: Actor | None) -> list[City]:
    """Return the cities the person works for (coordinator or editor), whatever their status.

    Read once per request and kept on the user, as the grants are: the menu, the notice
    of a suspended city and the profile links all ask.
    """
    cities = getattr(user, _OWN_CITIES_ATTRIBUTE, None)
    if cities is None:
        ids = sorted({g.city_id for g in active_grants(user) if g.role in CITY_ROLES and g.city_id})
        cities = list(City.objects.filter(pk__in=ids)) if ids else []
        if getattr(user, "is_authenticated", False):
            setattr(user, _OWN_CITIES_ATTRIBUTE, cities)
    return cities


def can_act_for_network(user: Actor, city: City) -> bool:
    """Return whether the person may act for the network in the name of ``city``.

    Every module asks this before a vote, a publication or any other act of a city:
    the person must be the secretariat or one of the city's people, and the city must
    be allowed to act (see ``city_may_act``).
    """
    return city_may_act(city) and (is_secretariat(user) or is_city_person(user, city))


def can_read_city_space(user: Actor | None, city: City) -> bool:
    """Return whether the person may read the city's private records in any module.

    A suspended city's people still read them; a city that left is readable by the
    secretariat only.
    """
    if is_secretariat(user):
        return True
    return city.status != City.Status.LEFT and is_city_person(user, city)


def can_edit_city(user: Actor, city: City) -> bool:
    """Return whether the person may edit the city's profile.

    The secretariat edits every city; a coordinator or editor edits their own city only,
    while the city may act for the network (publishing its profile is an act).
    """
    return is_secretariat(user) or can_act_for_network(user, city)


def can_edit_city_membership(user: Actor) -> bool:
    """Return whether the person may change the network and identity fields of cities."""
    return is_secretariat(user)


def can_manage_membership(user: Actor) -> bool:
    """Return whether the person may change a city's status and record its join steps."""
    return is_secretariat(user)


def can_view_membership(user: Actor, city: City) -> bool:
    """Return whether the person may see where the city stands in its membership."""
    return can_read_city_space(user, city)


def can_download_membership_document(user: Actor, record: JoinStep | ExpertVisit) -> bool:
    """Return whether the person may open a join step's document or a visit's report.

    They are read where the membership page shows them: the city's people (while the city
    has not left) and the secretariat.
    """
    return can_view_membership(user, record.city)


def can_manage_join_steps(user: Actor) -> bool:
    """Return whether the person may change the join steps and their order (the secretariat)."""
    return is_secretariat(user)


def can_view_failed_tasks(user: Actor) -> bool:
    """Return whether the person may see and retry the background tasks that failed."""
    return is_secretariat(user)


def can_create_city(user: Actor) -> bool:
    """Return whether the person may add a city to the network."""
    return is_secretariat(user)


def can_view_city_timeline(user: Actor, city: City) -> bool:
    """Return whether the person may read the city's activity timeline."""
    return is_secretariat(user)


def can_manage_national_networks(user: Actor) -> bool:
    """Return whether the person may create and edit national networks."""
    return is_secretariat(user)


def can_edit_national_network(user: Actor, network: NationalNetwork) -> bool:
    """Return whether the person may edit this national network's record."""
    return is_secretariat(user) or has_role(
        user, Role.NETWORK_COORDINATOR, national_network_id=network.pk
    )


def get_cities_for_directory(user: Actor) -> CityQuerySet:
    """Return the cities the person may find in the directory."""
    cities = City.objects.for_directory()
    return cities if is_secretariat(user) else cities.visible_to_public()


def get_city_for_view(user: Actor, slug: str) -> City:
    """Return the city the person may see, or raise 404 (a left city is hidden from others)."""
    city = City.objects.select_related("national_network").filter(slug=slug).first()
    if city is None or not can_view_city(user, city):
        raise Http404
    return city
