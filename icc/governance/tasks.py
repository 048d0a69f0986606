"""Background work of the governance app: votes whose opening or closing time has passed.

The first request after either time fixes it (``votes.bring_up_to_date``); this daily job
does it for votes nobody opened, so their results are published and told all the same.
"""

from django.db.models import Q
from django.tasks import task
from django.utils import timezone

from icc.core.background import register_daily_job
from icc.governance.models import Motion
from icc.governance.services import votes


@register_daily_job
@task()
def bring_votes_up_to_date(*, day: str) -> int:
    """Fix the eligibility and the result of every vote whose time has come; return how many."""
    now = timezone.now()
    due = Motion.objects.filter(
        Q(opened_at__isnull=True, opens_at__lte=now) | Q(closed_at__isnull=True, closes_at__lte=now)
    )
    count = 0
    for motion in due:
        votes.bring_up_to_date(motion, now=now)
        count += 1
    return count
