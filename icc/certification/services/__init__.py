"""Every write of the certification: each checks its input, saves in one transaction and
records who did what, with old and new values, in the activity log. Nothing is deleted.

The writes live in one module per concept; callers import them from here."""

from icc.certification.services.applications import (
    add_evidence_file,
    check_eligibility,
    reopen_deferred,
    save_self_assessment,
    start_application,
    start_renewal,
    submit_application,
    withdraw_application,
)
from icc.certification.services.complaints import (
    file_appeal,
    file_complaint,
    handle_appeal,
    handle_complaint,
)
from icc.certification.services.decisions import (
    change_certificate_status,
    decide,
    decision_missing,
    issue_certificate,
    raise_midterm_concerns,
    record_midterm_visit,
    send_midterm_report,
)
from icc.certification.services.organisations import (
    add_representative,
    confirm_organisation,
    invitation_accepted,
    invite_representative,
    register_organisation,
)
from icc.certification.services.reminders import (
    send_expiry_reminders,
    send_overdue_reminders,
)
from icc.certification.services.review import (
    assign_reviewer,
    declare,
    differences,
    disagreements,
    name_commission_member,
    plan_visit,
    reconcile,
    report_visit,
    save_review,
)
from icc.certification.services.terms import DEFERRAL_REMINDER_DAYS, VALIDITY_CHOICES

__all__ = [
    "DEFERRAL_REMINDER_DAYS",
    "VALIDITY_CHOICES",
    "add_evidence_file",
    "add_representative",
    "assign_reviewer",
    "change_certificate_status",
    "check_eligibility",
    "confirm_organisation",
    "decide",
    "decision_missing",
    "declare",
    "differences",
    "disagreements",
    "file_appeal",
    "file_complaint",
    "handle_appeal",
    "handle_complaint",
    "invitation_accepted",
    "invite_representative",
    "issue_certificate",
    "name_commission_member",
    "plan_visit",
    "raise_midterm_concerns",
    "reconcile",
    "record_midterm_visit",
    "register_organisation",
    "reopen_deferred",
    "report_visit",
    "save_review",
    "save_self_assessment",
    "send_expiry_reminders",
    "send_midterm_report",
    "send_overdue_reminders",
    "start_application",
    "start_renewal",
    "submit_application",
    "withdraw_application",
]
