"""Every write about people: invitations, roles, tokens, preferences."""

import secrets
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from icc.accounts.models import (
    CITY_ROLES,
    GLOBAL_ROLES,
    NETWORK_ROLES,
    ORGANISATION_ROLES,
    ApiToken,
    Invitation,
    Role,
    RoleGrant,
    User,
    hash_token,
)
from icc.accounts.notifications import notify
from icc.accounts.permissions import forget_grants, lacks_required_two_factor
from icc.accounts.tasks import send_invitation_mail
from icc.core.activity import record_activity
from icc.core.actors import author
from icc.core.page_cache import invalidate_public_pages
from icc.core.site import absolute_url


def invitation_url(token: str, language: str) -> str:
    """Return the absolute address at which an invitation is accepted."""
    with translation.override(language):
        path = reverse("accounts:invitation-accept", kwargs={"token": token})
    return absolute_url(path)


@transaction.atomic
def invite_person(
    *,
    email: str,
    role: str,
    invited_by: User,
    full_name: str = "",
    language: str = "en",
    city: Any = None,
    national_network: Any = None,
) -> Invitation:
    """Invite a person to take a role and queue the invitation mail.

    Raises ``ValidationError`` when the scope does not fit the role, when the
    person already holds a role in that city or network (or that network-wide role),
    or when an invitation to them for it is pending: a role is changed, not added.
    """
    email = email.strip().lower()
    _refuse_second_role(email, role=role, city=city, national_network=national_network)
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


def _same_scope(grants: Any, *, role: str, city: Any, national_network: Any) -> Any:
    """Filter ``grants`` (or invitations) to those a new one for this scope would double."""
    if city is not None:
        return grants.filter(city=city)
    if national_network is not None:
        return grants.filter(national_network=national_network)
    return grants.filter(role=role, city__isnull=True, national_network__isnull=True)


def _refuse_second_role(email: str, *, role: str, city: Any, national_network: Any) -> None:
    held = _same_scope(
        RoleGrant.objects.active().filter(user__email__iexact=email),
        role=role,
        city=city,
        national_network=national_network,
    ).first()
    if held is not None:
        raise ValidationError(
            _(
                "%(email)s already holds a role here: %(role)s. "
                "Change it from the people page instead of inviting again."
            )
            % {"email": email, "role": held}
        )
    pending = _same_scope(
        Invitation.objects.pending().filter(email__iexact=email),
        role=role,
        city=city,
        national_network=national_network,
    )
    if pending.exists():
        raise ValidationError(
            _(
                "An invitation to %(email)s for this role or place is still pending; "
                "withdraw it before sending another."
            )
            % {"email": email}
        )


def _scope_of(grant: RoleGrant) -> Any:
    return grant.city or grant.national_network


def _scope_text(grant: RoleGrant) -> Any:
    """Return the grant's city or network name, or a translatable "whole network"."""
    scope = _scope_of(grant)
    return str(scope) if scope is not None else gettext_lazy("the whole network")


def _revoke_api_tokens(user: User, *, by: User | None) -> int:
    """Revoke every active API token of ``user`` after their roles changed; return how many.

    A program must keep no right its owner lost, nor gain one given after its creation.
    """
    tokens = list(ApiToken.objects.filter(user=user, revoked_at__isnull=True))
    now = timezone.now()
    for token in tokens:
        token.revoked_at = now
        token.save(update_fields=["revoked_at"])
        record_activity(
            by, "token.revoked", token, about=user, changes={"reason": ("", "roles changed")}
        )
    return len(tokens)


def _tokens_note(revoked: int) -> Any:
    if not revoked:
        return ""
    return gettext_lazy(
        " Your API tokens were revoked because your roles changed; create new ones if you "
        "still need them."
    )


def _after_roles_changed(user: User) -> None:
    forget_grants(user)
    transaction.on_commit(invalidate_public_pages)


@transaction.atomic
def grant_role(
    user: User,
    role: str,
    *,
    granted_by: User | None,
    city: Any = None,
    national_network: Any = None,
) -> RoleGrant:
    """Give ``user`` a role in the given scope; an existing active grant is returned as is.

    Revokes the person's API tokens and, when a person (not the platform) gave the
    role, notifies them. Raises ``ValidationError`` when they hold another role in the
    same city or network: that role is changed instead (``change_role``).
    """
    existing = _same_scope(
        RoleGrant.objects.active().filter(user=user),
        role=role,
        city=city,
        national_network=national_network,
    ).first()
    if existing is not None and existing.role == role:
        return existing
    if existing is not None:
        raise ValidationError(
            _("%(person)s already holds a role here: %(role)s. Change it instead.")
            % {"person": user, "role": existing}
        )
    grant = RoleGrant.objects.create(
        user=user, role=role, city=city, national_network=national_network, granted_by=granted_by
    )
    record_activity(
        granted_by,
        "role.granted",
        grant,
        about=city or national_network or user,
        changes={"person": (None, user.email), "role": (None, role)},
    )
    revoked = _revoke_api_tokens(user, by=granted_by)
    _after_roles_changed(user)
    if author(granted_by) is not None:
        notify(
            [user],
            kind="role.granted",
            target=grant,
            actor=granted_by,
            context={
                "role": Role(role).label,
                "scope": _scope_text(grant),
                "tokens": _tokens_note(revoked),
            },
            link=_roles_link(),
        )
    return grant


def _roles_link() -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return reverse("accounts:settings")


def _require_reason(reason: str) -> str:
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason; the person will read it.")})
    return reason


def _lock_active(grant: RoleGrant) -> RoleGrant:
    grant = (
        # Lock the grant only: PostgreSQL locks no row of a nullable joined scope.
        RoleGrant.objects.select_for_update(of=("self",))
        .select_related("user", "city", "national_network")
        .get(pk=grant.pk)
    )
    if grant.revoked_at is not None:
        raise ValidationError(_("This role was already withdrawn."))
    return grant


def roles_for_scope(grant: RoleGrant) -> list[Role]:
    """Return the roles a grant may be changed to, keeping its city or network."""
    if grant.city_id is not None:
        kinds: frozenset[Role] = CITY_ROLES
    elif grant.national_network_id is not None:
        kinds = NETWORK_ROLES
    elif grant.role in ORGANISATION_ROLES:
        kinds = frozenset()
    else:
        kinds = GLOBAL_ROLES
    return [role for role in Role if role in kinds and role != grant.role]


def _record_and_tell(
    old: RoleGrant,
    *,
    now: RoleGrant,
    by: User,
    verb: str,
    kind: str,
    reason: str,
    changes: dict[str, tuple[Any, Any]],
    context: dict[str, Any],
) -> None:
    """Keep the end of ``old`` and its reason, revoke the person's API tokens, tell them why.

    ``now`` is the grant that replaces ``old`` (a change), or ``old`` itself (a withdrawal).
    """
    person = old.user
    record_activity(
        by,
        verb,
        now,
        about=_scope_of(old) or person,
        changes={**changes, "reason": ("", reason)},
    )
    revoked = _revoke_api_tokens(person, by=by)
    _after_roles_changed(person)
    notify(
        [person],
        kind=kind,
        target=now,
        actor=by,
        context={
            **context,
            "scope": _scope_text(old),
            "reason": reason,
            "tokens": _tokens_note(revoked),
        },
        link=_roles_link(),
    )


def _revoke(grant: RoleGrant) -> None:
    grant.revoked_at = timezone.now()
    grant.save(update_fields=["revoked_at"])


@transaction.atomic
def change_role(grant: RoleGrant, *, role: str, changed_by: User, reason: str) -> RoleGrant:
    """Change a person's role in the same city or network, and return the new grant.

    The old grant is withdrawn and a new one given (grants are never edited), the
    reason is recorded, the person's API tokens are revoked and the person notified.
    Raises ``ValidationError`` without a reason or for a role that does not fit the scope.
    """
    reason = _require_reason(reason)
    grant = _lock_active(grant)
    if role not in roles_for_scope(grant):
        raise ValidationError({"role": _("Choose another role that fits this city or network.")})
    _revoke(grant)
    new_grant = RoleGrant.objects.create(
        user=grant.user,
        role=role,
        city=grant.city,
        national_network=grant.national_network,
        granted_by=changed_by,
    )
    _record_and_tell(
        grant,
        now=new_grant,
        by=changed_by,
        verb="role.changed",
        kind="role.changed",
        reason=reason,
        changes={"person": (None, grant.user.email), "role": (grant.role, role)},
        context={"old_role": Role(grant.role).label, "role": Role(role).label},
    )
    return new_grant


@transaction.atomic
def withdraw_role(grant: RoleGrant, *, withdrawn_by: User, reason: str) -> RoleGrant:
    """Withdraw a role from a person, with the reason they will read.

    Records the reason, revokes the person's API tokens and notifies them. Raises
    ``ValidationError`` without a reason or when the role is already withdrawn.
    """
    reason = _require_reason(reason)
    grant = _lock_active(grant)
    _revoke(grant)
    _record_and_tell(
        grant,
        now=grant,
        by=withdrawn_by,
        verb="role.revoked",
        kind="role.withdrawn",
        reason=reason,
        changes={"person": (grant.user.email, None), "role": (grant.role, None)},
        context={"role": Role(grant.role).label},
    )
    return grant


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


def set_notification_frequency(user: User, frequency: str) -> None:
    """Remember whether the person wants a mail per notification or one a day."""
    if frequency not in User.NotificationFrequency.values:
        raise ValidationError({"notification_frequency": _("Choose one of the options.")})
    if user.notification_frequency == frequency:
        return
    old = user.notification_frequency
    user.notification_frequency = frequency
    user.save(update_fields=["notification_frequency"])
    record_activity(
        user,
        "user.notification_frequency_changed",
        user,
        changes={"notification_frequency": (old, frequency)},
    )
