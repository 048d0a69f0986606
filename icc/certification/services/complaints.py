"""Complaints about a certified organisation and appeals against a decision.

Each write checks its input, saves in one transaction and records who did what in the
activity log."""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from icc.accounts.models import User
from icc.accounts.notifications import notify
from icc.certification import permissions
from icc.certification.models import (
    Appeal,
    Application,
    Complaint,
    Organisation,
)
from icc.certification.services.guards import check_version as _check_version
from icc.certification.services.guards import representatives as _representatives
from icc.certification.services.terms import (
    APPEAL_DAYS,
    HANDLING_DAYS,
)
from icc.certification.tasks import send_complaint_receipt
from icc.core.activity import record_activity


@transaction.atomic
def file_complaint(
    organisation: Organisation, *, name: str, email: str, text: str, language: str
) -> Complaint:
    """Anyone files a complaint; it gets a reference, an acknowledgement and a due date."""
    complaint = Complaint(
        organisation=organisation,
        name=name.strip(),
        email=email.strip().lower(),
        text=text.strip(),
        language=language,
        due_on=timezone.localdate() + timedelta(days=HANDLING_DAYS),
    )
    complaint.full_clean()
    complaint.save()
    record_activity(
        None,
        "certification.complaint.filed",
        complaint,
        about=organisation,
        changes={"reference": (None, complaint.reference)},
    )
    context = {
        "name": complaint.name,
        "reference": complaint.reference,
        "organisation": organisation.name,
        "due_on": complaint.due_on.isoformat(),
    }
    transaction.on_commit(
        lambda: send_complaint_receipt.enqueue(
            to=complaint.email, language=language, context=context
        )
    )
    return complaint


@transaction.atomic
def handle_complaint(
    complaint: Complaint, *, by: User, status: str, outcome: str, expected: int | None
) -> Complaint:
    if status not in Complaint.Status.values:
        raise ValidationError(_("Choose the complaint's status."))
    if status == Complaint.Status.CLOSED and not outcome.strip():
        raise ValidationError(_("Record the outcome before closing the complaint."))
    _check_version(Complaint, complaint.pk, expected)
    old = complaint.status
    complaint.status = status
    complaint.outcome = outcome.strip()
    complaint.handler = by
    if status == Complaint.Status.CLOSED:
        complaint.closed_at = timezone.now()
    complaint.save(update_fields=["status", "outcome", "handler", "closed_at"])
    record_activity(
        by,
        "certification.complaint.handled",
        complaint,
        about=complaint.organisation,
        changes={"status": (old, status), "outcome": ("", complaint.outcome)},
    )
    return complaint


@transaction.atomic
def file_appeal(
    application: Application, *, by: User, grounds: str, today: date | None = None
) -> Appeal:
    """Appeal the latest decision, within 30 days of it."""
    today = today or timezone.localdate()
    decision = application.decision
    if decision is None:
        raise ValidationError(_("There is no decision to appeal."))
    if not grounds.strip():
        raise ValidationError(_("Give the grounds of the appeal."))
    last_day = timezone.localdate(decision.decided_at) + timedelta(days=APPEAL_DAYS)
    if today > last_day:
        raise ValidationError(
            _("The time to appeal ended on %(date)s: an appeal is filed within %(days)s days.")
            % {"date": last_day.isoformat(), "days": APPEAL_DAYS}
        )
    if decision.appeals.exclude(status=Appeal.Status.CLOSED).exists():
        raise ValidationError(_("An appeal against this decision is already being examined."))
    appeal = Appeal.objects.create(
        decision=decision,
        filed_by=by,
        grounds=grounds.strip(),
        filed_at=timezone.now(),
        due_on=today + timedelta(days=HANDLING_DAYS),
    )
    record_activity(
        by,
        "certification.appeal.filed",
        appeal,
        about=application,
        changes={"grounds": (None, appeal.grounds)},
    )
    return appeal


@transaction.atomic
def handle_appeal(
    appeal: Appeal, *, by: User, outcome: str, reasons: str, expected: int | None
) -> Appeal:
    """Close the appeal with its outcome; an upheld appeal sends the file back to a commission."""
    if outcome not in Appeal.Outcome.values:
        raise ValidationError(_("Choose the outcome of the appeal."))
    if not reasons.strip():
        raise ValidationError(_("Give the reasons for the outcome."))
    if not permissions.can_handle_appeal(by, appeal):
        raise ValidationError(_("A reviewer or decider of the file cannot handle its appeal."))
    _check_version(Appeal, appeal.pk, expected)
    appeal.status = Appeal.Status.CLOSED
    appeal.outcome = outcome
    appeal.outcome_reasons = reasons.strip()
    appeal.handler = by
    appeal.closed_at = timezone.now()
    appeal.save(update_fields=["status", "outcome", "outcome_reasons", "handler", "closed_at"])
    application = appeal.decision.application
    if outcome == Appeal.Outcome.UPHELD:
        application.status = Application.Status.IN_REVIEW
        application.save(update_fields=["status"])
    record_activity(
        by,
        "certification.appeal.handled",
        appeal,
        about=application,
        changes={"outcome": (None, outcome), "reasons": (None, appeal.outcome_reasons)},
    )
    notify(
        _representatives(application.organisation),
        kind="certification.appeal.closed",
        target=appeal,
        actor=by,
        context={
            "organisation": application.organisation.name,
            "outcome": Appeal.Outcome(appeal.outcome).label,
        },
    )
    return appeal
