"""Who holds a role where: the recipients other modules notify."""

from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet

from icc.accounts.models import CITY_ROLES, Role, RoleGrant, User


def _holding(**grant_filters: Any) -> QuerySet[User]:
    return User.objects.filter(
        is_active=True,
        grants__revoked_at__isnull=True,
        **{f"grants__{name}": value for name, value in grant_filters.items()},
    ).distinct()


def people_of_city(city: Any) -> QuerySet[User]:
    """Return the active people who act for ``city`` (its coordinators and editors)."""
    return _holding(city=city, role__in=sorted(CITY_ROLES))


def people_of_cities(city_ids: Iterable[int]) -> dict[int, list[User]]:
    """Return the active people who act for each of the cities, by city id, in one query.

    The same people as ``people_of_city`` for each city: for those who tell many cities
    at once (an Index round published as a whole).
    """
    found: dict[int, dict[int, User]] = {}
    grants = (
        RoleGrant.objects.active()
        .filter(city_id__in=list(city_ids), role__in=sorted(CITY_ROLES), user__is_active=True)
        .select_related("user")
        .order_by("city_id", "user_id")
    )
    for grant in grants:
        if grant.city_id is not None:
            found.setdefault(grant.city_id, {})[grant.user_id] = grant.user
    return {city_id: list(people.values()) for city_id, people in found.items()}


def coordinators_of_network(national_network: Any) -> QuerySet[User]:
    """Return the active coordinators of a national network."""
    return _holding(national_network=national_network, role=Role.NETWORK_COORDINATOR)


def secretariat_people() -> QuerySet[User]:
    """Return the active members of the secretariat."""
    return _holding(role=Role.SECRETARIAT)
