"""The daily jobs of mentoring: stalled schemes flagged, milestone reminders mailed."""

from datetime import date

from django.tasks import task
from django.utils.translation import gettext_lazy as _

from icc.connections.mentoring import services
from icc.core.background import register_daily_job
from icc.core.task_descriptions import describe_task_as


@register_daily_job
@task()
def flag_stalled_schemes(*, day: str) -> int:
    """Flag the schemes under way with no check-in for 60 days (shown on the dashboard)."""
    return services.flag_stalled_schemes(date.fromisoformat(day))


@register_daily_job
@task()
def send_milestone_reminders(*, day: str) -> int:
    """Remind the cities of a scheme of the milestones due within a week."""
    return services.send_milestone_reminders(date.fromisoformat(day))


describe_task_as(flag_stalled_schemes, _("Flag the stalled mentoring schemes"))
describe_task_as(services.tell_stalled_schemes, _("Tell the cities of stalled mentoring schemes"))
describe_task_as(send_milestone_reminders, _("Remind mentoring cities of milestones due"))
