"""Which roles a person holds; the building blocks of every module's permission rules."""

from django.db.models import QuerySet

from icc.accounts.actors import Actor
from icc.accounts.models import CITY_ROLES, Role, RoleGrant
from icc.core.actors import author

_CACHE_ATTRIBUTE = "_icc_active_grants"


def active_grants(user: Actor | None) -> list[RoleGrant]:
    """Return the person's active grants, read once per request and kept on the user.

    A visitor and the platform itself (``None``) hold none.
    """
    person = author(user)
    if person is None or not person.is_active:
        return []
    grants = getattr(person, _CACHE_ATTRIBUTE, None)
    if grants is None:
        grants = list(RoleGrant.objects.active().filter(user=person))
        setattr(person, _CACHE_ATTRIBUTE, grants)
    return grants


def forget_grants(user: Actor) -> None:
    """Drop the grants kept on the user after they change."""
    if hasattr(user, _CACHE_ATTRIBUTE):
        delattr(user, _CACHE_ATTRIBUTE)


def has_role(
    user: Actor | None,
    role: Role,
    *,
    city_id: int | None = None,
    national_network_id: int | None = None,
) -> bool:
    """Return whether the person holds ``role``, in the given scope when one is named."""
    return any(
        grant.role == role
        and (city_id is None or grant.city_id == city_id)
        and (national_network_id is None or grant.national_network_id == national_network_id)
        for grant in active_grants(user)
    )


def is_secretariat(user: Actor | None) -> bool:
    """Return whether the person works for the secretariat."""
    return has_role(user, Role.SECRETARIAT)


def has_two_factor(user: Actor) -> bool:
    """Return whether the person has set up a TOTP authenticator (recovery codes are not one)."""
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def lacks_required_two_factor(user: Actor) -> bool:
    """Return whether the person holds secretariat rights without two-factor set up.

    Such a person may use nothing but the two-factor set-up: not a page, not an API token.
    """
    return is_secretariat(user) and not has_two_factor(user)


def can_invite_people(user: Actor) -> bool:
    """Return whether the person may invite others into a role (the secretariat only)."""
    return is_secretariat(user)


def can_manage_api_tokens(user: Actor) -> bool:
    """Return whether the person may create API tokens for themselves (anyone with a role)."""
    return bool(active_grants(user))


def can_manage_personal_data(user: Actor) -> bool:
    """Return whether the person may export or erase anyone's personal data (the secretariat)."""
    return is_secretariat(user)


def can_manage_roles(user: Actor) -> bool:
    """Return whether the person may list people to change their roles.

    The secretariat, and national network coordinators for their network's cities
    (decision 0017).
    """
    return is_secretariat(user) or has_role(user, Role.NETWORK_COORDINATOR)


def can_change_role(user: Actor, grant: RoleGrant) -> bool:
    """Return whether the person may change or withdraw ``grant``.

    The secretariat: any active grant but its own. A national network coordinator:
    the city roles of the member cities of their network, never their own.
    """
    if grant.revoked_at is not None or grant.user_id == getattr(user, "pk", None):
        return False
    if is_secretariat(user):
        return True
    if grant.role not in CITY_ROLES or grant.city is None:
        return False
    network_id = grant.city.national_network_id
    return network_id is not None and has_role(
        user, Role.NETWORK_COORDINATOR, national_network_id=network_id
    )


def get_grants_for_role_management(user: Actor) -> QuerySet[RoleGrant]:
    """Return the active grants the person may see on the people page, with their scope."""
    grants = RoleGrant.objects.active().select_related("user", "city", "national_network")
    if is_secretariat(user):
        return grants
    networks = [
        grant.national_network_id
        for grant in active_grants(user)
        if grant.role == Role.NETWORK_COORDINATOR
    ]
    return grants.filter(role__in=sorted(CITY_ROLES), city__national_network_id__in=networks)
