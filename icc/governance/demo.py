"""Demo governance: a strategy under consultation with six amendments at different stages,
city councils that endorsed last year's declaration, and a closed vote with its result.

Loading twice changes nothing: each record is looked up by its English title first.
Texts are our own, in English and French, and flagged as demo data.
"""

from datetime import timedelta
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from icc.accounts.models import Role, RoleGrant, User
from icc.accounts.services import grant_role
from icc.governance.models import Motion, StrategyDocument
from icc.governance.services import strategy, votes
from icc.network.models import City

STRATEGY_EN = "ICC Strategy for the next four years"
DECLARATION_EN = "Declaration of the tenth anniversary"
MOTION_EN = "Approve the consolidated strategy, version 2"

SECTIONS = [
    (
        "Purpose",
        "Objet",
        "The network helps cities turn diversity into an advantage, through policies that "
        "treat every resident as a full member of the community.",
        "Le réseau aide les villes à faire de la diversité un atout, par des politiques qui "
        "traitent chaque habitant comme un membre à part entière de la communauté.",
    ),
    (
        "Learning between cities",
        "Apprendre entre villes",
        "Member cities share their good practices and visit each other at least once a year.",
        "Les villes membres partagent leurs bonnes pratiques et se rendent visite au moins "
        "une fois par an.",
    ),
    (
        "Measuring progress",
        "Mesurer les progrès",
        "Every member city answers the Index at least every three years.",
        "Chaque ville membre répond à l’Index au moins tous les trois ans.",
    ),
    (
        "Participation",
        "Participation",
        "Cities involve residents of every background in the design of public services.",
        "Les villes associent des habitants de toutes origines à la conception des "
        "services publics.",
    ),
]

# section, city, English, French, needs translation, reason, fate, decision reason
AMENDMENTS = [
    (
        1,
        "lyon",
        "",
        "Le réseau aide les villes à faire de la diversité un atout, par des politiques qui "
        "traitent chaque habitant et chaque habitante comme membre à part entière de la cité.",
        True,
        "Une rédaction inclusive, plus proche de nos délibérations.",
        "accepted",
        "",
    ),
    (
        2,
        "oslo",
        "Member cities share their good practices and visit each other at least "
        "once a year, in person or online.",
        "Les villes membres partagent leurs bonnes pratiques et se rendent visite au moins une "
        "fois par an, sur place ou en ligne.",
        False,
        "Online visits let smaller cities take part.",
        "consolidated",
        "",
    ),
    (
        3,
        "barcelona",
        "Every member city answers the Index at least every two years.",
        "Chaque ville membre répond à l’Index au moins tous les deux ans.",
        False,
        "Two years keep the figures useful for the council's term.",
        "rejected",
        "Most cities asked for three years to keep the work bearable; the next strategy may "
        "come back to it.",
    ),
    (
        3,
        "lisbon",
        "Every member city answers the Index at least every three years, and "
        "publishes its results.",
        "Chaque ville membre répond à l’Index au moins tous les trois ans et en publie les "
        "résultats.",
        False,
        "Publishing the results builds trust with residents.",
        "proposed",
        "",
    ),
    (
        3,
        "oslo",
        "Every member city answers the Index every three years and shares its "
        "results with the network.",
        "Chaque ville membre répond à l’Index tous les trois ans et en partage les résultats "
        "avec le réseau.",
        False,
        "Close to Lisbon's proposal.",
        "merged",
        "",
    ),
    (
        4,
        "barcelona",
        "Cities involve residents of every background, young people included, "
        "in the design of public services.",
        "",
        True,
        "Young people are too often left out of consultations.",
        "proposed",
        "",
    ),
]


def _person(city: City, language: str) -> User:
    email = f"coordinator.{city.slug}@icc.example"
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email, None, full_name=f"{city.name} coordination", language=language
        )
    if not RoleGrant.objects.active().filter(user=user, city=city).exists():
        grant_role(user, Role.CITY_COORDINATOR, granted_by=None, city=city)
    return user


def _coordinator(city: City) -> User:
    grant = RoleGrant.objects.active().filter(city=city, role=Role.CITY_COORDINATOR).first()
    if grant is not None:
        return grant.user
    return _person(city, "fr" if city.country in ("FR", "BE", "CH", "LU") else "en")


def _strategy(cities: dict[str, City], secretariat: Any) -> StrategyDocument | None:
    if StrategyDocument.objects.filter(title_en=STRATEGY_EN).exists():
        return None
    today = timezone.localdate()
    document = strategy.create_document(
        created_by=secretariat,
        record={
            "title_en": STRATEGY_EN,
            "title_fr": "Stratégie ICC pour les quatre prochaines années",
            "summary_en": "The draft the coordinators discussed at the annual meeting.",
            "summary_fr": "Le projet discuté par les coordinateurs et coordinatrices lors de "
            "la réunion annuelle.",
            "consultation_opens_on": today - timedelta(days=20),
            "consultation_closes_on": today + timedelta(days=25),
            "is_demo": True,
        },
        sections=[
            {"heading_en": h_en, "heading_fr": h_fr, "text_en": t_en, "text_fr": t_fr}
            for h_en, h_fr, t_en, t_fr in SECTIONS
        ],
    )
    made = {}
    for number, (section, slug, en, fr, translate, reason, fate, _why) in enumerate(AMENDMENTS):
        city = cities[slug]
        amendment = strategy.propose_amendment(
            document.sections.get(number=section),
            city=city,
            proposed_by=_coordinator(city),
            text_en=en,
            text_fr=fr,
            needs_translation=translate,
            reason=reason,
        )
        made[number] = amendment
        if fate == "consolidated":
            strategy.decide_amendment(
                amendment, decided_by=secretariat, expected_version=None, decision="accepted"
            )
            strategy.consolidate(document, made_by=secretariat)
    supporter = cities["lisbon"]
    strategy.respond_to_amendment(
        made[5], city=supporter, written_by=_coordinator(supporter), kind="support"
    )
    strategy.respond_to_amendment(
        made[3],
        city=cities["lyon"],
        written_by=_coordinator(cities["lyon"]),
        kind="comment",
        text="Nous soutenons l’idée ; la publication pourrait suivre le conseil municipal.",
    )
    strategy.decide_amendment(
        made[0],
        decided_by=secretariat,
        expected_version=None,
        decision="accepted",
        translation={
            "en": "The network helps cities turn diversity into an advantage, through "
            "policies that treat every resident as a full member of the city."
        },
    )
    strategy.decide_amendment(
        made[2],
        decided_by=secretariat,
        expected_version=None,
        decision="rejected",
        reason=AMENDMENTS[2][7],
    )
    strategy.decide_amendment(
        made[4],
        decided_by=secretariat,
        expected_version=None,
        decision="merged",
        merged_into=made[3],
        reason="Merged with Lisbon's wording, which says the same.",
    )
    return document


def _declaration(cities: dict[str, City], secretariat: Any) -> None:
    if StrategyDocument.objects.filter(title_en=DECLARATION_EN).exists():
        return
    today = timezone.localdate()
    document = strategy.create_document(
        created_by=secretariat,
        record={
            "title_en": DECLARATION_EN,
            "title_fr": "Déclaration du dixième anniversaire",
            "consultation_opens_on": today - timedelta(days=400),
            "consultation_closes_on": today - timedelta(days=370),
            "is_demo": True,
        },
        sections=[
            {
                "heading_en": "Our commitment",
                "heading_fr": "Notre engagement",
                "text_en": "We, the member cities, commit to the intercultural approach in "
                "every policy of our councils.",
                "text_fr": "Nous, villes membres, nous engageons à suivre l’approche "
                "interculturelle dans toutes les politiques de nos conseils.",
            }
        ],
    )
    for days, slug in ((300, "lisbon"), (280, "lyon"), (250, "oslo")):
        if slug not in cities:
            continue
        strategy.record_endorsement(
            document,
            city=cities[slug],
            council_decided_on=today - timedelta(days=days),
            decision=SimpleUploadedFile(
                f"council-{slug}.pdf", b"%PDF-1.4\n% demo council decision\n%%EOF\n"
            ),
            recorded_by=secretariat,
        )


def _vote(cities: dict[str, City], document: Any, secretariat: Any) -> None:
    if Motion.objects.filter(title_en=MOTION_EN).exists():
        return
    now = timezone.now()
    opens = now - timedelta(days=10)
    motion = votes.create_motion(
        created_by=secretariat,
        record={
            "title_en": MOTION_EN,
            "title_fr": "Approuver la stratégie consolidée, version 2",
            "text_en": "The coordinators vote on the strategy as amended after the consultation.",
            "text_fr": "Les coordinateurs et coordinatrices votent sur la stratégie amendée "
            "après la consultation.",
            "document": document,
            "opens_at": opens,
            "closes_at": opens + timedelta(days=7),
            "quorum_percent": 50,
            "majority": Motion.Majority.SIMPLE,
            "is_demo": True,
        },
        options=[
            {"label_en": "Approve", "label_fr": "Approuver"},
            {"label_en": "Reject", "label_fr": "Rejeter"},
            {"label_en": "Abstain", "label_fr": "Abstention", "is_abstention": True},
        ],
    )
    members = [c for c in cities.values() if c.status == City.Status.MEMBER]
    giver, holder = members[-1], members[-2]
    votes.give_proxy(
        motion,
        giver=giver,
        holder=holder,
        given_by=_coordinator(giver),
        now=opens - timedelta(days=1),
    )
    motion = votes.bring_up_to_date(motion, now=opens + timedelta(minutes=5))
    choices = list(motion.options.order_by("position"))
    voters = members[: max(len(members) * 2 // 3, 2)]
    for number, city in enumerate(voters):
        if city == giver:
            continue
        choice = choices[0] if number % 5 else (choices[1] if number % 2 else choices[2])
        votes.cast_ballot(
            motion,
            city=city,
            option_id=choice.pk,
            cast_by=_coordinator(city),
            now=opens + timedelta(hours=1 + number),
        )
    votes.cast_ballot(
        motion,
        city=giver,
        option_id=choices[0].pk,
        cast_by=_coordinator(holder),
        now=opens + timedelta(days=2),
    )
    votes.bring_up_to_date(motion)


def load(stdout: Any) -> None:
    """Add the demo texts, endorsements and the closed vote once."""
    cities = {city.slug: city for city in City.objects.all()}
    if not all(slug in cities for slug in ("lyon", "oslo", "barcelona", "lisbon")):
        return
    secretariat = User.objects.filter(email="secretariat@icc.example").first()
    document = _strategy(cities, secretariat)
    _declaration(cities, secretariat)
    document = document or StrategyDocument.objects.filter(title_en=STRATEGY_EN).first()
    _vote(cities, document, secretariat)
    stdout.write("Demo governance: a strategy with six amendments, endorsements, a closed vote.")
