"""Background work of the learning space: the reminder mail."""

from datetime import date

from django.tasks import task
from django.urls import reverse
from django.utils import translation

from icc.core.dates import format_date
from icc.core.mail import send_templated_mail
from icc.core.site import absolute_url


@task()
def send_reminder_mail(*, to: str, language: str, context: dict) -> None:
    """Send one reminder to finish a course, in the person's language."""
    with translation.override(language):
        link = absolute_url(
            reverse("learning:course-detail", kwargs={"slug": context["course_slug"]})
        )
        due = format_date(date.fromisoformat(context["due_on"])) if context.get("due_on") else ""
    send_templated_mail(
        "learning/mail/reminder",
        to=to,
        language=language,
        context=context | {"link": link, "due_on": due},
    )
