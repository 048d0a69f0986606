"""Scope the NGO representative role when an invitation to it is accepted (decision 0048)."""

from typing import Any

from django.db.models.signals import post_save

from icc.accounts.models import Invitation, Role, RoleGrant


def _invitation_saved(sender: Any, instance: Invitation, **kwargs: Any) -> None:
    if instance.accepted_at is not None and instance.accepted_by_id is not None:
        from icc.certification.services import invitation_accepted

        invitation_accepted(instance)


def _grant_saved(sender: Any, instance: RoleGrant, **kwargs: Any) -> None:
    """A withdrawn NGO representative role ends the person's representation."""
    if instance.role == Role.NGO_REPRESENTATIVE and instance.revoked_at is not None:
        from icc.certification.models import Representative

        Representative.objects.filter(grant=instance, revoked_at__isnull=True).update(
            revoked_at=instance.revoked_at
        )


def connect() -> None:
    post_save.connect(_invitation_saved, sender=Invitation, dispatch_uid="certification-invite")
    post_save.connect(_grant_saved, sender=RoleGrant, dispatch_uid="certification-grant")
