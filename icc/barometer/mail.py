"""The mail a company receives: its private link, then at most two reminders."""

from datetime import date

from django.tasks import task

from icc.core.mail import send_templated_mail


@task()
def send_company_mail(*, to: str, language: str, context: dict) -> None:
    """Send an invitation or a reminder in the company's language."""
    if not to:  # erased meanwhile
        return
    context = context | {"closes_on": date.fromisoformat(context["closes_on"])}
    send_templated_mail("barometer/mail/link", to=to, language=language, context=context)
