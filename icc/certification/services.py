"""Every write of the certification: each checks its input, saves in one transaction and
records who did what, with old and new values, in the activity log. Nothing is deleted."""

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from icc.accounts.models import Invitation, Role, User
from icc.accounts.notifications import notify
from icc.accounts.permissions import has_role
from icc.accounts.selectors import secretariat_people
from icc.accounts.services import grant_role, invite_person
from icc.certification import permissions, standard
from icc.certification.models import (
    Appeal,
    Application,
    Certificate,
    CommissionMember,
    Complaint,
    Decision,
    EvidenceFile,
    Organisation,
    Reconciliation,
    Representative,
    RepresentativeInvitation,
    Review,
    Visit,
)
from icc.certification.tasks import send_complaint_receipt
from icc.core.activity import record_activity
from icc.core.actors import author
from icc.core.codes import new_code
from icc.core.page_cache import invalidate_public_pages_on_commit
from icc.core.uploads import DOCUMENTS, check_upload
from icc.core.versions import advance_version

VALIDITY_YEARS = 3
# A decision sets the certificate's validity within these years (real labels: 3 to 5).
VALIDITY_CHOICES = (3, 4, 5)
APPEAL_DAYS = 30
HANDLING_DAYS = 60
# Two reviewers' points on a criterion differing by more than this are listed to reconcile.
MARGIN = 1
REMINDER_DAYS = (90, 30)
# Overdue complaints, appeals and required actions: one reminder per item per period.
OVERDUE_PERIOD_DAYS = 7
# Reminders of overdue required actions stop this long after the deadline.
DEFERRAL_REMINDER_DAYS = 56
MAX_LINKS = 10

NOTIFICATIONS = {
    "certification.organisation.confirmed": gettext_lazy(
        "%(actor)s confirmed your organisation “%(organisation)s”: it may now apply."
    ),
    "certification.review.assigned": gettext_lazy(
        "You are asked to review the application of “%(organisation)s”. "
        "Declare any conflict of interest before opening it."
    ),
    "certification.decision.made": gettext_lazy(
        "The commission decided on the application of “%(organisation)s”: %(outcome)s."
    ),
    "certification.certificate.status": gettext_lazy(
        "The certificate of “%(organisation)s” is now: %(status)s."
    ),
    "certification.certificate.expiring": gettext_lazy(
        "The certificate of “%(organisation)s” expires on %(date)s: start the renewal."
    ),
    "certification.appeal.closed": gettext_lazy(
        "The appeal of “%(organisation)s” is closed: %(outcome)s."
    ),
    "certification.review.reconcile": gettext_lazy(
        "Both reviews of “%(organisation)s” are in and differ: record the agreed scores."
    ),
    "certification.review.resubmitted": gettext_lazy(
        "“%(organisation)s” resubmitted its application after the required actions: score it again."
    ),
    "certification.complaint.overdue": gettext_lazy(
        "The complaint %(reference)s about “%(organisation)s” was due on %(date)s."
    ),
    "certification.appeal.overdue": gettext_lazy(
        "The appeal of “%(organisation)s” was due to be answered on %(date)s."
    ),
    "certification.deferral.overdue": gettext_lazy(
        "The actions required of “%(organisation)s” were due on %(date)s: "
        "the application is not resubmitted yet."
    ),
}


def _touch_register() -> None:
    invalidate_public_pages_on_commit("certification")


def _check_version(model: type, pk: int, expected: int | None) -> None:
    if not advance_version(model, pk, expected=expected):
        raise ValidationError(
            _("Someone changed this meanwhile. Reload the page to see their changes.")
        )


def _representatives(organisation: Organisation) -> list[User]:
    return [
        row.user
        for row in organisation.representatives.filter(revoked_at__isnull=True).select_related(
            "user"
        )
    ]


# Organisations and representatives ------------------------------------------------------


def _unique_slug(name: str) -> str:
    base = slugify(name)[:70] or "organisation"
    slug, number = base, 2
    while Organisation.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


def add_representative(organisation: Organisation, user: User, *, by: Any) -> Representative:
    """Give ``user`` the NGO representative role for ``organisation`` (one organisation each)."""
    held = Representative.objects.filter(user=user, revoked_at__isnull=True).first()
    if held is not None and held.organisation_id != organisation.pk:
        raise ValidationError(
            _("%(person)s already represents another organisation.") % {"person": user}
        )
    if held is not None:
        return held
    grant = grant_role(user, Role.NGO_REPRESENTATIVE, granted_by=author(by))
    row = Representative.objects.create(organisation=organisation, user=user, grant=grant)
    record_activity(
        by,
        "certification.representative.added",
        row,
        about=organisation,
        changes={"person": (None, user.email)},
    )
    return row


@transaction.atomic
def register_organisation(*, by: User, data: Mapping[str, Any]) -> Organisation:
    """Register an organisation; the person who registers it becomes its representative.

    It waits for the secretariat or its city's coordinator to confirm it before applying.
    """
    if permissions.represented_organisation(by) is not None:
        raise ValidationError(_("You already represent an organisation."))
    organisation = Organisation(
        name=data["name"].strip(),
        slug=_unique_slug(data["name"]),
        city=data["city"],
        country=data.get("country") or data["city"].country,
        registration_number=data["registration_number"].strip(),
        website=data.get("website", ""),
        description_en=data.get("description_en", ""),
        description_fr=data.get("description_fr", ""),
        registered_by=by,
    )
    organisation.full_clean()
    organisation.save()
    record_activity(
        by,
        "certification.organisation.registered",
        organisation,
        changes={"name": (None, organisation.name), "city": (None, str(organisation.city))},
    )
    add_representative(organisation, by, by=by)
    return organisation


@transaction.atomic
def confirm_organisation(
    organisation: Organisation, *, by: Any, confirm: bool, reason: str = "", expected: int | None
) -> Organisation:
    """Confirm the organisation (it may then apply), or refuse it with a reason."""
    if not confirm and not reason.strip():
        raise ValidationError(_("Give the reason why the organisation is not confirmed."))
    _check_version(Organisation, organisation.pk, expected)
    old = organisation.status
    organisation.status = Organisation.Status.CONFIRMED if confirm else Organisation.Status.REFUSED
    organisation.status_reason = reason.strip()
    organisation.confirmed_by = author(by)
    organisation.confirmed_at = timezone.now()
    organisation.save(update_fields=["status", "status_reason", "confirmed_by", "confirmed_at"])
    organisation.refresh_from_db(fields=["version"])
    record_activity(
        by,
        "certification.organisation.confirmed" if confirm else "certification.organisation.refused",
        organisation,
        changes={"status": (old, organisation.status), "reason": ("", reason.strip())},
    )
    if confirm:
        notify(
            _representatives(organisation),
            kind="certification.organisation.confirmed",
            target=organisation,
            actor=by,
            context={"organisation": organisation.name},
        )
    return organisation


@transaction.atomic
def invite_representative(
    organisation: Organisation, *, by: User, email: str, full_name: str, language: str
) -> Invitation:
    """Invite a person to represent the organisation: the accounts invitation, scoped here."""
    invitation = invite_person(
        email=email,
        role=Role.NGO_REPRESENTATIVE,
        invited_by=by,
        full_name=full_name,
        language=language,
    )
    RepresentativeInvitation.objects.create(invitation=invitation, organisation=organisation)
    record_activity(
        by,
        "certification.representative.invited",
        invitation,
        about=organisation,
        changes={"email": (None, invitation.email)},
    )
    return invitation


def invitation_accepted(invitation: Invitation) -> None:
    """Scope the role an accepted invitation gave to the organisation it was for."""
    scope = RepresentativeInvitation.objects.filter(invitation=invitation).first()
    user = invitation.accepted_by
    if scope is None or user is None:
        return
    grant = user.grants.filter(role=Role.NGO_REPRESENTATIVE, revoked_at__isnull=True).first()
    if Representative.objects.filter(user=user, revoked_at__isnull=True).exists():
        return
    row = Representative.objects.create(organisation=scope.organisation, user=user, grant=grant)
    record_activity(
        invitation.invited_by,
        "certification.representative.added",
        row,
        about=scope.organisation,
        changes={"person": (None, user.email)},
    )


# Applications ---------------------------------------------------------------------------


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


def _clean_answers(method: Any, answers: Mapping[str, str]) -> dict[str, str]:
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
    cleaned_answers = _clean_answers(method, answers)
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


# Review ---------------------------------------------------------------------------------


@transaction.atomic
def assign_reviewer(application: Application, *, by: Any, reviewer: User) -> Review:
    """Assign an expert to review the application; a conflict of interest is refused."""
    if application.status not in (Application.Status.SUBMITTED, Application.Status.IN_REVIEW):
        raise ValidationError(_("Reviewers are assigned to a submitted application."))
    if not has_role(reviewer, Role.EXPERT):
        raise ValidationError(_("A reviewer must be one of the network's experts."))
    conflict = permissions.conflict_of(reviewer, application)
    if conflict is not None:
        raise ValidationError(
            _("%(person)s may not review this application: %(reason)s")
            % {"person": reviewer, "reason": conflict}
        )
    active = application.reviews.exclude(status=Review.Status.CONFLICT)
    if active.filter(reviewer=reviewer).exists():
        raise ValidationError(_("This person already reviews the application."))
    if active.count() >= 2:
        raise ValidationError(_("The application already has two reviewers."))
    try:
        with transaction.atomic():
            review = Review.objects.create(
                application=application, reviewer=reviewer, assigned_by=author(by)
            )
    except IntegrityError:
        raise ValidationError(_("This person already reviewed the application.")) from None
    if application.status == Application.Status.SUBMITTED:
        application.status = Application.Status.IN_REVIEW
        application.save(update_fields=["status"])
    record_activity(
        by,
        "certification.review.assigned",
        review,
        about=application,
        changes={"reviewer": (None, reviewer.email)},
    )
    notify(
        [reviewer],
        kind="certification.review.assigned",
        target=application,
        actor=by,
        context={"organisation": application.organisation.name},
        # The file opens only after the declaration: the link leads there.
        link=reverse("certification:review-declare", kwargs={"pk": application.pk}),
    )
    return review


@transaction.atomic
def name_commission_member(application: Application, *, by: Any, person: User) -> CommissionMember:
    """Name a person to the commission that decides the application (never a reviewer)."""
    if application.reviews.filter(reviewer=person).exists():
        raise ValidationError(_("A reviewer of the application cannot sit on its commission."))
    if Representative.objects.filter(
        user=person, organisation=application.organisation, revoked_at__isnull=True
    ).exists():
        raise ValidationError(
            _("A representative of the organisation cannot sit on its commission.")
        )
    member, created = CommissionMember.objects.get_or_create(
        application=application, user=person, defaults={"named_by": author(by)}
    )
    if created:
        record_activity(
            by,
            "certification.commission.named",
            member,
            about=application,
            changes={"member": (None, person.email)},
        )
    return member


@transaction.atomic
def declare(review: Review, *, by: User, no_conflict: bool, tie: str = "") -> Review:
    """The reviewer declares no conflict (and may then open the file), or declares a tie."""
    if review.status != Review.Status.ASSIGNED:
        raise ValidationError(_("The declaration was already made."))
    if not no_conflict and not tie.strip():
        raise ValidationError(_("Describe the tie, or declare that you have no conflict."))
    review.declared_at = timezone.now()
    if no_conflict:
        review.status = Review.Status.DECLARED
        verb = "certification.review.declared"
    else:
        review.status = Review.Status.CONFLICT
        review.tie = tie.strip()
        verb = "certification.review.conflict"
    review.save(update_fields=["status", "declared_at", "tie"])
    record_activity(by, verb, review, about=review.application, changes={"tie": ("", review.tie)})
    return review


@transaction.atomic
def save_review(
    review: Review,
    *,
    by: User,
    answers: Mapping[str, str],
    comments: Mapping[str, str],
    submit: bool,
    expected: int | None,
) -> Review:
    """Save the reviewer's own scores; submitting needs every criterion scored."""
    if review.status != Review.Status.DECLARED:
        raise ValidationError(_("These scores can no longer be changed."))
    method = standard.load_standard(review.application.standard)
    cleaned = _clean_answers(method, answers)
    if submit:
        missing = [q for q in standard.criteria(method) if q.id not in cleaned]
        if missing:
            raise ValidationError(_("Score every criterion before submitting your review."))
    _check_version(Review, review.pk, expected)
    scored = standard.score(method, f"review-{review.pk}", cleaned)
    review.answers = cleaned
    review.comments = {key: str(value)[:3000] for key, value in comments.items() if value}
    review.score = scored.score
    review.level = scored.level
    fields = ["answers", "comments", "score", "level"]
    if submit:
        review.status = Review.Status.SUBMITTED
        review.submitted_at = timezone.now()
        fields += ["status", "submitted_at"]
    review.save(update_fields=fields)
    record_activity(
        by,
        "certification.review.submitted" if submit else "certification.review.saved",
        review,
        about=review.application,
        changes={"score": (None, scored.score)},
    )
    if submit and permissions.both_reviews_in(review.application):
        _after_both_reviews(review.application, by=by)
    return review


def _submitted_reviews(application: Application) -> list[Review]:
    return [r for r in application.reviews.all() if r.status == Review.Status.SUBMITTED][:2]


def disagreements(application: Application) -> list[str]:
    """Return the criteria on which the two submitted reviews give different scores."""
    reviews = _submitted_reviews(application)
    if len(reviews) < 2:
        return []
    first, second = reviews
    method = standard.load_standard(application.standard)
    return [
        q.id
        for q in standard.criteria(method)
        if first.answers.get(q.id) != second.answers.get(q.id)
    ]


def _after_both_reviews(application: Application, *, by: Any) -> None:
    """Record the agreement when both reviews agree everywhere; else ask to reconcile."""
    if disagreements(application):
        notify(
            [review.reviewer for review in _submitted_reviews(application)],
            kind="certification.review.reconcile",
            target=application,
            actor=by,
            context={"organisation": application.organisation.name},
            link=reverse("certification:reconcile", kwargs={"pk": application.pk}),
        )
        return
    first = _submitted_reviews(application)[0]
    _store_reconciliation(
        application, by=by, answers=dict(first.answers), reasons={}, automatic=True
    )


def _store_reconciliation(
    application: Application,
    *,
    by: Any,
    answers: dict[str, str],
    reasons: dict[str, str],
    automatic: bool,
) -> Reconciliation:
    method = standard.load_standard(application.standard)
    scored = standard.score(method, f"agreed-{application.pk}", answers)
    snapshot = {
        str(review.pk): {
            "reviewer": review.reviewer_id,
            "answers": review.answers,
            "score": None if review.score is None else str(review.score),
        }
        for review in _submitted_reviews(application)
    }
    row = Reconciliation.objects.filter(
        application=application, round=application.review_round
    ).first()
    old = (None, None) if row is None else (row.answers, row.score)
    if row is None:
        row = Reconciliation(application=application, round=application.review_round)
    row.answers = answers
    row.reasons = reasons
    row.reviews = snapshot
    row.score = scored.score
    row.level = scored.level
    row.automatic = automatic
    row.recorded_by = author(by)
    row.recorded_at = timezone.now()
    row.save()
    record_activity(
        by,
        "certification.review.reconciled",
        row,
        about=application,
        changes={
            "answers": (old[0], answers),
            "reasons": (None, reasons),
            "score": (old[1], scored.score),
        },
    )
    return row


@transaction.atomic
def reconcile(
    application: Application,
    *,
    by: Any,
    answers: Mapping[str, str],
    reasons: Mapping[str, str],
    expected: int | None,
) -> Reconciliation:
    """Record the agreed score of every criterion, with the reason where the reviews differ."""
    if application.status != Application.Status.IN_REVIEW or not permissions.both_reviews_in(
        application
    ):
        raise ValidationError(_("The scores are agreed once both reviews are in."))
    method = standard.load_standard(application.standard)
    cleaned = _clean_answers(method, answers)
    missing = [q for q in standard.criteria(method) if q.id not in cleaned]
    if missing:
        raise ValidationError(_("Give the agreed score of every criterion."))
    differing = disagreements(application)
    kept = {key: str(reasons.get(key) or "").strip()[:3000] for key in differing}
    unexplained = [q for q in standard.criteria(method) if q.id in kept and not kept[q.id]]
    if unexplained:
        language = getattr(author(by), "language", "en") or "en"
        raise ValidationError(
            _("Give the reason for the agreed score where the reviews differ: %(criteria)s")
            % {"criteria": "; ".join(q.text.in_language(language) for q in unexplained)}
        )
    current = application.reconciliation
    if current is not None:
        _check_version(Reconciliation, current.pk, expected)
    return _store_reconciliation(application, by=by, answers=cleaned, reasons=kept, automatic=False)


def differences(application: Application) -> list[tuple[Any, int, int]]:
    """Return the criteria whose two submitted scores differ by more than the margin."""
    method = standard.load_standard(application.standard)
    reviews = [r for r in application.reviews.all() if r.status == Review.Status.SUBMITTED]
    if len(reviews) < 2:
        return []
    first, second = reviews[:2]
    listed = []
    for question in standard.criteria(method):
        points = {option.id: option.points for option in question.options}
        a = points.get(first.answers.get(question.id, ""))
        b = points.get(second.answers.get(question.id, ""))
        if a is not None and b is not None and abs(a - b) > MARGIN:
            listed.append((question, int(a), int(b)))
    return listed


# Visit ----------------------------------------------------------------------------------


@transaction.atomic
def plan_visit(application: Application, *, by: Any, planned_on: date, participants: str) -> Visit:
    if not participants.strip():
        raise ValidationError(_("Name the participants of the visit."))
    visit, created = Visit.objects.get_or_create(
        application=application,
        defaults={"planned_on": planned_on, "participants": participants.strip()},
    )
    old = None if created else (visit.planned_on, visit.participants)
    if not created:
        visit.planned_on, visit.participants = planned_on, participants.strip()
        visit.save(update_fields=["planned_on", "participants"])
    record_activity(
        by,
        "certification.visit.planned",
        visit,
        about=application,
        changes={"planned_on": (old and old[0], planned_on)},
    )
    return visit


@transaction.atomic
def report_visit(visit: Visit, *, by: Any, findings: Mapping[str, str]) -> Visit:
    method = standard.load_standard(visit.application.standard)
    cleaned = {
        area.id: findings[area.id].strip()
        for area, _questions in standard.categories(method)
        if findings.get(area.id, "").strip()
    }
    if not cleaned:
        raise ValidationError(_("Write the findings of at least one category."))
    visit.findings = cleaned
    visit.reported_at = timezone.now()
    visit.save(update_fields=["findings", "reported_at"])
    record_activity(by, "certification.visit.reported", visit, about=visit.application)
    return visit


# Decision and certificate ---------------------------------------------------------------


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


# Complaints and appeals -----------------------------------------------------------------


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
