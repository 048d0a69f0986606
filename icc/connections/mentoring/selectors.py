"""Reads of mentoring that shape pages: proposals, goals and their effect, the overview.

Published area scores are read only through the Index results selectors
(``icc.index.results.selectors``, decision 0012), never from the Index's models.
"""

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db.models import Count, Prefetch
from django.utils.translation import get_language, get_language_info, gettext

from icc.connections.matching import WEAK_THRESHOLD, CityContext
from icc.connections.mentoring.effect import Effect, GoalOutcome, measure_effect
from icc.connections.mentoring.matching import (
    MentorContext,
    MentorPool,
    MentorProposal,
    foreign_born_band,
    reasons,
    size_band,
    weakest_areas,
)
from icc.connections.models import Goal, Mentor, Scheme, SchemeMember
from icc.core.generations import read_generations
from icc.core.page_cache import content_generations
from icc.index.results.selectors import (
    CityResult,
    area_scores_of_rounds,
    city_result_history,
    latest_published_results,
    latest_result_rounds,
)
from icc.network.models import City

SUGGESTED_AREAS = 5
OVERVIEW_PAGE = 25
# The generation of what the effect reads in mentoring (``closed_scheme_effect``).
EFFECT_GENERATION = "mentoring:effect"
EFFECT_KEPT_SECONDS = 3600


def published_area_scores(city: City, *, round_id: int | None = None) -> CityResult | None:
    """Return the city's last published Index result (or that of ``round_id``), or None."""
    if round_id is not None:
        return next((r for r in city_result_history(city.pk) if r.round_id == round_id), None)
    return latest_published_results([city.pk]).get(city.pk)


def area_name(result: CityResult | None, area: str) -> str:
    """Return an area's name in the active language, from a result's edition."""
    names = result.area_names.get(area, {}) if result else {}
    return names.get((get_language() or "en")[:2]) or names.get("en") or area


def language_name(code: str) -> str:
    """Return a working language's name in the active language."""
    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return code


def context_of(city: City, result: CityResult | None) -> CityContext:
    """Return what matching knows of a city: its context and published area scores."""
    return CityContext(
        city_id=city.pk,
        name=str(city),
        population=city.population,
        foreign_born_share=city.foreign_born_share,
        languages=tuple(city.languages or ()),
        national_network_id=city.national_network_id,
        scores=result.areas if result else {},
    )


def suggested_mentor_areas(city: City) -> list[str]:
    """Return the areas a city could mentor in: its strongest published, from 60 up."""
    result = published_area_scores(city)
    if result is None:
        return []
    strong = sorted(((-s, a) for a, s in result.areas.items() if s >= WEAK_THRESHOLD))
    return [area for _score, area in strong[:SUGGESTED_AREAS]]


def area_choices(city: City | None = None) -> list[tuple[str, str]]:
    """Return the Index areas as choices, named in the active language, weakest first for a city.

    The areas come from the latest published results (the city's own when given and it
    has one, else any city's).
    """
    if city is not None:
        result = published_area_scores(city)
        if result is not None:
            ordered = sorted(result.areas, key=lambda area: (result.areas[area], area))
            return [
                (area, f"{area_name(result, area)} ({round(result.areas[area])})")
                for area in ordered
            ]
    any_result = next(iter(latest_published_results().values()), None)
    if any_result is None:
        return []
    return sorted(
        ((area, area_name(any_result, area)) for area in any_result.area_names),
        key=lambda choice: choice[1],
    )


def mentee_places_taken(city_ids: Sequence[int]) -> dict[int, int]:
    """Return, for each mentor city, the mentees it holds in open schemes (pending or accepted)."""
    open_schemes = Scheme.objects.open().filter(members__city_id__in=list(city_ids)).distinct()
    taken: dict[int, int] = {city_id: 0 for city_id in city_ids}
    rows = SchemeMember.objects.filter(scheme__in=open_schemes).exclude(
        answer=SchemeMember.Answer.DECLINED
    )
    by_scheme: dict[int, list[SchemeMember]] = {}
    for member in rows:
        by_scheme.setdefault(member.scheme_id, []).append(member)
    for members in by_scheme.values():
        mentees = sum(1 for m in members if m.side == SchemeMember.Side.MENTEE)
        for member in members:
            if member.side == SchemeMember.Side.MENTOR and member.city_id in taken:
                taken[member.city_id] += mentees
    return taken


def mentor_contexts() -> list[MentorContext]:
    """Return every active pilot city as matching knows it, with its free places."""
    mentors = list(Mentor.objects.filter(is_active=True).select_related("city"))
    results = latest_published_results([m.city_id for m in mentors])
    taken = mentee_places_taken([m.city_id for m in mentors])
    return [
        MentorContext(
            city=context_of(m.city, results.get(m.city_id)),
            areas=frozenset(m.areas),
            languages=frozenset(m.languages or m.city.languages or ()),
            free_places=max(0, m.capacity - taken[m.city_id]),
        )
        for m in mentors
        if m.city.may_act_for_network
    ]


@dataclass(frozen=True)
class ProposalView:
    """A mentor proposal as a page shows it: the mentor, its weight and its reasons."""

    proposal: MentorProposal
    mentor: City
    reasons: list[str]


def mentor_proposals(city: City) -> list[ProposalView]:
    """Return the mentors proposed to ``city``, best first, each with its reasons in words."""
    result = published_area_scores(city)
    mentee = context_of(city, result)
    found = MentorPool(mentor_contexts()).propose(mentee)
    cities = City.objects.in_bulk([p.mentor_id for p in found])
    names = {area: area_name(result, area) for area in weakest_areas(mentee)}
    languages = {code: language_name(code) for p in found for code in p.shared_languages}
    return [
        ProposalView(
            p,
            cities[p.mentor_id],
            reasons(p, mentee_name=str(city), area_names=names, language_names=languages),
        )
        for p in found
    ]


@dataclass(frozen=True)
class GoalRow:
    """A goal as the agreement shows it: baseline → new score (once published) → target."""

    goal: Goal
    area_name: str
    new_score: Decimal | None
    new_round_label: str

    @property
    def reached(self) -> bool:
        return self.new_score is not None and self.new_score >= self.goal.target

    @property
    def change(self) -> Decimal | None:
        return None if self.new_score is None else self.new_score - self.goal.baseline


def goal_rows(scheme: Scheme) -> list[GoalRow]:
    """Return the scheme's goals with the mentee's score from its next published result."""
    goals = list(scheme.goals.select_related("mentee"))
    results = latest_published_results({goal.mentee_id for goal in goals})
    rows = []
    for goal in goals:
        result = results.get(goal.mentee_id)
        newer = result is not None and result.round_id != goal.baseline_round_id
        rows.append(
            GoalRow(
                goal,
                area_name(result, goal.area),
                result.areas.get(goal.area) if newer and result else None,
                result.round_label if newer and result else "",
            )
        )
    return rows


def scheme_counts() -> dict[str, int]:
    """Return how many schemes are proposed, under way, stalled, closed and declined (1 query)."""
    rows = Scheme.objects.order_by().values_list("status", "is_stalled").annotate(n=Count("pk"))
    counts: Counter[str] = Counter()
    stalled = 0
    for status, is_stalled, n in rows:
        counts[status] += n
        if status == Scheme.Status.ACTIVE and is_stalled:
            stalled += n
    return {
        "proposed": counts[Scheme.Status.PROPOSED],
        "active": counts[Scheme.Status.ACTIVE] - stalled,
        "stalled": stalled,
        "closed": counts[Scheme.Status.CLOSED],
        "declined": counts[Scheme.Status.DECLINED],
    }


STATE_FILTERS: dict[str, dict[str, Any]] = {
    "proposed": {"status": Scheme.Status.PROPOSED},
    "active": {"status": Scheme.Status.ACTIVE, "is_stalled": False},
    "stalled": {"status": Scheme.Status.ACTIVE, "is_stalled": True},
    "closed": {"status": Scheme.Status.CLOSED},
    "declined": {"status": Scheme.Status.DECLINED},
}


@dataclass(frozen=True)
class OverviewRow:
    """A scheme as the overview lists it: its cities named once, in the reader's language."""

    scheme: Scheme
    mentors: str
    mentees: str


def schemes_page(schemes: Any, *, state: str = "", page: Any = 1) -> tuple[Page, list[OverviewRow]]:
    """Return one page of ``schemes`` (of one state when given) and its rows, cities named.

    Three queries whatever the number of schemes: the count, the page, its cities.
    """
    if state in STATE_FILTERS:
        schemes = schemes.filter(**STATE_FILTERS[state])
    schemes = schemes.order_by("-proposed_at", "-id").only(
        "title", "status", "is_stalled", "last_checkin_on", "is_demo", "proposed_at"
    )
    found = Paginator(schemes, OVERVIEW_PAGE).get_page(page)
    language = get_language()
    names: dict[int, dict[str, list[str]]] = {}
    members = SchemeMember.objects.filter(scheme__in=[s.pk for s in found.object_list])
    for member in members.select_related("city").only(
        "scheme_id", "side", "answer", "city__name", "city__names"
    ):
        name = member.city.name_in(language)
        if member.answer == SchemeMember.Answer.DECLINED:
            name = gettext("%(city)s (declined)") % {"city": name}
        names.setdefault(member.scheme_id, {}).setdefault(member.side, []).append(name)
    rows = [
        OverviewRow(
            scheme,
            ", ".join(sorted(names.get(scheme.pk, {}).get(SchemeMember.Side.MENTOR, []))),
            ", ".join(sorted(names.get(scheme.pk, {}).get(SchemeMember.Side.MENTEE, []))),
        )
        for scheme in found.object_list
    ]
    return found, rows


def stalled_schemes(limit: int = 10) -> list[Scheme]:
    """Return the schemes under way flagged as stalled, the longest stalled first."""
    members = SchemeMember.objects.select_related("city").order_by("side", "city__name")
    return list(
        Scheme.objects.filter(status=Scheme.Status.ACTIVE, is_stalled=True)
        .order_by("stalled_since", "last_checkin_on", "id")
        .prefetch_related(Prefetch("members", queryset=members))[:limit]
    )


def dashboard_section() -> dict[str, Any] | None:
    """Return the secretariat dashboard's mentoring section: the stalled schemes."""
    counts = scheme_counts()
    if not any(counts.values()):
        return None
    return {"counts": counts, "stalled": stalled_schemes() if counts["stalled"] else []}


def closed_scheme_effect() -> Effect:
    """Return the measured effect across closed schemes, kept while nothing it reads changed.

    Computing it reads every published result of the rounds its goals span (10,000
    cities' in a large network), so it is kept in the shared cache under the generations
    of what it reads (decision 0064): published Index results (``"index"`` pages, bumped
    at each publication and computation), cities (every page, bumped by city writes) and
    mentoring's own ``EFFECT_GENERATION`` (bumped after a scheme is proposed, answered or
    closed, or a goal changes). Kept ``EFFECT_KEPT_SECONDS`` at most, for writes made
    outside the services (the admin).
    """
    numbers = content_generations("index") | dict(read_generations([EFFECT_GENERATION]))
    key = "mentoring:effect:" + ":".join(f"{n}" for _s, n in sorted(numbers.items()))
    effect = cache.get(key)
    if not isinstance(effect, Effect):
        effect = compute_closed_scheme_effect()
        cache.set(key, effect, EFFECT_KEPT_SECONDS)
    return effect


def compute_closed_scheme_effect() -> Effect:
    """Compute the measured effect across closed schemes (``effect.measure_effect``).

    Plain rows only (area scores, bands): a handful of queries, linear in the cities.
    """
    goals = list(
        Goal.objects.filter(scheme__status=Scheme.Status.CLOSED).values_list(
            "mentee_id", "area", "baseline_round_id"
        )
    )
    latest = latest_result_rounds({mentee_id for mentee_id, _a, _r in goals})
    outcomes = [
        GoalOutcome(mentee_id, area, baseline_round_id, latest[mentee_id])
        for mentee_id, area, baseline_round_id in goals
        if mentee_id in latest and latest[mentee_id] != baseline_round_id
    ]
    round_ids = {o.baseline_round_id for o in outcomes} | {o.new_round_id for o in outcomes}
    results = area_scores_of_rounds(round_ids) if round_ids else {}
    # Every city's bands (one query, no list of ids to bind): those without results unused.
    bands = {
        pk: (size_band(population), foreign_born_band(share))
        for pk, population, share in City.objects.values_list(
            "pk", "population", "foreign_born_share"
        )
    }
    mentored = set(
        SchemeMember.objects.filter(side=SchemeMember.Side.MENTEE)
        .exclude(scheme__status=Scheme.Status.DECLINED)
        .values_list("city_id", flat=True)
    )
    return measure_effect(outcomes, results=results, bands=bands, mentored_ids=mentored)
