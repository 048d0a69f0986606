"""Demo anti-rumours: 12 catalogue rumours, and three city strategies at different steps.

Barcelona originated the method and has run every step, with a perception survey in two
waves of 400 answers that moved on some items and not on others; Bilbao adopted it from
Barcelona and works by district (agents being trained); Lyon has just made its diagnosis.
Loading twice changes nothing: rumours are found by their English statement, strategies
by their city. Texts are our own. Factual counter-arguments cite real public texts for
what those texts say (rules, not numbers); no figure is invented and attributed.
"""

import random
from datetime import date
from typing import Any

from icc.accounts.models import Role, User
from icc.antirumours.models import (
    Agent,
    Campaign,
    CityRumour,
    Organisation,
    Rumour,
    Strategy,
    Theme,
    TrainingModule,
    TrainingSession,
)
from icc.antirumours.services import catalogue, surveys
from icc.antirumours.services import strategy as services
from icc.network.models import City

SOCIAL_CHARTER = (
    "European Social Charter (revised)",
    "Council of Europe",
    date(1996, 5, 3),
    "https://www.coe.int/en/web/european-social-charter",
    "Council of Europe member states that ratified it",
)
SINGLE_PERMIT = (
    "Directive 2011/98/EU (single permit), article 12: equal treatment",
    "European Union",
    date(2011, 12, 13),
    "https://eur-lex.europa.eu/eli/dir/2011/98/oj",
    "European Union member states",
)
VAT = (
    "Council Directive 2006/112/EC on the common system of value added tax",
    "European Union",
    date(2006, 11, 28),
    "https://eur-lex.europa.eu/eli/dir/2006/112/oj",
    "European Union member states",
)
HANDBOOK = (
    "Anti-rumours handbook",
    "Council of Europe, Intercultural Cities",
    date(2018, 1, 1),
    "https://www.coe.int/en/web/interculturalcities/anti-rumours",
    "Cities running the anti-rumours method",
)

# theme, English, French, factual (en, fr, source) or None, narrative (en, fr)
RUMOURS: list[tuple[str, str, str, Any, tuple[str, str]]] = [
    (
        "services",
        "Immigrants get social housing before everyone else",
        "Les immigrés passent avant tout le monde pour les logements sociaux",
        (
            "Social housing is allocated by published criteria such as income, household "
            "size and time on the waiting list; nationality is not a criterion of priority.",
            "Les logements sociaux sont attribués selon des critères publiés comme les "
            "revenus, la taille du foyer et l’ancienneté de la demande ; la nationalité "
            "n’est pas un critère de priorité.",
            SOCIAL_CHARTER,
        ),
        (
            "Marta waited four years for her flat, like her neighbour Karim: same list, same rules.",
            "Marta a attendu quatre ans son appartement, comme son voisin Karim : même liste, "
            "mêmes règles.",
        ),
    ),
    (
        "services",
        "They get all the social aid",
        "Ils touchent toutes les aides sociales",
        (
            "Workers from outside the EU with a single permit are entitled to equal "
            "treatment in social security: the same rules, not extra rights.",
            "Les travailleurs hors UE titulaires d’un permis unique ont droit à l’égalité de "
            "traitement en sécurité sociale : les mêmes règles, pas de droits en plus.",
            SINGLE_PERMIT,
        ),
        (
            "Amina works nights at the hospital and pays the same contributions as her colleagues.",
            "Amina travaille de nuit à l’hôpital et paie les mêmes cotisations que ses collègues.",
        ),
    ),
    (
        "services",
        "They fill up the health centres",
        "Ils remplissent les centres de santé",
        None,
        (
            "The waiting room is full on Monday mornings for everyone; the nurse who calls "
            "the next patient came to the city ten years ago.",
            "La salle d’attente est pleine le lundi matin pour tout le monde ; l’infirmière "
            "qui appelle le patient suivant est arrivée en ville il y a dix ans.",
        ),
    ),
    (
        "commerce-taxes",
        "Foreigners don't pay taxes",
        "Les étrangers ne paient pas d’impôts",
        (
            "Everyone who buys something pays value added tax, whatever their nationality; "
            "income tax depends on residence and income, not on origin.",
            "Toute personne qui achète paie la TVA, quelle que soit sa nationalité ; l’impôt "
            "sur le revenu dépend de la résidence et des revenus, pas de l’origine.",
            VAT,
        ),
        (
            "Every coffee Li sells in her bar carries VAT, and she files her accounts each "
            "quarter like the bakery next door.",
            "Chaque café que Li sert dans son bar inclut la TVA, et elle déclare ses comptes "
            "chaque trimestre comme la boulangerie d’à côté.",
        ),
    ),
    (
        "commerce-taxes",
        "Shops run by newcomers get tax breaks",
        "Les commerces tenus par des nouveaux venus ont des avantages fiscaux",
        None,
        (
            "The corner shop opened by Yusuf pays the same licence and the same taxes as the "
            "shop it replaced, which had been empty for two years.",
            "L’épicerie ouverte par Yusuf paie la même licence et les mêmes impôts que le "
            "commerce qu’elle a remplacé, vide depuis deux ans.",
        ),
    ),
    (
        "commerce-taxes",
        "Their shops ruin the high street",
        "Leurs commerces abîment la rue commerçante",
        None,
        (
            "Late opening hours bring light and people to streets that used to be empty after seven.",
            "Les horaires tardifs ramènent de la lumière et du monde dans des rues vides après "
            "dix-neuf heures.",
        ),
    ),
    (
        "coexistence",
        "They don't want to mix with us",
        "Ils ne veulent pas se mélanger avec nous",
        None,
        (
            "At the school gate the parents' association now meets in three languages, and "
            "it has never had so many volunteers.",
            "À la sortie de l’école, l’association de parents se réunit en trois langues, et "
            "elle n’a jamais eu autant de bénévoles.",
        ),
    ),
    (
        "coexistence",
        "The neighbourhood is less safe since they came",
        "Le quartier est moins sûr depuis qu’ils sont arrivés",
        None,
        (
            "Ask who checks on the old lady on the third floor: the family from the second "
            "floor, who arrived last year.",
            "Demandez qui prend des nouvelles de la dame âgée du troisième : la famille du "
            "deuxième, arrivée l’an dernier.",
        ),
    ),
    (
        "coexistence",
        "They don't respect our customs",
        "Ils ne respectent pas nos coutumes",
        (
            "The anti-rumours method asks residents to check what they hear with the people "
            "concerned before repeating it: most rumours fade on contact.",
            "La méthode anti-rumeurs invite les habitants à vérifier ce qu’ils entendent "
            "auprès des personnes concernées avant de le répéter : la plupart des rumeurs "
            "s’effacent au contact.",
            HANDBOOK,
        ),
        (
            "The neighbourhood festival had a new stall this year: the newcomers cooked the "
            "local dish, and asked for the recipe first.",
            "La fête du quartier avait un nouveau stand cette année : les nouveaux venus ont "
            "cuisiné le plat local, après en avoir demandé la recette.",
        ),
    ),
    (
        "labour",
        "They take our jobs",
        "Ils prennent nos emplois",
        None,
        (
            "The care home on our street could open its new wing only when it found staff; "
            "half of them were born abroad, and twenty local jobs came with it.",
            "La maison de retraite de notre rue n’a pu ouvrir sa nouvelle aile qu’en trouvant "
            "du personnel ; la moitié est née à l’étranger, et vingt emplois locaux ont suivi.",
        ),
    ),
    (
        "labour",
        "They lower everyone's wages",
        "Ils font baisser les salaires de tout le monde",
        (
            "A worker from outside the EU with a single permit has the right to the same "
            "working conditions, pay included, as nationals.",
            "Un travailleur hors UE titulaire d’un permis unique a droit aux mêmes conditions "
            "de travail, salaire compris, que les nationaux.",
            SINGLE_PERMIT,
        ),
        (
            "When the union reached the new pay agreement, the first to sign up were the "
            "warehouse workers who came from abroad.",
            "Quand le syndicat a obtenu le nouvel accord salarial, les premiers à adhérer "
            "étaient les magasiniers venus de l’étranger.",
        ),
    ),
    (
        "labour",
        "They come to live on benefits, not to work",
        "Ils viennent vivre des aides, pas pour travailler",
        None,
        (
            "Ion drives the first bus of the morning; he arrived with a job offer and a suitcase.",
            "Ion conduit le premier bus du matin ; il est arrivé avec une offre d’emploi et "
            "une valise.",
        ),
    ),
]

ITEMS = (
    "likert | trust | Newcomers are trustworthy neighbours | Les nouveaux venus sont des "
    "voisins de confiance\n"
    "likert | enrich | Diversity makes the city richer | La diversité enrichit la ville\n"
    "likert | safe | I feel safe in my neighbourhood | Je me sens en sécurité dans mon quartier\n"
    "yes_no | aid | Migrants receive more social aid than others | Les migrants reçoivent plus "
    "d’aides sociales que les autres\n"
    "yes_no | jobs | Newcomers take jobs from local people | Les nouveaux venus prennent les "
    "emplois des habitants\n"
    "yes_no | heard | I heard a rumour about newcomers this month | J’ai entendu une rumeur sur "
    "les nouveaux venus ce mois-ci"
)
AGES = ("16-29", "30-44", "45-64", "65+")
GENDERS = ("woman", "man")


def load(stdout: Any) -> None:
    by = (
        User.objects.filter(grants__role=Role.SECRETARIAT, grants__revoked_at__isnull=True)
        .order_by("pk")
        .first()
    )
    if by is None:
        return
    rumours = [_rumour(by, *row) for row in RUMOURS]
    cities = {c.slug: c for c in City.objects.filter(slug__in=["barcelona", "bilbao", "lyon"])}
    made = 0
    if "barcelona" in cities and not Strategy.objects.filter(city=cities["barcelona"]).exists():
        _barcelona(cities["barcelona"], by, rumours)
        made += 1
    if "bilbao" in cities and not Strategy.objects.filter(city=cities["bilbao"]).exists():
        _bilbao(cities["bilbao"], by, rumours, cities.get("barcelona"))
        made += 1
    if "lyon" in cities and not Strategy.objects.filter(city=cities["lyon"]).exists():
        _lyon(cities["lyon"], by, rumours, cities.get("barcelona"))
        made += 1
    stdout.write(f"Demo anti-rumours: {len(rumours)} catalogue rumours, {made} strategies added.")


def _rumour(by: Any, theme: str, en: str, fr: str, fact: Any, story: tuple[str, str]) -> Rumour:
    found = Rumour.objects.filter(statement_en=en).first()
    if found is not None:
        return found
    rumour = catalogue.create_rumour(
        by=by, theme=Theme.classic(theme), statement_en=en, statement_fr=fr
    )
    if fact is not None:
        text_en, text_fr, (title, publisher, when, url, scope) = fact
        catalogue.add_counter(
            rumour,
            by=by,
            kind="factual",
            text_en=text_en,
            text_fr=text_fr,
            source_title=title,
            source_publisher=publisher,
            source_date=when,
            source_url=url,
            scope=scope,
        )
    catalogue.add_counter(rumour, by=by, kind="narrative", text_en=story[0], text_fr=story[1])
    Rumour.objects.filter(pk=rumour.pk).update(is_demo=True)
    return catalogue.decide_rumour(rumour, by=by, publish=True)


def _open(
    city: City, by: Any, districts: list[str], adopted_from: City | None, **steps: str
) -> Strategy:
    strategy = services.start_strategy(city, by=by)
    return services.update_strategy(
        strategy,
        by=by,
        expected_version=strategy.version,
        districts=districts,
        origin="adopted" if adopted_from else "originated",
        adopted_from=adopted_from,
        summary="",
        **{
            f"{step}_status": steps.get(step, "not_started")
            for step in ("diagnosis", "counters", "organisations", "agents", "campaigns")
        },
    )


def _adapt(strategy: Strategy, by: Any, rumour: Rumour, wording: str, district: Any = None) -> None:
    services.add_city_rumour(
        strategy,
        CityRumour(
            rumour=rumour,
            local_wording=wording,
            district=district,
            where_heard="Markets, bars, school gates",
            among_whom="Long-standing residents",
            is_public=True,
        ),
        by=by,
        counters=list(rumour.counters.all()),
    )


def _barcelona(city: City, by: Any, rumours: list[Rumour]) -> None:
    strategy = _open(
        city,
        by,
        ["Ciutat Vella", "Nou Barris"],
        None,
        diagnosis="done",
        counters="done",
        organisations="done",
        agents="done",
        campaigns="done",
    )
    Strategy.objects.filter(pk=strategy.pk).update(is_demo=True)
    old_town, north = strategy.districts.order_by("name")
    _adapt(strategy, by, rumours[1], "Se lo dan todo a ellos", old_town)
    _adapt(strategy, by, rumours[9], "Nos quitan el trabajo", north)
    _adapt(strategy, by, rumours[6], "No se quieren mezclar", old_town)
    orgs = [
        services.add_organisation(
            strategy,
            Organisation(
                name=name,
                kind=kind,
                district=district,
                contact_name=contact,
                contact_email=f"{slug}@demo.example",
                commitment="Hosts agents' talks twice a year.",
                joined_on=date(2010, 3, 1),
            ),
            by=by,
        )
        for name, kind, district, contact, slug in [
            ("Old town residents", "residents' association", old_town, "Jordi Puig", "jordi"),
            ("North library network", "public library", north, "Núria Vidal", "nuria"),
        ]
    ]
    modules = [
        services.add_module(strategy, TrainingModule(title=title, hours=hours), by=by)
        for title, hours in [
            ("Where rumours come from", 5),
            ("Data and counter-arguments", 5),
            ("Talking without confronting", 5),
            ("Planning an activity", 5),
        ]
    ]
    agents = [
        services.add_agent(
            strategy,
            Agent(
                full_name=name,
                email=f"agent{n}@demo.example",
                district=old_town if n % 2 else north,
                organisation=orgs[n % 2],
            ),
            by=by,
        )
        for n, name in enumerate(["Laia Serra", "Pau Ferrer", "Aisha Benali", "Marc Soler"])
    ]
    for n, module in enumerate(modules):
        services.add_session(
            strategy,
            TrainingSession(module=module, held_on=date(2025, 2, 3 + 7 * n), place="Civic centre"),
            by=by,
            attendees=agents,
        )
    campaign = services.add_campaign(
        strategy,
        Campaign(
            title="Coffee with facts",
            plan="Agents meet residents in bars and markets with a card of facts and stories.",
            starts_on=date(2025, 3, 1),
            ends_on=date(2025, 6, 30),
            places="Markets and bars of both districts",
            audience_reached=2300,
            evaluation="Agents held 120 conversations; the after wave measured the change.",
        ),
        by=by,
        partners=orgs,
        agents=agents,
        counters=list(rumours[1].counters.all()) + list(rumours[9].counters.all()),
    )
    # The yes/no items on aid and jobs measure two catalogue rumours (their numbers).
    items = ITEMS.replace("que les autres\n", f"que les autres | {rumours[1].pk}\n").replace(
        "emplois des habitants\n", f"emplois des habitants | {rumours[9].pk}\n"
    )
    survey = surveys.create_survey(
        strategy,
        by=by,
        title="Perceptions of diversity",
        introduction="Ten questions, three minutes, anonymous.",
        items=items,
    )
    quotas = "\n".join(
        f"{d}; {a}; {g}; 25" for d in ("Ciutat Vella", "Nou Barris") for a in AGES for g in GENDERS
    )
    before = surveys.create_wave(
        survey,
        by=by,
        label="Before the campaign",
        fielded_on=date(2025, 2, 1),
        campaign=None,
        quotas=quotas,
        links=0,
    )
    after = surveys.create_wave(
        survey,
        by=by,
        label="After the campaign",
        fielded_on=date(2025, 9, 1),
        campaign=campaign,
        quotas=quotas,
        links=20,
    )
    rng = random.Random(2026)  # noqa: S311 — demo answers, not secrets
    surveys.import_answers(before, by=by, content=_answers(rng, shift=0.0).encode())
    surveys.import_answers(after, by=by, content=_answers(rng, shift=1.0).encode())


def _answers(rng: random.Random, *, shift: float) -> str:
    """Return 400 answers as CSV; ``shift`` moves trust and the share saying yes to "aid"."""
    lines = ["district,age_group,gender,trust,enrich,safe,aid,jobs,heard"]
    for district in ("Ciutat Vella", "Nou Barris"):
        for age in AGES:
            for gender in GENDERS:
                # The before wave reached fewer people over 65 than its quota (15 for 25) and
                # more of the others (28): the weights bring each cell back to its quota.
                count = 25 if shift else (15 if age == "65+" else 28)
                for _n in range(count):
                    trust = min(5, max(1, round(rng.gauss(2.8 + 0.6 * shift, 1.0))))
                    enrich = min(5, max(1, round(rng.gauss(3.4, 1.0))))
                    safe = min(5, max(1, round(rng.gauss(3.6, 0.9))))
                    aid = "yes" if rng.random() < 0.55 - 0.15 * shift else "no"
                    jobs = "yes" if rng.random() < 0.40 else "no"
                    heard = "yes" if rng.random() < 0.6 - 0.2 * shift else "no"
                    lines.append(
                        f"{district},{age},{gender},{trust},{enrich},{safe},{aid},{jobs},{heard}"
                    )
    return "\n".join(lines)


def _bilbao(city: City, by: Any, rumours: list[Rumour], source: City | None) -> None:
    districts = [
        "Deusto",
        "Uribarri",
        "Otxarkoaga-Txurdinaga",
        "Begoña",
        "Ibaiondo",
        "Basurto-Zorroza",
    ]
    strategy = _open(
        city,
        by,
        districts,
        source,
        diagnosis="done",
        counters="done",
        organisations="done",
        agents="in_progress",
    )
    Strategy.objects.filter(pk=strategy.pk).update(is_demo=True)
    first = strategy.districts.get(name="Ibaiondo")
    _adapt(strategy, by, rumours[0], "Los pisos sociales son para ellos", first)
    _adapt(strategy, by, rumours[3], "No pagan impuestos", first)
    for title in ["Rumours and stereotypes", "Facts", "Communication", "Action in the district"]:
        services.add_module(strategy, TrainingModule(title=title, hours=2), by=by)
    org = services.add_organisation(
        strategy,
        Organisation(
            name="Ibaiondo neighbourhood centre",
            kind="community centre",
            district=first,
            contact_name="Itziar Etxeberria",
            contact_email="itziar@demo.example",
            joined_on=date(2016, 5, 1),
        ),
        by=by,
    )
    services.add_agent(
        strategy, Agent(full_name="Mikel Agirre", district=first, organisation=org), by=by
    )


def _lyon(city: City, by: Any, rumours: list[Rumour], source: City | None) -> None:
    strategy = _open(city, by, [], source, diagnosis="in_progress")
    Strategy.objects.filter(pk=strategy.pk).update(is_demo=True)
    _adapt(strategy, by, rumours[4], "Les nouveaux commerces ne paient rien")
