"""Demo mentoring: three pilot cities, two pairs under way (one stalled), one closed pair.

Loading twice changes nothing: each scheme is looked up by its theme first. The closed
pair ran between the 2016 and 2022 demo rounds, so its goals start from the 2016 results
and show the 2022 scores; dates the services set to today are set back for the demo.
Themes and benchmarks, the secretariat's texts, are given in English and French; what
the cities write is in each scheme's working language (decision 0060): French between
Barcelona and Lyon and between Lisbon and Geneva, English between Oslo and Bergen.
"""

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from icc.connections.mentoring import closure, selectors, services
from icc.connections.models import Mentor, Scheme
from icc.network.models import City

PILOTS = {"barcelona": 2, "oslo": 2, "lisbon": 1}
ACTIVE = "Welcoming newcomers at the city desk"
STALLED = "Mediators in neighbourhoods"
CLOSED = "Plurilingual schools"
FRENCH = {
    ACTIVE: "Accueillir les nouveaux arrivants au guichet de la ville",
    STALLED: "Des médiateurs dans les quartiers",
    CLOSED: "Des écoles plurilingues",
}
BENCHMARKS = {
    CLOSED: (
        "- Teachers trained in plurilingual methods\n- Families take part in school life",
        "- Des enseignants formés aux approches plurilingues\n"
        "- Les familles prennent part à la vie de l’école",
    ),
    ACTIVE: (
        "- One desk for every first question\n- Newcomers say they were understood",
        "- Un seul guichet pour toutes les premières questions\n"
        "- Les nouveaux arrivants disent avoir été compris",
    ),
    STALLED: (
        "- A mediator known in every neighbourhood\n- Disputes settled before they grow",
        "- Un médiateur connu dans chaque quartier\n"
        "- Des conflits réglés avant qu’ils ne grandissent",
    ),
}
NOTE = (
    "An invented pilot city, to show the platform."
    " / Une ville pilote inventée, pour montrer la plateforme."
)


def load(stdout: Any) -> None:
    """Add the demo pilot cities and schemes once."""
    cities = {
        city.slug: city
        for city in City.objects.filter(slug__in=[*PILOTS, "bergen", "geneva", "lyon"])
    }
    if len(cities) < 6:
        return
    for slug, capacity in PILOTS.items():
        if not Mentor.objects.filter(city=cities[slug]).exists():
            services.save_mentor(
                cities[slug],
                saved_by=None,
                areas=selectors.suggested_mentor_areas(cities[slug]) or ["welcoming"],
                languages=cities[slug].languages or [],
                capacity=capacity,
                note=NOTE,
                is_demo=True,
            )
    added = 0
    if not Scheme.objects.filter(title=CLOSED).exists():
        _closed_pair(cities["barcelona"], cities["lyon"])
        added += 1
    if not Scheme.objects.filter(title=ACTIVE).exists():
        _active_pair(cities["oslo"], cities["bergen"])
        added += 1
    if not Scheme.objects.filter(title=STALLED).exists():
        _stalled_pair(cities["lisbon"], cities["geneva"])
        added += 1
    for title, french in FRENCH.items():
        # Schemes loaded before the French texts existed get them now.
        Scheme.objects.filter(title=title, title_fr="").update(
            title_fr=french, benchmark_fr=BENCHMARKS[title][1]
        )
    services.flag_stalled_schemes(timezone.localdate())
    stdout.write(f"Mentoring: {Scheme.objects.count()} schemes ({added} new).\n")


def _start(mentor: City, mentee: City, title: str, language: str) -> Scheme:
    benchmark, benchmark_fr = BENCHMARKS[title]
    scheme = services.propose_scheme(
        proposed_by=None,
        title=title,
        title_fr=FRENCH[title],
        mentors=[mentor],
        mentees=[mentee],
        benchmark=benchmark,
        benchmark_fr=benchmark_fr,
        working_language=language,
        is_demo=True,
    )
    for city in (mentee, mentor):
        services.answer_scheme(scheme, city=city, accept=True, answered_by=None)
    return Scheme.objects.get(pk=scheme.pk)


def _goals(scheme: Scheme, mentee: City, description: str, *, round_id: int | None = None) -> None:
    """Set goals on the mentee's two weakest areas (of the round, among today's areas)."""
    result = selectors.published_area_scores(mentee, round_id=round_id)
    latest = selectors.published_area_scores(mentee)
    if result is None or latest is None:
        return
    areas = [(s, a) for a, s in result.areas.items() if a in latest.areas]
    for baseline, area in sorted(areas)[:2]:
        services.add_goal(
            scheme,
            added_by=None,
            mentee=mentee,
            area=area,
            target=min(Decimal(100), baseline + 15),
            description=description,
            baseline_round_id=round_id,
        )


def _sign(scheme: Scheme) -> None:
    for member in scheme.members.select_related("city"):
        services.sign_agreement(scheme, city=member.city, signed_by=None)


def _closed_pair(mentor: City, mentee: City) -> None:
    history = selectors.city_result_history(mentee.pk)
    if len(history) < 2:
        return
    scheme = _start(mentor, mentee, CLOSED, "fr")
    _goals(
        scheme,
        mentee,
        "Essayer ce que fait la ville mentore, puis l’adapter.",
        round_id=history[-2].round_id,
    )
    services.add_milestone(
        scheme,
        added_by=None,
        title="Plan d’action adopté",
        due_on=date(2017, 6, 30),
        owner=mentee,
    )
    _sign(scheme)
    services.record_check_in(
        scheme,
        recorded_by=None,
        held_on=date(2017, 5, 12),
        notes="La première visite a montré comment les écoles de la ville mentore"
        " accueillent les langues parlées à la maison.",
        decisions="Deux écoles pilotes dans la ville mentorée.",
        next_steps="Former les enseignants des écoles pilotes.",
    )
    for city, worked, change in (
        (
            mentee,
            "Voir des classes au travail a convaincu les directions d’école.",
            "Commencer par les parents.",
        ),
        (
            mentor,
            "Une petite équipe de chaque côté a tenu le rythme.",
            "Prévoir la troisième visite plus tôt.",
        ),
    ):
        closure.evaluate_scheme(
            scheme,
            city=city,
            evaluated_by=None,
            goals_met="partly",
            what_worked=worked,
            what_to_change=change,
        )
    for city in (mentee, mentor):
        closure.publish_closing_report(scheme, city=city, published_by=None)
    Scheme.objects.filter(pk=scheme.pk).update(
        starts_on=date(2017, 2, 1), last_checkin_on=date(2017, 5, 12), closed_on=date(2019, 1, 31)
    )


def _active_pair(mentor: City, mentee: City) -> None:
    scheme = _start(mentor, mentee, ACTIVE, "en")
    _goals(scheme, mentee, "Try out what the mentor city does, then adapt it.")
    today = timezone.localdate()
    services.add_milestone(
        scheme,
        added_by=None,
        title="First study visit",
        due_on=today + timedelta(days=20),
        owner=mentor,
    )
    services.add_milestone(
        scheme,
        added_by=None,
        title="Action plan drafted",
        due_on=today + timedelta(days=120),
        owner=mentee,
    )
    _sign(scheme)
    services.record_check_in(
        scheme,
        recorded_by=None,
        held_on=today - timedelta(days=12),
        notes="An online meeting to prepare the first visit.",
        next_steps="Send the list of services to visit.",
    )


def _stalled_pair(mentor: City, mentee: City) -> None:
    scheme = _start(mentor, mentee, STALLED, "fr")
    _goals(scheme, mentee, "Former des médiateurs avec l’appui de la ville mentore.")
    today = timezone.localdate()
    services.record_check_in(
        scheme,
        recorded_by=None,
        held_on=today - timedelta(days=80),
        notes="Un premier appel\u00a0; la ville mentorée désignera son équipe.",
    )
    Scheme.objects.filter(pk=scheme.pk).update(starts_on=today - timedelta(days=100))
