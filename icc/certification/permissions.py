"""Who may do what in the certification: every access rule, and the conflict-of-interest rules.

- An NGO representative (``Representative``) acts for one organisation: applies, fills
  the self-assessment, withdraws, downloads the certificate, appeals.
- The secretariat confirms organisations, assigns reviewers and names the commission,
  handles complaints and appeals, suspends and withdraws certificates.
- The coordinator of the organisation's city confirms it and reads its files.
- A reviewer reads a file only after declaring no conflict; one with a conflict (same
  city, the organisation's own people, a declared tie) never opens it.
- A commission member (never one of the file's reviewers) decides.
"""

from django.utils.translation import gettext as _

from icc.accounts.actors import Actor
from icc.accounts.models import Role, RoleGrant
from icc.accounts.permissions import has_role, is_secretariat
from icc.certification.models import (
    Appeal,
    Application,
    Certificate,
    Complaint,
    Decision,
    EvidenceFile,
    Organisation,
    Representative,
    Review,
)
from icc.core.actors import author

__all__ = ["is_secretariat"]


def _pk(user: Actor | None) -> int | None:
    person = author(user)
    return None if person is None else person.pk


def represented_organisation(user: Actor | None) -> Organisation | None:
    """Return the organisation the person represents, or None."""
    pk = _pk(user)
    if pk is None or not has_role(user, Role.NGO_REPRESENTATIVE):
        return None
    row = (
        Representative.objects.select_related("organisation__city")
        .filter(user_id=pk, revoked_at__isnull=True)
        .first()
    )
    return row.organisation if row else None


def represents(user: Actor | None, organisation: Organisation) -> bool:
    found = represented_organisation(user)
    return found is not None and found.pk == organisation.pk


def is_city_coordinator(user: Actor | None, organisation: Organisation) -> bool:
    return has_role(user, Role.CITY_COORDINATOR, city_id=organisation.city_id)


def can_register_organisation(user: Actor | None) -> bool:
    """A signed-in person who represents no organisation yet may register one."""
    return _pk(user) is not None and represented_organisation(user) is None


def can_view_organisation(user: Actor | None, organisation: Organisation) -> bool:
    return (
        is_secretariat(user)
        or represents(user, organisation)
        or is_city_coordinator(user, organisation)
    )


def can_confirm_organisation(user: Actor | None, organisation: Organisation) -> bool:
    return is_secretariat(user) or is_city_coordinator(user, organisation)


def can_invite_representative(user: Actor | None, organisation: Organisation) -> bool:
    return can_confirm_organisation(user, organisation) or represents(user, organisation)


def can_apply(user: Actor | None, organisation: Organisation) -> bool:
    return represents(user, organisation) and organisation.status == Organisation.Status.CONFIRMED


def can_manage(user: Actor | None) -> bool:
    """The secretariat's desk: files to assign, complaints and appeals to handle."""
    return is_secretariat(user)


def own_review(user: Actor | None, application: Application) -> Review | None:
    pk = _pk(user)
    if pk is None:
        return None
    return application.reviews.filter(reviewer_id=pk).first()


def conflict_of(reviewer: Actor | None, application: Application) -> str | None:
    """Return why ``reviewer`` may not review the application, or None when they may."""
    pk = _pk(reviewer)
    organisation = application.organisation
    if pk is None:
        return _("Only a person may review an application.")
    if Representative.objects.filter(
        user_id=pk, organisation=organisation, revoked_at__isnull=True
    ).exists():
        return _("This person represents the organisation.")
    if RoleGrant.objects.active().filter(user_id=pk, city_id=organisation.city_id).exists():
        return _("This person holds a role in the organisation's city.")
    if application.reviews.filter(reviewer_id=pk, status=Review.Status.CONFLICT).exists():
        return _("This person declared a tie with the organisation.")
    if application.commission.filter(user_id=pk).exists():
        return _("This person sits on the commission for this application.")
    return None


def is_commission_member(user: Actor | None, application: Application) -> bool:
    pk = _pk(user)
    return pk is not None and application.commission.filter(user_id=pk).exists()


def is_cleared_reviewer(user: Actor | None, application: Application) -> bool:
    """A reviewer who declared no conflict (and still has none)."""
    review = own_review(user, application)
    return (
        review is not None
        and review.status in (Review.Status.DECLARED, Review.Status.SUBMITTED)
        and conflict_of(user, application) is None
    )


def can_view_application(user: Actor | None, application: Application) -> bool:
    return (
        is_secretariat(user)
        or represents(user, application.organisation)
        or is_city_coordinator(user, application.organisation)
        or is_cleared_reviewer(user, application)
        or is_commission_member(user, application)
    )


def can_edit_application(user: Actor | None, application: Application) -> bool:
    return represents(user, application.organisation) and application.is_open


def can_withdraw_application(user: Actor | None, application: Application) -> bool:
    return represents(user, application.organisation) and (
        application.status
        in (
            Application.Status.ELIGIBILITY,
            Application.Status.DRAFT,
            Application.Status.SUBMITTED,
            Application.Status.IN_REVIEW,
        )
        or is_reopenable(application)
    )


def can_assign(user: Actor | None, application: Application) -> bool:
    return is_secretariat(user) and application.status in (
        Application.Status.SUBMITTED,
        Application.Status.IN_REVIEW,
    )


def can_declare(user: Actor | None, application: Application) -> bool:
    """An assigned reviewer, before the declaration, with no conflict known."""
    review = own_review(user, application)
    return review is not None and review.status == Review.Status.ASSIGNED


def can_score(user: Actor | None, application: Application) -> bool:
    review = own_review(user, application)
    return (
        review is not None
        and review.status == Review.Status.DECLARED
        and application.status == Application.Status.IN_REVIEW
        and conflict_of(user, application) is None
    )


def both_reviews_in(application: Application) -> bool:
    reviews = [r for r in application.reviews.all() if r.status != Review.Status.CONFLICT]
    return len(reviews) >= 2 and all(r.status == Review.Status.SUBMITTED for r in reviews)


def can_see_all_scores(user: Actor | None, application: Application) -> bool:
    """Scores are blind: nobody sees both reviewers' until both submitted."""
    if not both_reviews_in(application):
        return False
    return (
        is_secretariat(user)
        or is_commission_member(user, application)
        or is_cleared_reviewer(user, application)
    )


def can_reconcile(user: Actor | None, application: Application) -> bool:
    """The two reviewers (or the secretariat) record the agreed scores before the decision."""
    return (
        application.status == Application.Status.IN_REVIEW
        and both_reviews_in(application)
        and (is_secretariat(user) or is_cleared_reviewer(user, application))
    )


def is_reopenable(application: Application) -> bool:
    """A deferred file (its latest decision), with no appeal under way, may come back."""
    if application.status != Application.Status.DECIDED:
        return False
    decision = application.decision
    return (
        decision is not None
        and decision.outcome == Decision.Outcome.DEFERRED
        and not decision.appeals.exclude(status=Appeal.Status.CLOSED).exists()
    )


def can_reopen(user: Actor | None, application: Application) -> bool:
    """The representative takes a deferred file up again, with the actions required."""
    return represents(user, application.organisation) and is_reopenable(application)


def can_record_visit(user: Actor | None, application: Application) -> bool:
    return application.status == Application.Status.IN_REVIEW and (
        is_secretariat(user) or is_cleared_reviewer(user, application)
    )


def can_decide(user: Actor | None, application: Application) -> bool:
    return (
        application.status == Application.Status.IN_REVIEW
        and is_commission_member(user, application)
        and both_reviews_in(application)
        and own_review(user, application) is None
    )


def can_download_certificate(user: Actor | None, certificate: Certificate) -> bool:
    return is_secretariat(user) or represents(user, certificate.organisation)


def can_change_certificate(user: Actor | None, certificate: Certificate) -> bool:
    return is_secretariat(user)


def can_send_midterm(user: Actor | None, certificate: Certificate) -> bool:
    return (
        represents(user, certificate.organisation)
        and certificate.status == Certificate.Status.VALID
        and certificate.midterm_submitted_at is None
    )


def can_renew(user: Actor | None, certificate: Certificate) -> bool:
    return (
        represents(user, certificate.organisation)
        and certificate.status == Certificate.Status.VALID
        and not certificate.organisation.applications.filter(
            status__in=[
                Application.Status.ELIGIBILITY,
                Application.Status.DRAFT,
                Application.Status.SUBMITTED,
                Application.Status.IN_REVIEW,
            ]
        ).exists()
    )


def can_appeal(user: Actor | None, application: Application) -> bool:
    return (
        represents(user, application.organisation)
        and application.status == Application.Status.DECIDED
    )


def first_handlers(application: Application) -> set[int]:
    """The people who may not handle an appeal or complaint: the file's reviewers and deciders."""
    people = {review.reviewer_id for review in application.reviews.all()}
    people |= {member.user_id for member in application.commission.all()}
    return people


def can_view_appeal(user: Actor | None, appeal: Appeal) -> bool:
    return is_secretariat(user) or represents(user, appeal.decision.application.organisation)


def can_handle_appeal(user: Actor | None, appeal: Appeal) -> bool:
    return (
        is_secretariat(user)
        and appeal.status != Appeal.Status.CLOSED
        and _pk(user) not in first_handlers(appeal.decision.application)
    )


def can_handle_complaint(user: Actor | None, complaint: Complaint) -> bool:
    if not is_secretariat(user) or complaint.status == Complaint.Status.CLOSED:
        return False
    certified = complaint.organisation.applications.filter(
        status=Application.Status.DECIDED
    ).first()
    return certified is None or _pk(user) not in first_handlers(certified)


def can_download_evidence(user: Actor | None, row: EvidenceFile) -> bool:
    return can_view_application(user, row.application)
