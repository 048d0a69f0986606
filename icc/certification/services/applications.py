"""Applications: starting, renewing, eligibility, the self-assessment, evidence, submitting,
reopening after a deferral and withdrawing.

Each write checks its input, saves in one transaction and records who did what in the
activity log."""

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from icc.accounts.notifications import notify
from icc.certification import permissions, standard
from icc.certification.models import (
    Application,
    Certificate,
    EvidenceFile,
    Organisation,
    Review,
)
from icc.certification.services.guards import check_version as _check_version
from icc.certification.services.terms import (
    MAX_LINKS,
)
from icc.core.activity import record_activity
from icc.core.actors import author
from icc.core.uploads import DOCUMENTS, check_upload


@transaction.atomic
def start_application(organisation: Organisation, *, by: Any) -> Application:
    """Open an application at the eligibility check."""
    if organisation.status != Organisation.Status.CONFIRMED:
        raise ValidationError(_("The organisation must be confirmed before it applies."))
    if organisation.applications.filter(
        status__in=[
            Application.Status.ELIGIBILITY,
            Application.Status.DRAFT,
            Application.Status.SUBMITTED,
            Application.Status.IN_REVIEW,
        ]
    ).exists():
        raise ValidationError(_("The organisation already has an application in progress."))
    application = Application.objects.create(
        organisation=organisation, standard=standard.CURRENT_STANDARD, created_by=author(by)
    )
    record_activity(by, "certification.application.started", application, about=organisation)
    return application


@transaction.atomic
def start_renewal(certificate: Certificate, *, by: Any) -> Application:
    """Open a renewal that starts from the last application's answers and evidence."""
    application = start_application(certificate.organisation, by=by)
    last = certificate.application
    application.kind = Application.Kind.RENEWAL
    application.renewal_of = last
    application.eligibility = dict(last.eligibility)
    application.answers = dict(last.answers)
    application.evidence = dict(last.evidence)
    application.status = Application.Status.DRAFT
    application.save()
    record_activity(
        by,
        "certification.application.started",
        application,
        about=certificate.organisation,
        changes={"kind": (None, "renewal")},
    )
    return application


@transaction.atomic
def check_eligibility(
    application: Application, *, by: Any, answers: Mapping[str, str], expected: int | None
) -> Application:
    """Record the gate's answers; open the self-assessment only when every one is "yes".

    A refusal names the criterion that failed, and the application stays closed.
    """
    method = standard.load_standard(application.standard)
    gate = standard.gate_questions(method)
    missing = [q for q in gate if answers.get(q.id) not in ("yes", "no")]
    if missing:
        raise ValidationError(_("Answer every eligibility question."))
    _check_version(Application, application.pk, expected)
    application.eligibility = {q.id: answers[q.id] for q in gate}
    failed = standard.failed_gate(method, application.eligibility)
    language = getattr(author(by), "language", "en") or "en"
    if failed is not None:
        application.status = Application.Status.INELIGIBLE
        application.failed_gate = failed.id
        application.save(update_fields=["eligibility", "status", "failed_gate"])
        record_activity(
            by,
            "certification.application.gate_failed",
            application,
            about=application.organisation,
            changes={"criterion": (None, failed.text.in_language(language))},
        )
    else:
        application.status = Application.Status.DRAFT
        application.failed_gate = ""
        application.save(update_fields=["eligibility", "status", "failed_gate"])
        record_activity(
            by, "certification.application.gate_passed", application, about=application.organisation
        )
    return application


def clean_answers(method: Any, answers: Mapping[str, str]) -> dict[str, str]:
    """Keep the answers to the standard's criteria, each one of its options."""
    cleaned = {}
    for question in standard.criteria(method):
        value = answers.get(question.id) or ""
        if not value:
            continue
        if value not in {option.id for option in question.options}:
            raise ValidationError(
                _("“%(value)s” is not an answer to the criterion “%(criterion)s”.")
                % {"value": value, "criterion": question.text.en}
            )
        cleaned[question.id] = value
    return cleaned


def _clean_evidence(method: Any, evidence: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    cleaned = {}
    for question in standard.criteria(method):
        item = evidence.get(question.id) or {}
        text = str(item.get("text", ""))[:5000]
        links = [str(link).strip() for link in item.get("links", []) if str(link).strip()]
        for link in links:
            if not link.startswith(("https://", "http://")):
                raise ValidationError(
                    _("A link must start with https:// or http://: %(link)s") % {"link": link}
                )
        if text or links:
            cleaned[question.id] = {"text": text, "links": links[:MAX_LINKS]}
    return cleaned


@transaction.atomic
def save_self_assessment(
    application: Application,
    *,
    by: Any,
    answers: Mapping[str, str],
    evidence: Mapping[str, Any],
    expected: int | None,
) -> Application:
    """Save the self-assessment as it stands (the page's autosave, or its save button)."""
    if application.status != Application.Status.DRAFT:
        raise ValidationError(_("This application can no longer be changed."))
    method = standard.load_standard(application.standard)
    cleaned_answers = clean_answers(method, answers)
    cleaned_evidence = _clean_evidence(method, evidence)
    _check_version(Application, application.pk, expected)
    scored = standard.score(method, str(application.pk), cleaned_answers)
    old_score = application.self_score
    application.answers = cleaned_answers
    application.evidence = cleaned_evidence
    application.self_score = scored.score
    application.self_level = scored.level
    application.save(update_fields=["answers", "evidence", "self_score", "self_level"])
    application.refresh_from_db(fields=["version"])
    record_activity(
        by,
        "certification.application.saved",
        application,
        about=application.organisation,
        changes={"self_score": (old_score, scored.score)},
    )
    return application


@transaction.atomic
def add_evidence_file(
    application: Application, *, by: Any, criterion: str, upload: UploadedFile
) -> EvidenceFile:
    """Keep a file given as evidence for one criterion, after checking its content."""
    if application.status != Application.Status.DRAFT:
        raise ValidationError(_("This application can no longer be changed."))
    method = standard.load_standard(application.standard)
    if criterion not in {q.id for q in standard.criteria(method)}:
        raise ValidationError(_("Choose the criterion the file is evidence for."))
    checked = check_upload(upload, types=DOCUMENTS)
    row = EvidenceFile.objects.create(
        application=application,
        criterion=criterion,
        file=upload,
        name=(upload.name or "file")[:200],
        content_type=checked.content_type,
        uploaded_by=author(by),
    )
    record_activity(
        by,
        "certification.application.evidence_added",
        row,
        about=application,
        changes={"file": (None, row.name), "criterion": (None, criterion)},
    )
    return row


@transaction.atomic
def submit_application(application: Application, *, by: Any, expected: int | None) -> Application:
    """Lock the self-assessment for review; every criterion must be answered."""
    if application.status != Application.Status.DRAFT:
        raise ValidationError(_("Only an application in progress can be submitted."))
    method = standard.load_standard(application.standard)
    missing = [q for q in standard.criteria(method) if not application.answers.get(q.id)]
    if missing:
        language = getattr(author(by), "language", "en") or "en"
        raise ValidationError(
            _("Answer every criterion before submitting. Missing: %(criteria)s")
            % {"criteria": "; ".join(q.text.in_language(language) for q in missing)}
        )
    _check_version(Application, application.pk, expected)
    if application.decisions.exists():
        return _resubmit(application, by=by)
    application.status = Application.Status.SUBMITTED
    application.submitted_at = timezone.now()
    application.save(update_fields=["status", "submitted_at"])
    record_activity(
        by,
        "certification.application.submitted",
        application,
        about=application.organisation,
        changes={"status": (Application.Status.DRAFT, Application.Status.SUBMITTED)},
    )
    return application


@transaction.atomic
def reopen_deferred(application: Application, *, by: Any, expected: int | None) -> Application:
    """Open a deferred file's self-assessment again, for the actions the commission required."""
    if not permissions.is_reopenable(application):
        raise ValidationError(_("Only a deferred application can be taken up again."))
    _check_version(Application, application.pk, expected)
    application.status = Application.Status.DRAFT
    application.save(update_fields=["status"])
    record_activity(
        by,
        "certification.application.reopened",
        application,
        about=application.organisation,
        changes={"status": (Application.Status.DECIDED, Application.Status.DRAFT)},
    )
    return application


def _resubmit(application: Application, *, by: Any) -> Application:
    """The deferred file comes back: a new round of review by the same cleared reviewers.

    Their earlier scores stay in the round's reconciliation and in the activity log; each
    reviewer starts again from them.
    """
    old_round = application.review_round
    application.review_round = old_round + 1
    reviews = list(application.reviews.exclude(status=Review.Status.CONFLICT))
    for review in reviews:
        if review.status == Review.Status.SUBMITTED:
            record_activity(
                by,
                "certification.review.reopened",
                review,
                about=application,
                changes={
                    "round": (old_round, application.review_round),
                    "score": (review.score, None),
                    "answers": (review.answers, None),
                },
            )
            review.status = Review.Status.DECLARED
            review.submitted_at = None
            review.save(update_fields=["status", "submitted_at"])
    ready = len(reviews) >= 2 and all(r.status == Review.Status.DECLARED for r in reviews)
    application.status = Application.Status.IN_REVIEW if ready else Application.Status.SUBMITTED
    application.submitted_at = timezone.now()
    application.save(update_fields=["status", "submitted_at", "review_round"])
    record_activity(
        by,
        "certification.application.submitted",
        application,
        about=application.organisation,
        changes={
            "status": (Application.Status.DRAFT, application.status),
            "round": (old_round, application.review_round),
        },
    )
    notify(
        [review.reviewer for review in reviews],
        kind="certification.review.resubmitted",
        target=application,
        actor=by,
        context={"organisation": application.organisation.name},
    )
    return application


@transaction.atomic
def withdraw_application(application: Application, *, by: Any) -> Application:
    """Withdraw the application: kept, closed, with its history."""
    old = application.status
    if old == Application.Status.WITHDRAWN or (
        old == Application.Status.DECIDED and not permissions.is_reopenable(application)
    ):
        raise ValidationError(_("This application can no longer be withdrawn."))
    application.status = Application.Status.WITHDRAWN
    application.withdrawn_at = timezone.now()
    application.save(update_fields=["status", "withdrawn_at"])
    record_activity(
        by,
        "certification.application.withdrawn",
        application,
        about=application.organisation,
        changes={"status": (old, application.status)},
    )
    return application
