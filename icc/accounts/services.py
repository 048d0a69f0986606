"""Every write about people: invitations, roles, tokens, preferences."""

import secrets
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from icc.accounts.models import ApiToken, Invitation, Role, RoleGrant, User, hash_token
from icc.accounts.permissions import forget_grants, lacks_required_two_factor
from icc.accounts.tasks import send_invitation_mail
from icc.core.activity import record_activity
from icc.core.page_cache import invalidate_public_pages


def invitation_url(token: str, language: str) -> str:
    """Return the absolute address at which an invitation is accepted."""
    with translation.override(language):
        path = reverse("accounts:invitation-accept", kwargs={"token": token})
    return absolute_url(path)


@transaction.atomic
def invite_person(
    *,
from icc.core.site import absolute_url
    email: str,
    role: str,
    invited_by: User,
    full_name: str = "",
    language: str = "en",
    city: Any = None,
    national_network: Any = None,
) -> Invitation:
    """Invite a person to take a role and queue the invitation mail.

    Raises ``ValidationError`` when the scope does not fit the role or the
    person already holds that role.
    """
    email = email.strip().lower()
    existing = RoleGrant.objects.active().filter(
        user__email__iexact=email, role=role, city=city, national_network=national_network
    )
    if existing.exists():
        raise ValidationError(_("This person already holds this role."))
    token = Invitation.new_token()
    invitation = Invitation(
        email=email,
        full_name=full_name,
        language=language,
        role=role,
        city=city,
        national_network=national_network,
        invited_by=invited_by,
        token_hash=hash_token(token),
    )
    invitation.full_clean()
    invitation.save()
    record_activity(
        invited_by,
        "invitation.sent",
        invitation,
        about=city or national_network or invitation,
        changes={"email": (None, email), "role": (None, role)},
    )
    context = {
        "full_name": full_name,
        "role": role,
        "scope": str(city or national_network or ""),
        "inviter": str(invited_by),
        "url": invitation_url(token, language),
        "expires_at": invitation.expires_at.isoformat(),
    }
    transaction.on_commit(
        lambda: send_invitation_mail.enqueue(to=email, language=language, context=context)
    )
    return invitation


def find_pending_invitation(token: str) -> Invitation | None:
    """Return the pending invitation for a link's token, or None."""
    return (
        Invitation.objects.pending()
        .select_related("city", "national_network")
        .filter(token_hash=hash_token(token))
        .first()
    )


@transaction.atomic
def accept_invitation(
    invitation: Invitation, *, user: User | None = None, full_name: str = "", password: str = ""
) -> User:
    """Accept an invitation: create the account when needed and grant the role.

    ``user`` is the signed-in person accepting it; without one, a new account
    is created for the invited address with ``password``.
    """
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_pending:
        raise ValidationError(_("This invitation is no longer valid."))
    if user is None:
        user = User.objects.create_user(
            invitation.email,
            password,
            full_name=full_name or invitation.full_name,
            language=invitation.language,
        )
    elif user.email.lower() != invitation.email.lower():
        raise ValidationError(_("This invitation was sent to another e-mail address."))
    grant = grant_role(
        user,
        invitation.role,
        granted_by=invitation.invited_by,
        city=invitation.city,
        national_network=invitation.national_network,
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    record_activity(
        user,
        "invitation.accepted",
        invitation,
        about=grant.city or grant.national_network or invitation,
    )
    return user


@transaction.atomic
def revoke_invitation(invitation: Invitation, *, revoked_by: User) -> None:
    """Withdraw a pending invitation so its link stops working."""
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    record_activity(revoked_by, "invitation.revoked", invitation)


@transaction.atomic
def grant_role(
    user: User,
    role: str,
    *,
    granted_by: User | None,
    city: Any = None,
    national_network: Any = None,
) -> RoleGrant:
    """Give ``user`` a role in the given scope; an existing active grant is returned as is."""
    grant, created = RoleGrant.objects.active().get_or_create(
        user=user,
        role=role,
        city=city,
        national_network=national_network,
        defaults={"granted_by": granted_by},
    )
    if created:
        record_activity(
            granted_by,
            "role.granted",
            grant,
            about=city or national_network or user,
            changes={"person": (None, user.email), "role": (None, Role(role).label)},
        )
        forget_grants(user)
        transaction.on_commit(invalidate_public_pages)
    return grant


@transaction.atomic
def revoke_role(grant: RoleGrant, *, revoked_by: User) -> None:
    """Withdraw a role from a person."""
    grant.revoked_at = timezone.now()
    grant.save(update_fields=["revoked_at"])
    record_activity(
        revoked_by, "role.revoked", grant, about=grant.city or grant.national_network or grant.user
    )
    forget_grants(grant.user)
    transaction.on_commit(invalidate_public_pages)


@transaction.atomic
def create_api_token(user: User, *, name: str) -> tuple[ApiToken, str]:
    """Create an API token for ``user`` and return it with its key, shown only once."""
    key = "icc_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name, key_hash=hash_token(key), prefix=key[:8])
    record_activity(user, "token.created", token, about=user)
    return token, key


@transaction.atomic
def revoke_api_token(token: ApiToken, *, revoked_by: User) -> None:
    """Revoke an API token at once."""
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    record_activity(revoked_by, "token.revoked", token, about=token.user)


class TwoFactorRequired(PermissionDenied):
    """A token's owner holds secretariat rights but has not set up two-factor sign-in."""


def authenticate_api_key(key: str) -> User | None:
    """Return the active person behind an API key, noting when the key was used.

    Raises ``TwoFactorRequired`` when the owner holds secretariat rights without
    two-factor sign-in: a token must not be a way around the second factor.
    """
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=hash_token(key), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    if lacks_required_two_factor(token.user):
        raise TwoFactorRequired
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user


def set_preferred_language(user: User, language: str) -> None:
    """Remember the language the person reads the platform in."""
    if language not in dict(settings.LANGUAGES) or user.language == language:
        return
    old = user.language
    user.language = language
    user.save(update_fields=["language"])
    record_activity(user, "user.language_changed", user, changes={"language": (old, language)})
