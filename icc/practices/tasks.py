"""Background work of the practices app, run by the task worker."""

from datetime import date, timedelta

from django.tasks import task
from django.utils.translation import gettext_lazy as _

from icc.core.background import register_daily_job
from icc.core.task_descriptions import describe_task_as
from icc.practices import services


@register_daily_job
@task()
def send_challenge_digests(*, day: str) -> int:
    """Send the followers of each challenge the questions asked on the day before ``day``."""
    return services.send_challenge_digests(date.fromisoformat(day) - timedelta(days=1))


describe_task_as(send_challenge_digests, _("Send the daily digests of followed challenges"))
