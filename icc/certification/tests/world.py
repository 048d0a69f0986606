"""Build certification files at each stage, for the tests, the URL walk and the journeys."""

from datetime import date
from typing import Any

from conftest import PASSWORD
from icc.accounts.models import Role, User
from icc.accounts.services import grant_role
from icc.certification import services, standard
from icc.certification.models import Application, Organisation, Review
from icc.network.models import City


def person(email: str, *, name: str = "", language: str = "en", role: Role | None = None) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email, PASSWORD, full_name=name or email)
        user.language = language
        user.save(update_fields=["language"])
    if role is not None:
        grant_role(user, role, granted_by=None)
    return user


def all_answers(option: str = "met") -> dict[str, str]:
    return {q.id: option for q in standard.criteria(standard.load_standard())}


def gate_yes() -> dict[str, str]:
    return {q.id: "yes" for q in standard.gate_questions(standard.load_standard())}


def organisation(city: City, *, name: str, rep_email: str, language: str = "fr") -> Organisation:
    found = Organisation.objects.filter(name=name).first()
    if found is not None:
        return found
    rep = person(rep_email, name=f"Rep {name}", language=language)
    org = services.register_organisation(
        by=rep,
        data={
            "name": name,
            "city": city,
            "registration_number": "W691234567",
            "website": "https://example.org",
            "description_en": "An association that brings neighbours together.",
            "description_fr": "Une association qui rapproche les voisins.",
        },
    )
    services.confirm_organisation(org, by=None, confirm=True, expected=None)
    org.refresh_from_db()
    return org


def rep_of(org: Organisation) -> User:
    return org.representatives.get(revoked_at__isnull=True).user


def submitted(org: Organisation, *, option: str = "met") -> Application:
    rep = rep_of(org)
    application = services.start_application(org, by=rep)
    services.check_eligibility(application, by=rep, answers=gate_yes(), expected=None)
    application.refresh_from_db()
    services.save_self_assessment(
        application, by=rep, answers=all_answers(option), evidence={}, expected=None
    )
    application.refresh_from_db()
    services.submit_application(application, by=rep, expected=None)
    application.refresh_from_db()
    return application


def reviewed(
    application: Application,
    first: User,
    second: User,
    *,
    options: tuple[str, str] = ("met", "met"),
    submit: bool = True,
) -> Application:
    for reviewer, option in zip((first, second), options, strict=True):
        review = services.assign_reviewer(application, by=None, reviewer=reviewer)
        services.declare(review, by=reviewer, no_conflict=True)
        if submit:
            services.save_review(
                review,
                by=reviewer,
                answers=all_answers(option),
                comments={},
                submit=True,
                expected=None,
            )
    application.refresh_from_db()
    return application


def visited(application: Application) -> Application:
    """Plan the visit and write its report (a finding for the first category)."""
    visit = services.plan_visit(
        application, by=None, planned_on=date(2026, 11, 20), participants="The board, two staff"
    )
    area = standard.categories(standard.load_standard(application.standard))[0][0]
    services.report_visit(visit, by=None, findings={area.id: "The workshops mix neighbours."})
    return application


def reconciled(application: Application, *, option: str = "met") -> Application:
    """Record the agreed scores (``option`` everywhere) when the reviews did not agree."""
    if application.reconciliation is None:
        services.reconcile(
            application,
            by=None,
            answers=all_answers(option),
            reasons=dict.fromkeys(services.disagreements(application), "We read the evidence."),
            expected=None,
        )
    return application


def decided(
    application: Application,
    decider: User,
    *,
    outcome: str = "certified",
    level: str = "certified",
    today: date | None = None,
) -> Application:
    services.name_commission_member(application, by=None, person=decider)
    reconciled(application)
    if not application.__class__.objects.filter(
        pk=application.pk, visit__reported_at__isnull=False
    ).exists():
        visited(application)
    extra: dict[str, Any] = {}
    if outcome == "deferred":
        extra = {"required_actions": "Adopt an evaluation plan.", "deadline": date(2099, 1, 1)}
    services.decide(
        application,
        by=decider,
        outcome=outcome,
        level=level if outcome == "certified" else "",
        reasons="The evidence shows the criteria are met.",
        today=today,
        **extra,
    )
    application.refresh_from_db()
    return application


__all__ = ["Review"]
