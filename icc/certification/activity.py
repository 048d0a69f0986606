"""What the certification records in the activity log, and how each verb reads."""

from django.utils.translation import gettext_lazy as _

VERB_LABELS = {
    "certification.organisation.registered": _("registered the organisation"),
    "certification.organisation.confirmed": _("confirmed the organisation"),
    "certification.organisation.refused": _("did not confirm the organisation"),
    "certification.representative.invited": _("invited a representative of the organisation"),
    "certification.representative.added": _("added a representative of the organisation"),
    "certification.application.started": _("started an application"),
    "certification.application.gate_passed": _("passed the eligibility check"),
    "certification.application.gate_failed": _("failed the eligibility check"),
    "certification.application.saved": _("saved the self-assessment"),
    "certification.application.evidence_added": _("added an evidence file"),
    "certification.application.submitted": _("submitted the application"),
    "certification.application.withdrawn": _("withdrew the application"),
    "certification.application.reopened": _("took up the deferred application again"),
    "certification.review.assigned": _("assigned a reviewer"),
    "certification.review.declared": _("declared no conflict of interest"),
    "certification.review.conflict": _("declared a conflict of interest"),
    "certification.review.saved": _("saved review scores"),
    "certification.review.submitted": _("submitted review scores"),
    "certification.review.reopened": _("opened the review again for the resubmitted file"),
    "certification.review.reconciled": _("recorded the agreed scores"),
    "certification.commission.named": _("named a commission member"),
    "certification.visit.planned": _("planned the visit"),
    "certification.visit.reported": _("reported on the visit"),
    "certification.decision.made": _("decided on the application"),
    "certification.decision.reminded": _("reminded of the overdue required actions"),
    "certification.certificate.issued": _("issued a certificate"),
    "certification.certificate.status": _("changed the certificate's status"),
    "certification.certificate.midterm": _("sent the mid-term self-report"),
    "certification.certificate.concerns": _("raised concerns at the mid-term review"),
    "certification.certificate.midterm_visit": _("recorded the mid-term visit"),
    "certification.certificate.reminded": _("reminded the organisation of the expiry"),
    "certification.complaint.filed": _("filed a complaint"),
    "certification.complaint.handled": _("handled a complaint"),
    "certification.complaint.reminded": _("reminded of the overdue complaint"),
    "certification.appeal.filed": _("appealed a decision"),
    "certification.appeal.handled": _("handled an appeal"),
    "certification.appeal.reminded": _("reminded of the overdue appeal"),
}

# The keys of the changes the certification records, named for readers (a key that is a
# model field with its own verbose name reads the same).
CHANGE_LABELS = {
    "answers": _("scores"),
    "city": _("city"),
    "concerns": _("concerns raised"),
    "criterion": _("criterion"),
    "days": _("days before expiry"),
    "email": _("e-mail address"),
    "file": _("file"),
    "grounds": _("grounds of the appeal"),
    "kind": _("kind"),
    "level": _("level"),
    "member": _("commission member"),
    "name": _("name"),
    "outcome": _("outcome"),
    "person": _("person"),
    "planned_on": _("planned date"),
    "reason": _("reason"),
    "reasons": _("reasons"),
    "reference": _("reference"),
    "reminded_on": _("reminded on"),
    "report": _("report"),
    "reviewer": _("reviewer"),
    "round": _("round of review"),
    "score": _("score"),
    "self_score": _("self-assessed score"),
    "status": _("status"),
    "tie": _("declared tie"),
    "valid_until": _("valid until"),
    "validity_years": _("validity in years"),
    "visit": _("visit"),
}


def register_change_labels() -> None:
    """Name the changes recorded on every certification record for readers."""
    from django.apps import apps

    from icc.core.activity import register_change_labels as register

    for model in apps.get_app_config("certification").get_models():
        register(model, fields=CHANGE_LABELS)
