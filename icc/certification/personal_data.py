"""What the certification holds about a person: representation, reviews, complaints filed."""

from typing import Any

from icc.accounts.models import User
from icc.certification.models import Complaint, Representative, Review


def export_person(user: User) -> dict[str, Any]:
    """Return the organisations the person represents, their reviews and their complaints."""
    return {
        "represents": [
            {
                "organisation": row.organisation.name,
                "since": row.created_at.isoformat(),
                "until": row.revoked_at.isoformat() if row.revoked_at else None,
            }
            for row in Representative.objects.filter(user=user).select_related("organisation")
        ],
        "reviews": [
            {
                "organisation": review.application.organisation.name,
                "status": review.status,
                "declared_tie": review.tie,
                "score": str(review.score) if review.score is not None else None,
            }
            for review in Review.objects.filter(reviewer=user).select_related(
                "application__organisation"
            )
        ],
        "complaints": [
            {
                "reference": complaint.reference,
                "organisation": complaint.organisation.name,
                "name": complaint.name,
                "text": complaint.text,
                "filed_at": complaint.created_at.isoformat(),
            }
            for complaint in Complaint.objects.filter(email__iexact=user.email).select_related(
                "organisation"
            )
        ],
    }


def erase_person(user: User) -> None:
    """Clear the person's name and address from the complaints they filed.

    Reviews and representation stay: they are the record of decisions taken (the scheme's
    audit trail); the account itself is erased by accounts.
    """
    Complaint.objects.filter(email__iexact=user.email).update(name="", email="erased@invalid")
