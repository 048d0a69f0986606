"""The certification's daily jobs: expiry reminders, and reminders of what is overdue."""

from datetime import date

from django.tasks import task

from icc.certification.services import send_expiry_reminders, send_overdue_reminders
from icc.core.background import register_daily_job


@register_daily_job
@task()
def send_certificate_reminders(*, day: str) -> int:
    """Queue the reminders of certificates expiring within 90 or 30 days."""
    return send_expiry_reminders()


@register_daily_job
@task()
def send_overdue_certification_reminders(*, day: str) -> int:
    """Queue the reminders of overdue complaints, appeals and required actions."""
    return send_overdue_reminders(date.fromisoformat(day))
