"""Demo certification: six organisations in four cities, at every stage of the scheme.

One certified (Lyon), one with distinction (Oslo), one deferred (Barcelona), one under
review (Lyon), one appealed (Lisbon), one whose certificate expired (Oslo). Loading twice
changes nothing: each organisation is looked up by its name first. Texts are our own, in
English and French; the representatives sign in with the demo password.
"""

from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from icc.accounts.models import Role, User
from icc.accounts.services import grant_role
from icc.certification import services, standard
from icc.certification.models import Certificate, Organisation
from icc.network.demo_data import DEMO_PASSWORD
from icc.network.models import City

# name, city, representative's e-mail, language, description EN, FR, stage
ORGANISATIONS = [
    (
        "Maison des langues",
        "lyon",
        "rep.maison@icc.example",
        "fr",
        "Language cafés where neighbours teach each other the languages they speak at home.",
        "Des cafés des langues où les voisins s’apprennent les langues qu’ils parlent chez eux.",
        "certified",
    ),
    (
        "Nabolag for alle",
        "oslo",
        "rep.nabolag@icc.example",
        "en",
        "Shared gardens and kitchens run together by old and new residents of the district.",
        "Des jardins et des cuisines partagés, tenus ensemble par anciens et nouveaux habitants.",
        "distinction",
    ),
    (
        "Casa de les cultures",
        "barcelona",
        "rep.casa@icc.example",
        "en",
        "A community centre that pairs newcomers with volunteers for their first year.",
        "Un centre de quartier qui associe chaque nouvel arrivant à un bénévole pendant un an.",
        "deferred",
    ),
    (
        "Pont des cultures",
        "lyon",
        "rep.pont@icc.example",
        "fr",
        "Theatre workshops written and played by young people of every background.",
        "Des ateliers de théâtre écrits et joués par des jeunes de toutes origines.",
        "in_review",
    ),
    (
        "Associação Ponte",
        "lisbon",
        "rep.ponte@icc.example",
        "en",
        "Mediators who help families and schools understand each other.",
        "Des médiateurs qui aident familles et écoles à se comprendre.",
        "appealed",
    ),
    (
        "Fargerike Oslo",
        "oslo",
        "rep.fargerike@icc.example",
        "en",
        "Sports clubs open to every child, with coaches trained against discrimination.",
        "Des clubs de sport ouverts à chaque enfant, avec des entraîneurs formés contre les "
        "discriminations.",
        "expired",
    ),
]


def _person(email: str, name: str, language: str, role: Role | None = None) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email, DEMO_PASSWORD, full_name=name, language=language)
    if role is not None:
        grant_role(user, role, granted_by=None)
    return user


def _answers(option: str, **overrides: str) -> dict[str, str]:
    answers = {q.id: option for q in standard.criteria(standard.load_standard())}
    return answers | overrides


def load(stdout: Any) -> None:
    """Add the six demo organisations once."""
    cities = {
        city.slug: city
        for city in City.objects.filter(slug__in=["lyon", "oslo", "barcelona", "lisbon"])
    }
    if len(cities) < 4 or Organisation.objects.filter(name=ORGANISATIONS[0][0]).exists():
        return
    secretariat = User.objects.filter(email="secretariat@icc.example").first()
    expert = _person("expert@icc.example", "Elena Expert", "en", Role.EXPERT)
    second = _person("expert.two@icc.example", "Tomás Reviewer", "en", Role.EXPERT)
    commission = _person("commission@icc.example", "Clara Commission", "fr", Role.EXPERT)
    for name, city, email, language, description_en, description_fr, stage in ORGANISATIONS:
        rep = _person(
            email, f"{name} — représentant·e" if language == "fr" else f"{name} rep", language
        )
        organisation = services.register_organisation(
            by=rep,
            data={
                "name": name,
                "city": cities[city],
                "registration_number": f"DEMO-{len(name):03d}",
                "website": "",
                "description_en": description_en,
                "description_fr": description_fr,
            },
        )
        Organisation.objects.filter(pk=organisation.pk).update(is_demo=True)
        services.confirm_organisation(organisation, by=secretariat, confirm=True, expected=None)
        _stage(organisation, rep, stage, expert, second, commission)
    stdout.write("Demo certification: six organisations in four cities, at every stage.")


def _stage(
    organisation: Organisation, rep: User, stage: str, expert: User, second: User, commission: User
) -> None:
    option = {"distinction": "met", "certified": "met", "expired": "met"}.get(stage, "partly")
    application = services.start_application(organisation, by=rep)
    gate = {q.id: "yes" for q in standard.gate_questions(standard.load_standard())}
    services.check_eligibility(application, by=rep, answers=gate, expected=None)
    application.refresh_from_db()
    answers = _answers(option)
    if stage == "certified":
        answers |= {"participation.voice": "partly", "learning.evaluation": "partly"}
    evidence = {
        "governance.principles": {
            "text": "Statement adopted by the board in 2024. / Déclaration adoptée par le conseil en 2024.",
            "links": [],
        }
    }
    services.save_self_assessment(
        application, by=rep, answers=answers, evidence=evidence, expected=None
    )
    application.refresh_from_db()
    services.submit_application(application, by=rep, expected=None)
    application.refresh_from_db()
    reviews = []
    for reviewer in (expert, second):
        review = services.assign_reviewer(application, by=None, reviewer=reviewer)
        services.declare(review, by=reviewer, no_conflict=True)
        reviews.append(review)
    if stage == "in_review":
        services.save_review(
            reviews[0], by=expert, answers=answers, comments={}, submit=True, expected=None
        )
        return
    # On the deferred file the reviewers differ on one criterion and record why they agree.
    differing = {"learning.evaluation": "not_met"} if stage == "deferred" else {}
    for review, reviewer in zip(reviews, (expert, second), strict=True):
        given = answers | differing if reviewer == second else answers
        services.save_review(
            review, by=reviewer, answers=given, comments={}, submit=True, expected=None
        )
    if differing:
        services.reconcile(
            application,
            by=expert,
            answers=answers,
            reasons={
                "learning.evaluation": "A yearly review exists but no plan yet. / "
                "Un bilan annuel existe, mais pas encore de plan."
            },
            expected=None,
        )
    visit = services.plan_visit(
        application,
        by=None,
        planned_on=timezone.localdate() - timedelta(days=20),
        participants="Elena Expert, Tomás Reviewer, the board and two volunteers",
    )
    services.report_visit(
        visit,
        by=expert,
        findings={
            "practice": "Activities mix people by design. / Les activités mêlent les publics à dessein."
        },
    )
    services.name_commission_member(application, by=None, person=commission)
    plans: dict[str, tuple[str, str, dict[str, Any]]] = {
        "certified": ("certified", "certified", {}),
        "distinction": ("certified", "distinction", {}),
        "expired": ("certified", "certified", {}),
        "deferred": (
            "deferred",
            "",
            {
                "required_actions": "Adopt a written intercultural statement. / Adopter une déclaration interculturelle écrite.",
                "deadline": timezone.localdate() + timedelta(days=180),
            },
        ),
        "appealed": ("refused", "", {}),
    }
    outcome, level, extra = plans[stage]
    services.decide(
        application,
        by=commission,
        outcome=outcome,
        level=level,
        reasons="The reviews and the visit agree. / Les évaluations et la visite concordent.",
        **extra,
    )
    if stage == "appealed":
        services.file_appeal(
            application,
            by=rep,
            grounds="The visit did not meet our mediators. / La visite n’a pas rencontré nos médiateurs.",
        )
    if stage == "expired":
        Certificate.objects.filter(application=application).update(
            issued_on=date(2022, 3, 1), valid_until=date(2025, 3, 1), midterm_due=date(2023, 9, 1)
        )
