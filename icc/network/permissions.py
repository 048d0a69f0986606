"""Who may see and change cities and national networks."""

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from icc.accounts.models import CITY_ROLES, Role
from icc.accounts.permissions import active_grants, has_role, is_secretariat
from icc.network.models import City, NationalNetwork


def can_view_city(user: Any, city: City) -> bool:
    """Return whether the person may see the city's profile (left cities: secretariat only)."""
    return city.is_visible_to_public or is_secretariat(user)


def can_edit_city(user: Any, city: City) -> bool:
    """Return whether the person may edit the city's profile.

    The secretariat edits every city; a coordinator or editor edits their own city only.
    """
    if is_secretariat(user):
        return True
    if city.status == City.Status.LEFT:
        return False
    return any(grant.role in CITY_ROLES and grant.city_id == city.pk for grant in active_grants(user))


def can_edit_city_membership(user: Any) -> bool:
    """Return whether the person may change status, network and identity fields of cities."""
    return is_secretariat(user)


def can_create_city(user: Any) -> bool:
    """Return whether the person may add a city to the network."""
    return is_secretariat(user)


def can_view_city_timeline(user: Any, city: City) -> bool:
    """Return whether the person may read the city's activity timeline."""
    return is_secretariat(user)


def can_manage_national_networks(user: Any) -> bool:
    """Return whether the person may create and edit national networks."""
    return is_secretariat(user)


def can_edit_national_network(user: Any, network: NationalNetwork) -> bool:
    """Return whether the person may edit this national network's record."""
    return is_secretariat(user) or has_role(
        user, Role.NETWORK_COORDINATOR, national_network_id=network.pk
    )


def get_cities_for_directory(user: Any) -> QuerySet[City]:
    """Return the cities the person may find in the directory."""
    cities = City.objects.for_directory()
    return cities if is_secretariat(user) else cities.visible_to_public()


def get_city_for_view(user: Any, slug: str) -> City:
    """Return the city the person may see, or raise 404 (a left city is hidden from others)."""
    city = City.objects.select_related("national_network").filter(slug=slug).first()
    if city is None or not can_view_city(user, city):
        raise Http404
    return city


def get_editable_cities(user: Any) -> QuerySet[City]:
    """Return the cities whose profile the person may edit."""
    if is_secretariat(user):
        return City.objects.all()
    city_ids = [grant.city_id for grant in active_grants(user) if grant.role in CITY_ROLES]
    return City.objects.filter(pk__in=city_ids).exclude(status=City.Status.LEFT)
