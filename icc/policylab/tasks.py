"""Background work of the policy lab: commitments past their due date."""

from django.tasks import task
from django.utils import timezone

from icc.core.background import register_daily_job
from icc.policylab.services import labs


@register_daily_job
@task()
def remind_overdue_commitments(*, day: str) -> int:
    """Tell the owner's side of each open commitment past its due date, once; return how many."""
    return labs.remind_overdue_commitments(today=timezone.localdate())
