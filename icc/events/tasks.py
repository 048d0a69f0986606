"""Background work of the events: the mail of a freed place and the reminders before an event."""

from datetime import date, timedelta

from django.conf import settings
from django.tasks import task
from django.utils import timezone

from icc.core.background import register_daily_job
from icc.core.mail import send_templated_mail
from icc.events.models import Registration

# How many days before its first day a registered person is reminded of an event.
REMINDER_DAYS = 2


@task()
def send_place_given(*, registration_id: int) -> None:
    """Tell the person who waited, in their language, that they now have a place."""
    registration = Registration.objects.select_related("event", "person").get(pk=registration_id)
    if registration.status != Registration.Status.CONFIRMED:
        return
    person = registration.person
    send_templated_mail(
        "events/mail/place_given",
        to=person.email,
        language=person.language,
        context={"person": person, "event": registration.event, "site_url": settings.SITE_URL},
    )


@register_daily_job
@task()
def send_event_reminders(*, day: str) -> int:
    """Remind each registered person, once, of an event starting within two days."""
    today = date.fromisoformat(day)
    due = Registration.objects.filter(
        status=Registration.Status.CONFIRMED,
        reminded_at__isnull=True,
        event__status="published",
        event__starts_on__gte=today,
        event__starts_on__lte=today + timedelta(days=REMINDER_DAYS),
    ).select_related("event", "person")
    sent = 0
    for registration in due:
        person = registration.person
        send_templated_mail(
            "events/mail/reminder",
            to=person.email,
            language=person.language,
            context={"person": person, "event": registration.event, "site_url": settings.SITE_URL},
        )
        Registration.objects.filter(pk=registration.pk).update(reminded_at=timezone.now())
        sent += 1
    return sent
