"""Reminders sent by the daily job: certificates expiring, and complaints, appeals and
required actions overdue.

Each write checks its input, saves in one transaction and records who did what in the
activity log."""

from datetime import date, timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from icc.accounts.models import User
from icc.accounts.notifications import notify
from icc.accounts.selectors import secretariat_people
from icc.certification import permissions
from icc.certification.models import (
    Appeal,
    Application,
    Certificate,
    Complaint,
    Decision,
)
from icc.certification.services.guards import representatives as _representatives
from icc.certification.services.guards import touch_register as _touch_register
from icc.certification.services.terms import (
    DEFERRAL_REMINDER_DAYS,
    OVERDUE_PERIOD_DAYS,
    REMINDER_DAYS,
)
from icc.core.activity import record_activity


def send_expiry_reminders(today: date | None = None) -> int:
    """Tell the representatives 90 and 30 days before their certificate expires (once each)."""
    today = today or timezone.localdate()
    # Certificates expire at midnight: the register's cached pages go with them.
    _touch_register()
    sent = 0
    for days in REMINDER_DAYS:
        due = Certificate.objects.filter(
            status=Certificate.Status.VALID,
            valid_until__gt=today,
            valid_until__lte=today + timedelta(days=days),
        ).select_related("organisation")
        for certificate in due:
            if days in certificate.reminded:
                continue
            with transaction.atomic():
                certificate.reminded = sorted({*certificate.reminded, days})
                certificate.save(update_fields=["reminded"])
                notify(
                    _representatives(certificate.organisation),
                    kind="certification.certificate.expiring",
                    target=certificate,
                    actor=None,
                    context={
                        "organisation": certificate.organisation.name,
                        "date": certificate.valid_until.isoformat(),
                    },
                    link=certificate.organisation.get_absolute_url(),
                )
                record_activity(
                    None,
                    "certification.certificate.reminded",
                    certificate,
                    about=certificate.organisation,
                    changes={"days": (None, days)},
                )
            sent += 1
    return sent


def _due_for_reminder(reminded_on: date | None, today: date) -> bool:
    return reminded_on is None or reminded_on <= today - timedelta(days=OVERDUE_PERIOD_DAYS)


def send_overdue_reminders(today: date | None = None) -> int:
    """Remind people of overdue complaints, appeals and required actions (daily job).

    A complaint or an appeal past its due date reminds its handler (else the secretariat,
    leaving out the file's first reviewers and deciders); required actions past their
    deadline remind the organisation and the secretariat, for ``DEFERRAL_REMINDER_DAYS``.
    Each item is reminded at most once every ``OVERDUE_PERIOD_DAYS``; the notification
    (and its mail) reaches each person in their own language.
    """
    today = today or timezone.localdate()
    secretariat = list(secretariat_people())
    sent = 0

    def _staff(handler: User | None, application: Application | None) -> list[User]:
        if handler is not None:
            return [handler]
        barred = permissions.first_handlers(application) if application is not None else set()
        return [person for person in secretariat if person.pk not in barred]

    complaints = Complaint.objects.filter(due_on__lt=today).exclude(status=Complaint.Status.CLOSED)
    for complaint in complaints.select_related("organisation", "handler"):
        if not _due_for_reminder(complaint.reminded_on, today):
            continue
        decided = complaint.organisation.applications.filter(
            status=Application.Status.DECIDED
        ).first()
        with transaction.atomic():
            Complaint.objects.filter(pk=complaint.pk).update(reminded_on=today)
            notify(
                _staff(complaint.handler, decided),
                kind="certification.complaint.overdue",
                target=complaint,
                actor=None,
                context={
                    "organisation": complaint.organisation.name,
                    "reference": complaint.reference,
                    "date": complaint.due_on.isoformat(),
                },
                link=reverse(
                    "certification:complaint-detail", kwargs={"reference": complaint.reference}
                ),
            )
            record_activity(
                None,
                "certification.complaint.reminded",
                complaint,
                about=complaint.organisation,
                changes={"reminded_on": (complaint.reminded_on, today)},
            )
        sent += 1
    appeals = Appeal.objects.filter(due_on__lt=today).exclude(status=Appeal.Status.CLOSED)
    for appeal in appeals.select_related("decision__application__organisation", "handler"):
        if not _due_for_reminder(appeal.reminded_on, today):
            continue
        application = appeal.decision.application
        with transaction.atomic():
            Appeal.objects.filter(pk=appeal.pk).update(reminded_on=today)
            notify(
                _staff(appeal.handler, application),
                kind="certification.appeal.overdue",
                target=appeal,
                actor=None,
                context={
                    "organisation": application.organisation.name,
                    "date": appeal.due_on.isoformat(),
                },
            )
            record_activity(
                None,
                "certification.appeal.reminded",
                appeal,
                about=application,
                changes={"reminded_on": (appeal.reminded_on, today)},
            )
        sent += 1
    deferred = Decision.objects.filter(
        outcome=Decision.Outcome.DEFERRED,
        application__status=Application.Status.DECIDED,
        deadline__lt=today,
        deadline__gte=today - timedelta(days=DEFERRAL_REMINDER_DAYS),
    ).select_related("application__organisation")
    for decision in deferred:
        application = decision.application
        if application.decision != decision or not _due_for_reminder(decision.reminded_on, today):
            continue
        assert decision.deadline is not None
        with transaction.atomic():
            Decision.objects.filter(pk=decision.pk).update(reminded_on=today)
            notify(
                [*_representatives(application.organisation), *_staff(None, None)],
                kind="certification.deferral.overdue",
                target=application,
                actor=None,
                context={
                    "organisation": application.organisation.name,
                    "date": decision.deadline.isoformat(),
                },
            )
            record_activity(
                None,
                "certification.decision.reminded",
                decision,
                about=application,
                changes={"reminded_on": (decision.reminded_on, today)},
            )
        sent += 1
    return sent
