"""The daily checks of the commitment app: a daily job queued by ``run_scheduler``.

A module of its own because the checks open re-engagement tasks through the services,
which queue the tasks of ``tasks.py``: kept there, the two modules would import each other.
"""

from datetime import date

from django.tasks import task
from django.utils.translation import gettext_lazy as _

from icc.commitment import services
from icc.core.background import register_daily_job
from icc.core.task_descriptions import describe_task_as


@register_daily_job
@task()
def run_daily_checks(*, day: str) -> dict[str, int]:
    """Run the daily checks of the commitment app: elections near, renewals due."""
    return services.run_daily_checks(date.fromisoformat(day))


describe_task_as(run_daily_checks, _("Run the daily commitment checks"))
