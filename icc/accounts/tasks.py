"""Background work of the accounts app, run by the task worker."""

from datetime import datetime

from django.tasks import task
from django.utils import translation

from icc.accounts.models import Role
from icc.accounts.notifications import send_notification_digests as send_digests

# The mail of one notification is a task of the notifications module, which queues it:
# defined here, the two modules would import each other. Named here too, so a task queued
# under this path before the move still runs.
from icc.accounts.notifications import send_notification_mail  # noqa: F401
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
def send_notification_digests(*, day: str) -> int:
    """Send the daily mail of notifications to those who chose it (a daily job)."""
    return send_digests()
