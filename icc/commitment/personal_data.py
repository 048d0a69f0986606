"""What the commitment app holds about a person, for export and erasure."""

from typing import Any

from icc.accounts.models import User
from icc.commitment.models import OfficeTerm, ReengagementTask


def export_person(user: User) -> dict[str, Any]:
    """Return the terms of office recorded with the person's address and their tasks."""
    return {
        "terms_of_office": [
            {
                "city": term.office.city.slug,
                "office": term.office.kind,
                "holder_name": term.holder_name,
                "holder_email": term.holder_email,
                "starts_on": term.starts_on.isoformat(),
                "ends_on": term.ends_on.isoformat() if term.ends_on else None,
            }
            for term in OfficeTerm.objects.filter(holder_email__iexact=user.email).select_related(
                "office__city"
            )
        ],
        "reengagement_tasks_assigned": [
            {"city": task.city.slug, "reason": task.reason, "due_on": task.due_on.isoformat()}
            for task in ReengagementTask.objects.filter(assignee=user).select_related("city")
        ],
    }


def erase_person(user: User) -> None:
    """Clear the person's address from terms of office; public office-holders keep their name."""
    OfficeTerm.objects.filter(holder_email__iexact=user.email).update(holder_email="")
