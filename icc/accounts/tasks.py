"""Background work of the accounts app, run by the task worker."""

from datetime import datetime

from django.tasks import task
from django.utils import translation

from icc.accounts.models import Role
from icc.core.mail import send_templated_mail


@task()
def send_invitation_mail(*, to: str, language: str, context: dict) -> None:
    """Send an invitation mail in the invited person's language."""
    with translation.override(language):
        role_label = str(Role(context["role"]).label)
    context = context | {
        "role_label": role_label,
        "expires_at": datetime.fromisoformat(context["expires_at"]),
    }
    send_templated_mail("accounts/mail/invitation", to=to, language=language, context=context)


@task()
def send_notification_mail(*, notification_id: int) -> None:
    """Mail one notification to its reader, in their language, unless already mailed."""
    from icc.accounts.notifications import mail_notification

    mail_notification(notification_id)


@task()
def send_notification_digests(*, day: str) -> int:
    """Send the daily mail of notifications to those who chose it (a daily job)."""
    from icc.accounts.notifications import send_notification_digests as send_digests

    return send_digests()
