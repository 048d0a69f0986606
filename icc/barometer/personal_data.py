"""What the barometer holds about a person: the companies they invited, and invitations
sent to their own address as a company's contact (a company itself has no account)."""

from typing import Any

from django.db.models import Q

from icc.accounts.models import User
from icc.barometer.models import Invitation


def export(user: User) -> dict[str, Any]:
    rows = Invitation.objects.filter(Q(invited_by=user) | Q(contact_email__iexact=user.email))
    return {
        "invitations": [
            {
                "round": invitation.round.name,
                "company": invitation.company_name,
                "contact_email": invitation.contact_email,
                "invited_by_me": invitation.invited_by_id == user.pk,
                "invited_at": invitation.invited_at.isoformat(),
                "status": invitation.status,
            }
            for invitation in rows.select_related("round")
        ]
    }


def erase(user: User) -> None:
    """Forget the person's address where it was a company's contact."""
    if user.email:
        Invitation.objects.filter(contact_email__iexact=user.email).update(contact_email="")
