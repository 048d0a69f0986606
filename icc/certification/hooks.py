"""Scope the NGO representative role when an invitation to it is accepted (decision 0048)."""

from typing import Any

from django.db.models.signals import post_save

from icc.accounts.models import Invitation


def _invitation_saved(sender: Any, instance: Invitation, **kwargs: Any) -> None:
    if instance.accepted_at is not None and instance.accepted_by_id is not None:
        from icc.certification.services import invitation_accepted

        invitation_accepted(instance)


def connect() -> None:
    post_save.connect(_invitation_saved, sender=Invitation, dispatch_uid="certification-invite")
