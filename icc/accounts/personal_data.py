"""Everything the platform holds about a person: export it, or erase it.

Each app that keeps personal data outside the accounts registers a provider
(``register_personal_data``) from its ``AppConfig.ready``: accounts never imports the
apps that hang from it. Erasure anonymises the person's fields and keeps the rows that
point to them, so the activity log keeps its integrity.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone

from icc.accounts.actors import Actor
from icc.accounts.models import ApiToken, Invitation, Notification, RoleGrant, User
from icc.core.activity import record_activity
from icc.core.models import Activity


@dataclass(frozen=True)
class PersonalDataProvider:
    """How one app exports and erases what it holds about a person."""

    name: str
    export: Callable[[User], Any]
    erase: Callable[[User], None]


_providers: dict[str, PersonalDataProvider] = {}


def register_personal_data(provider: PersonalDataProvider) -> None:
    """Add an app's export and erasure of the personal data it holds."""
    _providers[provider.name] = provider


def _when(value: Any) -> str | None:
    return value.isoformat() if value else None


def export_person(user: User, *, exported_by: Actor | None) -> dict[str, Any]:
    """Return everything held about ``user`` as JSON-ready data; record who exported it."""
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    data: dict[str, Any] = {
        "person": {
            "id": user.pk,
            "email": user.email,
            "full_name": user.full_name,
            "language": user.language,
            "notification_frequency": user.notification_frequency,
            "is_active": user.is_active,
            "date_joined": _when(user.date_joined),
            "last_login": _when(user.last_login),
        },
        "roles": [
            {
                "role": grant.role,
                "city": grant.city.slug if grant.city else None,
                "national_network": grant.national_network.slug if grant.national_network else None,
                "granted_at": _when(grant.created_at),
                "withdrawn_at": _when(grant.revoked_at),
            }
            for grant in RoleGrant.objects.filter(user=user).select_related(
                "city", "national_network"
            )
        ],
        "invitations_received": [
            {
                "email": invitation.email,
                "full_name": invitation.full_name,
                "role": invitation.role,
                "sent_at": _when(invitation.created_at),
                "accepted_at": _when(invitation.accepted_at),
            }
            for invitation in Invitation.objects.filter(email__iexact=user.email)
        ],
        "api_tokens": [
            {
                "name": token.name,
                "starts_with": token.prefix,
                "created_at": _when(token.created_at),
                "last_used_at": _when(token.last_used_at),
                "revoked_at": _when(token.revoked_at),
            }
            for token in ApiToken.objects.filter(user=user)
        ],
        "notifications": [
            {
                "kind": notification.kind,
                "parameters": notification.params,
                "link": notification.link,
                "created_at": _when(notification.created_at),
                "read_at": _when(notification.read_at),
                "mailed_at": _when(notification.mailed_at),
            }
            for notification in Notification.objects.filter(recipient=user)
        ],
        "email_addresses": list(
            EmailAddress.objects.filter(user=user).values_list("email", flat=True)
        ),
        "two_factor_methods": list(
            Authenticator.objects.filter(user=user).values_list("type", flat=True)
        ),
        "activity": [
            {
                "verb": entry.verb,
                "record": f"{entry.target_type.model}:{entry.target_id}",
                "at": _when(entry.created_at),
                "changes": entry.changes,
            }
            for entry in Activity.objects.filter(actor=user).select_related("target_type")
        ],
    }
    for name, provider in sorted(_providers.items()):
        data[name] = provider.export(user)
    record_activity(exported_by, "person.exported", user)
    return data


@transaction.atomic
def erase_person(user: User, *, erased_by: Actor | None) -> User:
    """Anonymise ``user``: personal fields cleared, sign-in impossible, roles withdrawn.

    The row stays, so the activity entries that name the person as actor keep pointing
    to it (now anonymous). Each registered app erases what it holds.
    """
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    for provider in _providers.values():
        provider.erase(user)
    old_email = user.email
    now = timezone.now()
    Invitation.objects.filter(email__iexact=old_email).update(
        email=f"erased-{user.pk}@erased.invalid", full_name=""
    )
    RoleGrant.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=now)
    ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=now)
    Notification.objects.filter(recipient=user).delete()
    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    for session in Session.objects.filter(expire_date__gt=now):
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            session.delete()
    user.email = f"erased-{user.pk}@erased.invalid"
    user.full_name = ""
    user.is_active = False
    user.set_unusable_password()
    user.save()
    record_activity(erased_by, "person.erased", user)
    return user
