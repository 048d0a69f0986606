"""Which roles a person holds; the building blocks of every module's permission rules."""

from typing import Any

from icc.accounts.models import Role, RoleGrant

_CACHE_ATTRIBUTE = "_icc_active_grants"


def active_grants(user: Any) -> list[RoleGrant]:
    """Return the person's active grants, read once per request and kept on the user."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    grants = getattr(user, _CACHE_ATTRIBUTE, None)
    if grants is None:
        grants = list(RoleGrant.objects.active().filter(user=user))
        setattr(user, _CACHE_ATTRIBUTE, grants)
    return grants


def forget_grants(user: Any) -> None:
    """Drop the grants kept on the user after they change."""
    if hasattr(user, _CACHE_ATTRIBUTE):
        delattr(user, _CACHE_ATTRIBUTE)


def has_role(
    user: Any, role: Role, *, city_id: int | None = None, national_network_id: int | None = None
) -> bool:
    """Return whether the person holds ``role``, in the given scope when one is named."""
    return any(
        grant.role == role
        and (city_id is None or grant.city_id == city_id)
        and (national_network_id is None or grant.national_network_id == national_network_id)
        for grant in active_grants(user)
    )


def is_secretariat(user: Any) -> bool:
    """Return whether the person works for the secretariat."""
    return has_role(user, Role.SECRETARIAT)


def has_two_factor(user: Any) -> bool:
    """Return whether the person has set up a TOTP authenticator (recovery codes are not one)."""
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def lacks_required_two_factor(user: Any) -> bool:
    """Return whether the person holds secretariat rights without two-factor set up.

    Such a person may use nothing but the two-factor set-up: not a page, not an API token.
    """
    return is_secretariat(user) and not has_two_factor(user)


def can_invite_people(user: Any) -> bool:
    """Return whether the person may invite others into a role (the secretariat only)."""
    return is_secretariat(user)


def can_manage_api_tokens(user: Any) -> bool:
    """Return whether the person may create API tokens for themselves (anyone with a role)."""
    return bool(active_grants(user))


def can_manage_personal_data(user: Any) -> bool:
    """Return whether the person may export or erase anyone's personal data (the secretariat)."""
    return is_secretariat(user)
