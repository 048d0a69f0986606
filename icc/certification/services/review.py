"""Review and visit: reviewers and commission members, conflicts declared, scores,
reconciliation into agreed scores, and the visit.

Each write checks its input, saves in one transaction and records who did what in the
activity log."""

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from icc.accounts.models import Role, User
from icc.accounts.notifications import notify
from icc.accounts.permissions import has_role
from icc.certification import permissions, standard
from icc.certification.models import (
    Application,
    CommissionMember,
    Reconciliation,
    Representative,
    Review,
    Visit,
)
from icc.certification.services.applications import clean_answers
from icc.certification.services.guards import check_version as _check_version
from icc.certification.services.terms import (
    MARGIN,
)
from icc.core.activity import record_activity
from icc.core.actors import author


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
    cleaned = clean_answers(method, answers)
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
    cleaned = clean_answers(method, answers)
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
