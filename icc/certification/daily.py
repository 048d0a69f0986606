"""The certification's daily job: remind organisations 90 and 30 days before expiry."""

from django.tasks import task

from icc.certification.services import send_expiry_reminders
from icc.core.background import register_daily_job


@register_daily_job
@task()
def send_certificate_reminders(*, day: str) -> int:
    """Queue the reminders of certificates expiring within 90 or 30 days."""
    return send_expiry_reminders()
