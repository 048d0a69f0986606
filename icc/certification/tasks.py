"""Background work of the certification: the acknowledgement of a complaint."""

from datetime import date

from django.tasks import task

from icc.core.dates import format_date
from icc.core.mail import send_templated_mail


@task()
def send_complaint_receipt(*, to: str, language: str, context: dict) -> None:
    """Acknowledge a complaint, with its reference, in the complainant's language."""
    from django.utils import translation

    with translation.override(language):
        due = format_date(date.fromisoformat(context["due_on"]))
    send_templated_mail(
        "certification/mail/complaint_receipt",
        to=to,
        language=language,
        context=context | {"due_on": due},
    )
