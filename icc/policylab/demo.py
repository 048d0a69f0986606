"""The policy lab's demo: 25 stakeholders, the Berlin and Lisbon labs of 2017, 8 journeys,
and Spain's strategy mapped to the model framework.

The labs' places and dates follow the record (Berlin, 16 February 2017; Lisbon, 28 November
2017); their outcomes, the stakeholders, the uptakes and the mapping are invented and
marked as demo data. Loading twice adds nothing.
"""

import datetime
from typing import Any

from django.utils import timezone

from icc.accounts.models import Role, User
from icc.network.models import City, NationalNetwork
from icc.policylab import framework
from icc.policylab.models import Lab, NationalStrategy, Outcome, Stakeholder, Uptake
from icc.policylab.selectors import practices_of_cities
from icc.policylab.services import labs, stakeholders, strategies, uptakes

EVIDENCE = "https://demo.icc.example/evidence/"

# name, level, kind, country, region, related city slugs
STAKEHOLDERS = [
    ("Sabadell intercultural office", "local", "public_authority", "ES", "Catalonia", ["sabadell"]),
    ("Bilbao neighbourhood mediators", "local", "ngo", "ES", "Basque Country", ["bilbao"]),
    ("Lisbon migrant residents' association", "local", "migrant_association", "PT", "", ["lisbon"]),
    ("Lyon university chair on diversity", "local", "academia", "FR", "", ["lyon"]),
    ("Oslo employers' diversity forum", "local", "business", "NO", "", ["oslo"]),
    (
        "Catalan government, migration department",
        "regional",
        "public_authority",
        "ES",
        "Catalonia",
        ["barcelona", "sabadell"],
    ),
    (
        "Basque government, migration directorate",
        "regional",
        "public_authority",
        "ES",
        "Basque Country",
        ["bilbao"],
    ),
    (
        "Catalan federation of migrant associations",
        "regional",
        "migrant_association",
        "ES",
        "Catalonia",
        ["barcelona"],
    ),
    (
        "Lisbon metropolitan area",
        "regional",
        "public_authority",
        "PT",
        "Lisbon District",
        ["lisbon", "amadora"],
    ),
    (
        "Auvergne-Rhône-Alpes regional council",
        "regional",
        "public_authority",
        "FR",
        "Auvergne-Rhône-Alpes",
        ["lyon"],
    ),
    (
        "Berlin state department for integration",
        "regional",
        "public_authority",
        "DE",
        "Berlin",
        ["berlin-neukolln"],
    ),
    (
        "Bavarian state office for integration",
        "regional",
        "public_authority",
        "DE",
        "Bavaria",
        ["munich"],
    ),
    ("Eastern Norway integration partnership", "regional", "public_authority", "NO", "", ["oslo"]),
    ("Spain, ministry in charge of migration", "national", "public_authority", "ES", "", []),
    ("Spanish federation of municipalities", "national", "public_authority", "ES", "", []),
    ("Spanish universities' network on inclusion", "national", "academia", "ES", "", []),
    ("Portugal, national agency for migration", "national", "public_authority", "PT", "", []),
    ("Portuguese platform of migrant NGOs", "national", "ngo", "PT", "", []),
    (
        "France, interministerial office for integration",
        "national",
        "public_authority",
        "FR",
        "",
        [],
    ),
    ("Germany, federal office for integration", "national", "public_authority", "DE", "", []),
    ("Norway, directorate for integration", "national", "public_authority", "NO", "", []),
    (
        "European working group on intercultural integration",
        "european",
        "public_authority",
        "",
        "",
        [],
    ),
    ("European network of regions for inclusion", "european", "ngo", "", "", []),
    ("European forum of migrant-led organisations", "european", "migrant_association", "", "", []),
    ("European business network for diversity", "european", "business", "", "", []),
]

LABS = [
    (
        "berlin-2017",
        "Inclusive integration policy lab, Berlin",
        "Laboratoire des politiques d’intégration inclusive, Berlin",
        "How local, regional and national integration policies can pull in the same direction, "
        "and how a city's innovation reaches national policy.",
        "Comment les politiques d’intégration locales, régionales et nationales peuvent aller "
        "dans le même sens, et comment l’innovation d’une ville atteint la politique nationale.",
        "DBB Forum, Berlin",
        datetime.date(2017, 2, 16),
        "Welcome; three cities present a practice; working groups by level; conclusions.",
        "Accueil ; trois villes présentent une pratique ; groupes de travail par niveau ; conclusions.",
        [
            (
                "recommendation",
                "Give every national integration plan a chapter written with cities.",
                "Donner à chaque plan national d’intégration un chapitre écrit avec les villes.",
                None,
                None,
                "open",
                ("", "en"),
            ),
            (
                "commitment",
                "Invite two member cities to the next revision of the regional integration plan.",
                "Inviter deux villes membres à la prochaine révision du plan régional d’intégration.",
                "Catalan government, migration department",
                datetime.date(2017, 12, 31),
                "done",
                ("Sabadell and Barcelona joined the revision group (demo).", "en"),
            ),
            (
                "commitment",
                "Publish a short guide on anti-rumour work for national ministries.",
                "Publier un court guide sur la lutte contre les rumeurs pour les ministères nationaux.",
                "Spain, ministry in charge of migration",
                datetime.date(2018, 6, 30),
                "dropped",
                ("Remplacé par un chapitre de la stratégie nationale (démo).", "fr"),
            ),
        ],
    ),
    (
        "lisbon-2017",
        "Inclusive integration policy lab, Lisbon",
        "Laboratoire des politiques d’intégration inclusive, Lisbonne",
        "Mayors and national authorities agree how to cooperate systematically, ten years after "
        "the network began.",
        "Les maires et les autorités nationales conviennent de coopérer de façon systématique, "
        "dix ans après les débuts du réseau.",
        "Forum Lisboa, Lisbon",
        datetime.date(2017, 11, 28),
        "Afternoon session: pledges by level; how to track what travels from cities to countries.",
        "Séance de l’après-midi : engagements par niveau ; comment suivre ce qui passe des villes aux pays.",
        [
            (
                "recommendation",
                "Record each time a city's practice is taken up elsewhere, with evidence.",
                "Consigner chaque reprise d’une pratique d’une ville ailleurs, avec un justificatif.",
                None,
                None,
                "open",
                ("", "en"),
            ),
            (
                "commitment",
                "Hold a national lab in Portugal with the member cities.",
                "Tenir un laboratoire national au Portugal avec les villes membres.",
                "Portugal, national agency for migration",
                datetime.date(2018, 12, 31),
                "done",
                ("A national lab met in October 2018 (demo).", "en"),
            ),
            (
                "commitment",
                "Map the national strategy against the model framework once it exists.",
                "Mettre la stratégie nationale en regard du cadre modèle dès qu’il existe.",
                "Spain, ministry in charge of migration",
                datetime.date(2026, 12, 31),
                "open",
                ("", "en"),
            ),
        ],
    ),
]

# origin city slug, then steps: (adopter kind: city slug | body name | "strategy", uptake kind,
# index of the step it came from or None for the origin, years after the practice began)
JOURNEYS = [
    (
        "barcelona",
        [
            ("sabadell", "adoption", None, 1),
            ("Catalan government, migration department", "programme", 0, 2),
            ("Spain, ministry in charge of migration", "policy", 1, 3),
            ("strategy", "strategy", 2, 4),
        ],
    ),
    (
        "bilbao",
        [
            ("Basque government, migration directorate", "policy", None, 1),
            ("strategy", "strategy", 0, 3),
        ],
    ),
    (
        "sabadell",
        [
            ("barcelona", "adoption", None, 1),
            ("Spanish federation of municipalities", "programme", 0, 2),
        ],
    ),
    (
        "lisbon",
        [
            ("amadora", "adoption", None, 1),
            ("Lisbon metropolitan area", "programme", 0, 2),
            ("Portugal, national agency for migration", "policy", 1, 3),
        ],
    ),
    (
        "lyon",
        [
            ("Auvergne-Rhône-Alpes regional council", "programme", None, 1),
            ("France, interministerial office for integration", "policy", 0, 3),
        ],
    ),
    (
        "oslo",
        [
            ("Eastern Norway integration partnership", "programme", None, 1),
            ("Norway, directorate for integration", "law", 0, 2),
            ("European working group on intercultural integration", "policy", 1, 3),
        ],
    ),
    (
        "berlin-neukolln",
        [
            ("Berlin state department for integration", "programme", None, 1),
            ("Germany, federal office for integration", "programme", 0, 3),
        ],
    ),
    (
        "munich",
        [
            ("Bavarian state office for integration", "policy", None, 1),
            ("European network of regions for inclusion", "programme", 0, 2),
        ],
    ),
]

# What the adopter's side wrote, once, in its working language (decision 0069).
ADAPTATION = {
    "en": "Adapted to the adopter's size and languages; the steps and evaluation were kept (demo).",
    "fr": "Adaptée à la taille et aux langues de l’adoptant ; les étapes et l’évaluation ont "
    "été gardées (démo).",
}
FRENCH_SPEAKING = {"FR", "BE", "CH", "LU"}
STRATEGY_TITLE = (
    "Spanish intercultural integration strategy (demo)",
    "Stratégie espagnole d’intégration interculturelle (démo)",
)

COVERAGE = {
    "equality-access": "covered",
    "equality-discrimination": "covered",
    "equality-work": "partly",
    "diversity-education": "partly",
    "diversity-workforce": "absent",
    "diversity-narrative": "covered",
    "interaction-spaces": "partly",
    "interaction-mediation": "covered",
    "interaction-culture": "partly",
    "participation-decisions": "partly",
    "participation-leadership": "absent",
    "participation-multilevel": "covered",
}


def load(stdout: Any) -> None:
    """Add the demo stakeholders, labs, journeys and Spain's mapped strategy once."""
    cities = {city.slug: city for city in City.objects.all()}
    bodies = _stakeholders(cities)
    for entry in LABS:
        _lab(entry, bodies)
    strategy = _strategy()
    added = sum(_journey(origin, steps, cities, bodies, strategy) for origin, steps in JOURNEYS)
    _waiting_uptake(cities)
    stdout.write(f"Policy lab: {len(bodies)} stakeholders, {added} new demo uptakes.\n")


def _stakeholders(cities: dict[str, City]) -> dict[str, Stakeholder]:
    found = {}
    for name, level, kind, country, region, slugs in STAKEHOLDERS:
        body = Stakeholder.objects.filter(name=name).first()
        if body is None:
            networks = NationalNetwork.objects.filter(country=country) if country else []
            body = stakeholders.create_stakeholder(
                created_by=None,
                record={
                    "name": name,
                    "level": level,
                    "kind": kind,
                    "country": country,
                    "region": region,
                },
                cities=[cities[s] for s in slugs if s in cities],
                national_networks=list(networks),
                is_demo=True,
            )
            if level in ("regional", "national"):
                stakeholders.add_contact(
                    body,
                    added_by=None,
                    record={
                        "full_name": "Alex Demo",
                        "position": "Integration officer (demo)",
                        "email": f"contact{body.pk}@demo.icc.example",
                    },
                )
        found[name] = body
    return found


def _lab(entry: tuple, bodies: dict[str, Stakeholder]) -> None:
    slug, title_en, title_fr, theme_en, theme_fr, place, held_on, agenda_en, agenda_fr, outcomes = (
        entry
    )
    if Lab.objects.filter(slug=slug).exists():
        return
    lab = labs.create_lab(
        created_by=None,
        slug=slug,
        record={
            "title_en": title_en,
            "title_fr": title_fr,
            "theme_en": theme_en,
            "theme_fr": theme_fr,
            "place": place,
            "is_published": True,
        },
        stakeholders=list(bodies.values())[::2],
        is_demo=True,
    )
    session = labs.add_session(
        lab, added_by=None, held_on=held_on, agenda_en=agenda_en, agenda_fr=agenda_fr
    )
    for kind, text_en, text_fr, owner, due_on, status, (follow_up, language) in outcomes:
        outcome = labs.add_outcome(
            session,
            added_by=None,
            kind=kind,
            text_en=text_en,
            text_fr=text_fr,
            owner=bodies.get(owner) if owner else None,
            due_on=due_on,
            is_demo=True,
        )
        if status != Outcome.Status.OPEN:
            labs.follow_up_outcome(
                outcome,
                followed_up_by=None,
                expected_version=None,
                status=status,
                follow_up=follow_up,
                follow_up_language=language,
                on=due_on,
            )


def _strategy() -> NationalStrategy:
    strategy = NationalStrategy.objects.filter(slug="spain-demo").first()
    if strategy is not None and not strategy.title_fr:
        # Loaded before the strategies had a French title.
        NationalStrategy.objects.filter(pk=strategy.pk).update(title_fr=STRATEGY_TITLE[1])
    if strategy is None:
        strategy = strategies.create_strategy(
            created_by=None,
            slug="spain-demo",
            record={
                "title": STRATEGY_TITLE[0],
                "title_fr": STRATEGY_TITLE[1],
                "country": "ES",
                "adopted_on": datetime.date(2021, 9, 1),
            },
            is_demo=True,
        )
        known = set(framework.element_codes())
        strategies.map_strategy(
            strategy,
            mapped_by=None,
            expected_version=None,
            coverage={code: value for code, value in COVERAGE.items() if code in known},
        )
    return strategy


def _journey(
    origin: str,
    steps: list[tuple[str, str, int | None, int]],
    cities: dict[str, City],
    bodies: dict[str, Stakeholder],
    strategy: NationalStrategy,
) -> int:
    city = cities.get(origin)
    if city is None:
        return 0
    practices = sorted(practices_of_cities([city.pk]), key=lambda p: p.slug)
    if not practices:
        return 0
    practice = practices[0]
    if Uptake.objects.filter(practice_id=practice.id).exists():
        return 0
    latest = timezone.localdate() - datetime.timedelta(days=30)
    # A step whose city is not in the network is left out: the next steps come from its source.
    made: list[Uptake | None] = []
    for adopter, kind, source, years in steps:
        while source is not None and made[source] is None:
            source = steps[source][2]
        came_from = made[source] if source is not None else None
        on = min(datetime.date(practice.started_year + years, 3, 1), latest)
        if came_from is not None:
            on = max(on, came_from.adopted_on)
        target: dict[str, Any] = {}
        if adopter == "strategy":
            target["strategy"] = strategy
        elif adopter in cities:
            target["adopter_city"] = cities[adopter]
        elif adopter in bodies:
            target["adopter_stakeholder"] = bodies[adopter]
        else:
            made.append(None)
            continue
        country = str(
            cities[adopter].country
            if adopter in cities
            else bodies[adopter].country
            if adopter in bodies
            else "ES"
        )
        language = "fr" if country in FRENCH_SPEAKING else "en"
        made.append(
            uptakes.record_uptake(
                practice,
                recorded_by=None,
                kind=kind,
                adopted_on=on,
                source=came_from,
                adaptation=ADAPTATION[language],
                adaptation_language=language,
                evidence_url=f"{EVIDENCE}{practice.slug}/{len(made) + 1}",
                elements=["participation-multilevel"] if adopter == "strategy" else [],
                is_demo=True,
                confirmed=True,
                **target,
            )
        )
    return sum(1 for uptake in made if uptake is not None)


def _waiting_uptake(cities: dict[str, City]) -> None:
    """Leave one uptake for Oslo's coordinator to confirm: Lyon recorded Oslo's adoption."""
    lyon, oslo = cities.get("lyon"), cities.get("oslo")
    recorder = (
        User.objects.filter(
            grants__city=lyon, grants__role=Role.CITY_COORDINATOR, grants__revoked_at__isnull=True
        )
        .order_by("pk")
        .first()
    )
    if lyon is None or oslo is None or recorder is None:
        return
    practices = sorted(practices_of_cities([lyon.pk]), key=lambda p: p.slug)
    if (
        not practices
        or Uptake.objects.filter(practice_id=practices[0].id, adopter_city=oslo).exists()
    ):
        return
    practice = practices[0]
    uptakes.record_uptake(
        practice,
        recorded_by=recorder,
        kind=Uptake.Kind.ADOPTION,
        adopter_city=oslo,
        adopted_on=min(
            datetime.date(practice.started_year + 2, 5, 1),
            timezone.localdate() - datetime.timedelta(days=30),
        ),
        # Lyon's coordinator writes in French.
        adaptation="Oslo la mène dans trois bibliothèques plutôt que dans les mairies (démo).",
        adaptation_language="fr",
        evidence_url=f"{EVIDENCE}{practice.slug}/oslo",
        is_demo=True,
    )
