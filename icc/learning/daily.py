"""The learning space's daily job: remind people whose course is due (decision 0010)."""

from django.tasks import task

from icc.core.background import register_daily_job
from icc.learning.services import send_reminders


@register_daily_job
@task()
def send_course_reminders(*, day: str) -> int:
    """Queue this week's reminders to people with a course due soon or overdue."""
    return send_reminders()
