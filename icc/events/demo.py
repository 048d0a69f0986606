"""Demo events of the network around the day the demo is loaded, flagged as demo data.

Loading twice changes nothing: each event is looked up by its English title first.
Dates count from the day of loading, so the calendar always has events to come.
"""

from datetime import timedelta
from typing import Any

from django.utils import timezone

from icc.accounts.models import User
from icc.events import services
from icc.events.models import Event, EventTranslation
from icc.network.models import City, NationalNetwork

# days from today, length in days, kind, place city, venue, online link, host city,
# national network, cancelled, {language: (title, description)}
EVENTS: list[tuple[int, int, str, str, str, str, str, str, bool, dict[str, tuple[str, str]]]] = [
    (
        68,
        2,
        Event.Kind.MEETING,
        "lisbon",
        "Lisbon City Hall, Praça do Município",
        "",
        "lisbon",
        "",
        False,
        {
            "en": (
                "Annual meeting of the ICC coordinators",
                "Two days for the coordinators of every member city:\n\n"
                "- the network's results of the year and the strategy to approve;\n"
                "- workshops on the Index, anti-rumours and political commitment;\n"
                "- a walk through Lisbon's intercultural neighbourhoods.",
            ),
            "fr": (
                "Réunion annuelle des coordinateur·rices ICC",
                "Deux journées pour les coordinateur·rices de toutes les villes membres :\n\n"
                "- le bilan de l’année du réseau et la stratégie à approuver ;\n"
                "- des ateliers sur l’Index, l’anti-rumeurs et l’engagement politique ;\n"
                "- une promenade dans les quartiers interculturels de Lisbonne.",
            ),
        },
    ),
    (
        33,
        3,
        Event.Kind.ACADEMY,
        "barcelona",
        "Espai Avinyó",
        "",
        "barcelona",
        "",
        False,
        {
            "en": (
                "Anti-rumours academy",
                "Three days on the five steps of the anti-rumours method, with Barcelona's "
                "team: identify the rumours, gather data and counter-arguments, build a "
                "network, train agents, run a campaign and **measure its effect**.",
            ),
            "fr": (
                "Académie anti-rumeurs",
                "Trois jours sur les cinq étapes de la méthode anti-rumeurs, avec l’équipe "
                "de Barcelone : repérer les rumeurs, réunir données et contre-arguments, "
                "construire un réseau, former des agents, mener une campagne et "
                "**en mesurer l’effet**.",
            ),
        },
    ),
    (
        11,
        1,
        Event.Kind.WEBINAR,
        "",
        "",
        "https://meet.example.org/icc-index-webinar",
        "",
        "",
        False,
        {
            "en": (
                "Webinar: answering the ICC Index with evidence",
                "One hour on the Index questionnaire: what counts as evidence, how the "
                "review works and how to use the right of reply.",
            ),
            "fr": (
                "Webinaire : répondre à l’Index ICC avec des preuves",
                "Une heure sur le questionnaire de l’Index : ce qui vaut preuve, comment "
                "se déroule l’examen et comment exercer le droit de réponse.",
            ),
        },
    ),
    (
        98,
        5,
        Event.Kind.STUDY_VISIT,
        "oslo",
        "",
        "",
        "oslo",
        "",
        False,
        {
            "en": (
                "Study visit week: welcoming newcomers in Oslo",
                "A week with Oslo's welcome services, libraries and district councils, "
                "for up to twelve member cities.",
            ),
            "fr": (
                "Semaine de visite d’étude : l’accueil des nouveaux arrivants à Oslo",
                "Une semaine auprès des services d’accueil, des bibliothèques et des "
                "conseils de quartier d’Oslo, pour douze villes membres au plus.",
            ),
        },
    ),
    (
        140,
        1,
        Event.Kind.POLICY_LAB,
        "",
        "Palais de l’Europe, Strasbourg",
        "",
        "",
        "",
        False,
        {
            "en": (
                "Inclusive integration policy lab",
                "Local, regional and national policy-makers meet to keep integration "
                "policies consistent and to carry local innovation up to national level.",
            ),
            "fr": (
                "Laboratoire des politiques d’intégration inclusive",
                "Des responsables locaux, régionaux et nationaux se réunissent pour "
                "garder des politiques d’intégration cohérentes et porter l’innovation "
                "locale jusqu’au niveau national.",
            ),
        },
    ),
    (
        24,
        1,
        Event.Kind.MEETING,
        "bilbao",
        "Bizkaia Aretoa",
        "",
        "bilbao",
        "reci",
        False,
        {
            "en": (
                "RECI meeting of Spanish intercultural cities",
                "The Spanish network's cities share their plans for the year.",
            ),
        },
    ),
    (
        -41,
        1,
        Event.Kind.WEBINAR,
        "",
        "",
        "https://meet.example.org/icc-public-services",
        "",
        "",
        False,
        {
            "en": (
                "Webinar: anti-discrimination in public services",
                "How three cities trained their front-desk staff, and what changed.",
            ),
            "fr": (
                "Webinaire : la lutte contre les discriminations dans les services publics",
                "Comment trois villes ont formé leurs agents d’accueil, et ce qui a changé.",
            ),
        },
    ),
    (
        -190,
        2,
        Event.Kind.MEETING,
        "lyon",
        "Hôtel de Ville de Lyon",
        "",
        "lyon",
        "",
        False,
        {
            "en": (
                "Milestone meeting of the network",
                "The network looked back on its first pilot cities and ahead to its next strategy.",
            ),
            "fr": (
                "Rencontre d’étape du réseau",
                "Le réseau est revenu sur ses premières villes pilotes et a préparé sa "
                "prochaine stratégie.",
            ),
        },
    ),
    (
        52,
        2,
        Event.Kind.ACADEMY,
        "reggio-emilia",
        "",
        "",
        "reggio-emilia",
        "citta-del-dialogo",
        True,
        {
            "en": (
                "Workshop on intercultural mediation",
                "Postponed to next year; a new date will be announced.",
            ),
            "fr": (
                "Atelier sur la médiation interculturelle",
                "Reporté à l’an prochain ; une nouvelle date sera annoncée.",
            ),
        },
    ),
]


def load(stdout: Any) -> None:
    """Add the demo events once, published, and cancel the one marked cancelled."""
    today = timezone.localdate()
    cities = {city.slug: city for city in City.objects.all()}
    networks = {network.slug: network for network in NationalNetwork.objects.all()}
    secretariat = User.objects.filter(email="secretariat@icc.example").first()
    known = set(EventTranslation.objects.filter(language="en").values_list("title", flat=True))
    added = 0
    for days, length, kind, place, venue, link, host, network, cancelled, texts in EVENTS:
        if texts["en"][0] in known:
            continue
        if any(slug and slug not in cities for slug in (place, host)):
            continue
        if network and network not in networks:
            continue
        starts_on = today + timedelta(days=days)
        record = {
            "kind": kind,
            "original_language": "en",
            "starts_on": starts_on,
            "ends_on": starts_on + timedelta(days=length - 1),
            "city": cities.get(place),
            "venue": venue,
            "online_url": link,
            "host_city": cities.get(host),
            "audience": Event.Audience.NATIONAL_NETWORK if network else Event.Audience.NETWORK,
            "national_network": networks.get(network),
            "is_demo": True,
        }
        event = services.create_event(
            created_by=secretariat,
            record=record,
            texts={
                language: {"title": title, "description": description}
                for language, (title, description) in texts.items()
            },
        )
        event = services.publish_event(event, published_by=secretariat)
        if cancelled:
            services.cancel_event(event, cancelled_by=secretariat)
        added += 1
    stdout.write(f"Demo events: {added} added.")
    from icc.events import demo_attendance

    demo_attendance.load(stdout)
