"""Background work of the barometer: the daily reminders of companies that have not answered."""

from django.tasks import task
from django.utils import timezone

from icc.barometer import services
from icc.barometer.models import Round
from icc.core.background import register_daily_job


@register_daily_job
@task()
def remind_companies(*, day: str) -> int:
    """Remind, in every open round, the companies that have not answered; return how many."""
    today = timezone.localdate()
    count = 0
    for round in Round.objects.filter(opens_on__lte=today, closes_on__gte=today):
        count += services.send_reminders(round, by=None)
    return count
