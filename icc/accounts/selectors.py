"""Who holds a role where: the recipients other modules notify."""

from typing import Any

from django.db.models import QuerySet

from icc.accounts.models import CITY_ROLES, Role, User


def _holding(**grant_filters: Any) -> QuerySet[User]:
    return User.objects.filter(
        is_active=True,
        grants__revoked_at__isnull=True,
        **{f"grants__{name}": value for name, value in grant_filters.items()},
    ).distinct()


def people_of_city(city: Any) -> QuerySet[User]:
    """Return the active people who act for ``city`` (its coordinators and editors)."""
    return _holding(city=city, role__in=sorted(CITY_ROLES))


def coordinators_of_network(national_network: Any) -> QuerySet[User]:
    """Return the active coordinators of a national network."""
    return _holding(national_network=national_network, role=Role.NETWORK_COORDINATOR)


def secretariat_people() -> QuerySet[User]:
    """Return the active members of the secretariat."""
    return _holding(role=Role.SECRETARIAT)
