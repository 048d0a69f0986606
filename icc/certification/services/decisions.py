"""The commission's decision, the certificate it issues, its status and the mid-term review.

Each write checks its input, saves in one transaction and records who did what in the
activity log."""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from icc.accounts.notifications import notify
from icc.certification import standard
from icc.certification.models import (
    Application,
    Certificate,
    Decision,
    Visit,
)
from icc.certification.services.guards import check_version as _check_version
from icc.certification.services.guards import representatives as _representatives
from icc.certification.services.guards import touch_register as _touch_register
from icc.certification.services.terms import (
    VALIDITY_CHOICES,
    VALIDITY_YEARS,
)
from icc.core.activity import record_activity
from icc.core.actors import author
from icc.core.codes import new_code


@transaction.atomic
def decide(
    application: Application,
    *,
    by: Any,
    outcome: str,
    level: str,
    reasons: str,
    required_actions: str = "",
    deadline: date | None = None,
    validity_years: int = VALIDITY_YEARS,
    today: date | None = None,
) -> Decision:
    """Record the commission's decision with its reasons; certify at a level when it says so."""
    today = today or timezone.localdate()
    errors: dict[str, str] = {}
    if not reasons.strip():
        errors["reasons"] = _("Give the reasons for the decision.")
    if outcome not in Decision.Outcome.values:
        errors["outcome"] = _("Choose the outcome.")
    method = standard.load_standard(application.standard)
    levels = {lv.id for lv in method.levels}
    if outcome == Decision.Outcome.CERTIFIED and level not in levels:
        errors["level"] = _("Choose the level of the certification.")
    if validity_years not in VALIDITY_CHOICES:
        errors["validity_years"] = _("A certificate is valid for 3, 4 or 5 years.")
    if outcome == Decision.Outcome.DEFERRED:
        if not required_actions.strip():
            errors["required_actions"] = _("List the actions required.")
        if deadline is None or deadline <= today:
            errors["deadline"] = _("Set a deadline after today.")
    if errors:
        raise ValidationError(errors)
    if application.status != Application.Status.IN_REVIEW:
        raise ValidationError(_("Only an application under review can be decided."))
    missing = decision_missing(application)
    if missing:
        raise ValidationError(missing)
    decision = Decision.objects.create(
        application=application,
        outcome=outcome,
        level=level if outcome == Decision.Outcome.CERTIFIED else "",
        reasons=reasons.strip(),
        required_actions=required_actions.strip(),
        deadline=deadline if outcome == Decision.Outcome.DEFERRED else None,
        validity_years=validity_years,
        decided_by=author(by),
        decided_at=timezone.now(),
    )
    application.status = Application.Status.DECIDED
    application.save(update_fields=["status"])
    record_activity(
        by,
        "certification.decision.made",
        decision,
        about=application,
        changes={
            "outcome": (None, outcome),
            "level": (None, decision.level),
            "validity_years": (None, validity_years),
        },
    )
    if outcome == Decision.Outcome.CERTIFIED:
        issue_certificate(application, level=level, by=by, issued_on=today, years=validity_years)
    notify(
        _representatives(application.organisation),
        kind="certification.decision.made",
        target=application,
        actor=by,
        context={
            "organisation": application.organisation.name,
            # The label itself (lazy): each reader gets it in their own language.
            "outcome": Decision.Outcome(decision.outcome).label,
        },
    )
    return decision


def decision_missing(application: Application) -> list[str]:
    """Return what the commission still waits for: the agreed scores, the visit report."""
    missing = []
    if application.reconciliation is None:
        missing.append(_("The reviewers have not recorded the agreed scores yet."))
    visit = Visit.objects.filter(application=application).first()
    if visit is None or visit.reported_at is None:
        missing.append(_("The visit report is not written yet."))
    return missing


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def issue_certificate(
    application: Application,
    *,
    level: str,
    by: Any,
    issued_on: date,
    years: int = VALIDITY_YEARS,
) -> Certificate:
    valid_until = _add_years(issued_on, years)
    existing = Certificate.objects.filter(application=application).first()
    if existing is not None:
        # A new decision after an upheld appeal: the same certificate, reissued.
        old = (existing.level, existing.status, existing.valid_until)
        existing.level = level
        existing.status = Certificate.Status.VALID
        existing.status_reason = ""
        existing.issued_on = issued_on
        existing.valid_until = valid_until
        existing.midterm_due = issued_on + (valid_until - issued_on) / 2
        existing.reminded = []
        existing.save()
        record_activity(
            by,
            "certification.certificate.issued",
            existing,
            about=application.organisation,
            changes={
                "level": (old[0], level),
                "status": (old[1], existing.status),
                "valid_until": (old[2], valid_until),
            },
        )
        _touch_register()
        return existing
    code = new_code()
    while Certificate.objects.filter(code=code).exists():
        code = new_code()
    certificate = Certificate.objects.create(
        organisation=application.organisation,
        application=application,
        standard=application.standard,
        level=level,
        code=code,
        issued_on=issued_on,
        valid_until=valid_until,
        midterm_due=issued_on + (valid_until - issued_on) / 2,
    )
    record_activity(
        by,
        "certification.certificate.issued",
        certificate,
        about=application.organisation,
        changes={"level": (None, level), "valid_until": (None, valid_until)},
    )
    _touch_register()
    return certificate


@transaction.atomic
def change_certificate_status(
    certificate: Certificate, *, by: Any, status: str, reason: str, expected: int | None
) -> Certificate:
    """Suspend, withdraw or reinstate a certificate, with reasons shown on its public page."""
    if status not in Certificate.Status.values:
        raise ValidationError(_("Choose the certificate's status."))
    if not reason.strip():
        raise ValidationError(_("Give the reason for the change."))
    if certificate.status == Certificate.Status.WITHDRAWN:
        raise ValidationError(_("A withdrawn certificate stays withdrawn."))
    _check_version(Certificate, certificate.pk, expected)
    old = certificate.status
    certificate.status = status
    certificate.status_reason = reason.strip()
    certificate.status_changed_at = timezone.now()
    certificate.save(update_fields=["status", "status_reason", "status_changed_at"])
    record_activity(
        by,
        "certification.certificate.status",
        certificate,
        about=certificate.organisation,
        changes={"status": (old, status), "reason": ("", reason.strip())},
    )
    notify(
        _representatives(certificate.organisation),
        kind="certification.certificate.status",
        target=certificate,
        actor=by,
        context={
            "organisation": certificate.organisation.name,
            "status": Certificate.Status(certificate.status).label,
        },
    )
    _touch_register()
    return certificate


@transaction.atomic
def send_midterm_report(certificate: Certificate, *, by: Any, report: str) -> Certificate:
    """The organisation's lighter mid-term self-report."""
    if not report.strip():
        raise ValidationError(_("Write the mid-term self-report."))
    certificate.midterm_report = report.strip()
    certificate.midterm_submitted_at = timezone.now()
    certificate.save(update_fields=["midterm_report", "midterm_submitted_at"])
    record_activity(
        by, "certification.certificate.midterm", certificate, about=certificate.organisation
    )
    return certificate


@transaction.atomic
def raise_midterm_concerns(certificate: Certificate, *, by: Any, concerns: str) -> Certificate:
    """The secretariat's concerns at the mid-term review: a visit follows."""
    if not concerns.strip():
        raise ValidationError(_("Describe the concerns."))
    certificate.midterm_concerns = concerns.strip()
    certificate.save(update_fields=["midterm_concerns"])
    record_activity(
        by,
        "certification.certificate.concerns",
        certificate,
        about=certificate.organisation,
        changes={"concerns": ("", concerns.strip())},
    )
    return certificate


@transaction.atomic
def record_midterm_visit(
    certificate: Certificate, *, by: Any, visited_on: date | None, report: str
) -> Certificate:
    """The visit that follows concerns at the mid-term review: its date and report."""
    if not certificate.midterm_concerns:
        raise ValidationError(_("A mid-term visit follows concerns: record them first."))
    if visited_on is None:
        raise ValidationError(_("Give the date of the visit."))
    old = (certificate.midterm_visit_on, certificate.midterm_visit_report)
    certificate.midterm_visit_on = visited_on
    certificate.midterm_visit_report = report.strip()
    certificate.save(update_fields=["midterm_visit_on", "midterm_visit_report"])
    record_activity(
        by,
        "certification.certificate.midterm_visit",
        certificate,
        about=certificate.organisation,
        changes={
            "visit": (old[0], visited_on),
            "report": (old[1], certificate.midterm_visit_report),
        },
    )
    return certificate
