"""Reads that shape the anti-rumours pages: the catalogue and its search, waves compared."""

from collections import Counter
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from icc.antirumours import stats
from icc.antirumours.models import (
    Answer,
    Campaign,
    CityRumour,
    CounterArgument,
    Item,
    Rumour,
    Survey,
    Tally,
    Wave,
)
from icc.practices.selectors import match_search_documents, search_documents

LANGUAGES = ("en", "fr")


# The catalogue ------------------------------------------------------------------------------


def published_rumours() -> QuerySet[Rumour]:
    """Return the published catalogue, newest first, with themes and counter-arguments."""
    return (
        Rumour.objects.filter(status=Rumour.Status.PUBLISHED)
        .select_related("theme")
        .prefetch_related("counters")
    )


# The catalogue's documents, searched by the practices' search code (decision 0046).
RUMOUR_DOCUMENTS = search_documents("antirumours_rumour_fts", "rumour_id")


MAX_MATCHES = 300


def search_rumours(rumours: QuerySet[Rumour], query: str) -> QuerySet[Rumour]:
    """Return the rumours among ``rumours`` that match ``query`` (all of them without one).

    At most the ``MAX_MATCHES`` newest matches are kept (``is_capped`` says when more
    match), as the practices' search keeps its newest; a search names a few rumours.

    One search engine (decision 0046): each rumour's statement, counter-arguments and
    sources are documents in full-text tables made like the practices' ones (FTS5 on
    SQLite, ``tsvector`` with a GIN index on PostgreSQL), stemmed, folded and matched by
    the practices' search code, so « immigrés » finds « immigré » here as in practices.
    """
    if not query.strip():
        return rumours
    scores = match_search_documents(RUMOUR_DOCUMENTS, query, limit=MAX_MATCHES)
    return rumours.filter(pk__in=list(scores))


def is_capped(found: QuerySet[Rumour], query: str) -> bool:
    """Return whether more rumours matched ``query`` than the search keeps."""
    return bool(query.strip()) and found.count() >= MAX_MATCHES


def rumour_documents(rumours: list[Rumour]) -> list[tuple[int, str, str, str]]:
    """Return the search documents ``(id, language, title, words)`` of the rumours."""
    documents = []
    for rumour in rumours:
        counters = list(rumour.counters.all())
        for language in LANGUAGES:
            title = getattr(rumour, f"statement_{language}")
            body = "\n".join(
                [
                    *(getattr(c, f"text_{language}") for c in counters),
                    *(f"{c.figure} {c.source_title} {c.source_publisher}" for c in counters),
                ]
            )
            if title or body.strip():
                documents.append((rumour.pk, language, title, body))
    return documents


def catalogue_for(user_city_ids: list[int], *, moderator: bool) -> QuerySet[Rumour]:
    """Return the catalogue a signed-in person reads: published, plus proposals they may see."""
    rumours = (
        Rumour.objects.select_related("theme", "proposed_by_city")
        .annotate(cities=Count("adaptations__strategy", distinct=True))
        .order_by("status", "-published_at", "-pk")
    )
    if moderator:
        return rumours
    return rumours.filter(
        Q(status=Rumour.Status.PUBLISHED) | Q(proposed_by_city_id__in=user_city_ids)
    )


@dataclass
class Usage:
    """Where a catalogue rumour is used: the cities' wordings and the campaigns."""

    adaptations: list[CityRumour]
    campaigns: list[Campaign]
    measured: list[dict[str, Any]]


def usage_of(rumour: Rumour) -> Usage:
    """Return the cities that adapted the rumour, the campaigns that used its counters and
    what the survey waves that measured those campaigns found on the rumour's items."""
    adaptations = list(
        rumour.adaptations.select_related("strategy__city", "district").prefetch_related("counters")
    )
    campaigns = list(
        Campaign.objects.filter(counters__rumour=rumour)
        .distinct()
        .select_related("strategy__city")
        .prefetch_related(Prefetch("counters", CounterArgument.objects.filter(rumour=rumour)))
    )
    measured = []
    for wave in Wave.objects.filter(campaign__in=campaigns).select_related("survey", "campaign"):
        before = (
            wave.survey.waves.filter(fielded_on__lt=wave.fielded_on).order_by("-fielded_on").first()
        )
        if before is None:
            continue
        items = [item for item in wave.survey.items.all() if item.rumour_id == rumour.pk]
        if not items:
            continue
        for result in compare_waves(wave.survey, before, wave, items=items):
            measured.append(
                {"campaign": wave.campaign, "wave": wave, "before": before, **result.__dict__}
            )
    return Usage(adaptations, campaigns, measured)


def agents_of(strategy: Any) -> list[Any]:
    """Return the strategy's agents, each with ``activities`` (the campaigns and activities
    they ran) and ``hours_trained`` (the hours of the modules of the sessions attended)."""
    from django.db.models import Sum

    agents = list(
        strategy.agents.select_related("district", "organisation").annotate(
            activities=Count("campaigns", distinct=True)
        )
    )
    hours = dict(
        strategy.agents.annotate(hours=Sum("sessions__module__hours")).values_list("pk", "hours")
    )
    for agent in agents:
        agent.hours_trained = hours.get(agent.pk) or 0
    return agents


# Surveys ------------------------------------------------------------------------------------


def diagnosis_rumours(strategy: Any) -> list[CityRumour]:
    """Return the rumours heard in the city, each with ``measured_by``: the city's surveys
    with an item on the catalogue rumour it adapts (step 1: the survey that measured it)."""
    rumours = list(
        strategy.rumours.select_related("rumour", "district").prefetch_related("counters")
    )
    measured: dict[int, list[Survey]] = {}
    items = Item.objects.filter(survey__strategy=strategy, rumour__isnull=False).select_related(
        "survey"
    )
    for item in items:
        found = measured.setdefault(item.rumour_id or 0, [])
        if item.survey not in found:
            found.append(item.survey)
    for row in rumours:
        row.measured_by = measured.get(row.rumour_id or -1, [])  # type: ignore[attr-defined]
    return rumours


@dataclass
class ItemResult:
    item: Item
    comparison: stats.Comparison


def _targets(wave: Wave) -> tuple[bool, dict[Any, float]]:
    """Return whether the wave's design has strata (districts), and each cell's quota."""
    quotas = list(wave.quotas.all())
    by_district = any(q.district_id for q in quotas)
    targets: dict[Any, float] = {}
    for q in quotas:
        key = (q.district_id if by_district else None, q.age_group, q.gender)
        targets[key] = targets.get(key, 0) + q.target
    return by_district, targets


def _wave_arrays(wave: Wave, codes: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Return the wave's answers as a matrix (answers × items, NaN when not answered) and
    their post-stratification weights, read answer by answer (the tallies' check)."""
    by_district, targets = _targets(wave)
    rows = list(
        Answer.objects.filter(wave=wave).values_list("district_id", "age_group", "gender", "values")
    )
    cells = [(d if by_district else None, a, g) for d, a, g, _v in rows]
    weights = stats.post_stratification_weights(cells, targets)
    nan = float("nan")
    matrix = np.array(
        [[values.get(code, nan) for code in codes] for *_cell, values in rows], dtype=np.float64
    ).reshape(len(rows), len(codes))
    return matrix, weights


# One item's answers in one wave, as counts: [(level, weight of an answer, count)].
Counts = list[tuple[int, float, int]]


def wave_counts(wave: Wave, codes: list[str]) -> dict[str, Counts]:
    """Return each item's answers in the wave as counts with their post-stratification
    weights, read from the wave's tallies (decision 0066): a few thousand rows at most,
    whatever the number of answers."""
    by_district, targets = _targets(wave)
    rows = Tally.objects.filter(wave=wave, item_code__in=["", *codes]).values_list(
        "item_code", "district_id", "age_group", "gender", "level", "count"
    )
    respondents: Counter[Any] = Counter()
    answers: dict[str, list[tuple[Any, int, int]]] = {code: [] for code in codes}
    for code, district, age, gender, level, count in rows:
        cell = (district if by_district else None, age, gender)
        if code:
            answers[code].append((cell, level, count))
        else:
            respondents[cell] += count
    weights = stats.cell_weights(respondents, targets)
    return {
        code: [(level, weights.get(cell, 1.0), count) for cell, level, count in found]
        for code, found in answers.items()
    }


def _compare(
    item: Item, first: tuple[np.ndarray, np.ndarray], second: tuple[np.ndarray, np.ndarray]
) -> stats.Comparison:
    (x1, w1), (x2, w2) = first, second
    if item.kind == Item.Kind.YES_NO:
        return stats.compare_proportions(x1.astype(bool), x2.astype(bool), w1, w2)
    return stats.compare_likert(x1, x2, w1, w2)


def _adjusted(items: list[Item], comparisons: list[stats.Comparison]) -> list[ItemResult]:
    return [
        ItemResult(item, comparison)
        for item, comparison in zip(items, stats.adjust_for_many(comparisons), strict=True)
    ]


def compare_matrices(
    items: list[Item],
    first: tuple[np.ndarray, np.ndarray],
    second: tuple[np.ndarray, np.ndarray],
) -> list[ItemResult]:
    """Compare two waves given as (answers × items matrix, weights), item by item."""
    comparisons = []
    (m1, w1), (m2, w2) = first, second
    # Columns contiguous: each item's answers are read at once.
    m1, m2 = np.asfortranarray(m1), np.asfortranarray(m2)
    for column, item in enumerate(items):
        keep1 = ~np.isnan(m1[:, column])
        keep2 = ~np.isnan(m2[:, column])
        comparisons.append(
            _compare(item, (m1[keep1, column], w1[keep1]), (m2[keep2, column], w2[keep2]))
        )
    return _adjusted(items, comparisons)


def compare_counts(
    items: list[Item], first: dict[str, Counts], second: dict[str, Counts]
) -> list[ItemResult]:
    """Compare two waves given as counts (``wave_counts``), item by item: the answers the
    counts stand for are expanded and tested as ``compare_matrices`` tests them."""
    comparisons = []
    for item in items:
        expanded = []
        for counts in (first.get(item.code, []), second.get(item.code, [])):
            levels, weights, numbers = zip(*counts, strict=True) if counts else ((), (), ())
            expanded.append(stats.expand(levels, weights, numbers))
        comparisons.append(_compare(item, expanded[0], expanded[1]))
    return _adjusted(items, comparisons)


def compare_waves(
    survey: Survey, before: Wave, after: Wave, *, items: list[Item] | None = None
) -> list[ItemResult]:
    """Compare two waves item by item, weighted to each wave's design, from their tallies."""
    items = items if items is not None else list(survey.items.all())
    codes = [item.code for item in items]
    return compare_counts(items, wave_counts(before, codes), wave_counts(after, codes))


def compare_waves_answer_by_answer(
    survey: Survey, before: Wave, after: Wave, *, items: list[Item] | None = None
) -> list[ItemResult]:
    """Compare two waves reading every answer: the slow path the tallies replace, kept to
    check them (tests) and to time them (benchmark)."""
    items = items if items is not None else list(survey.items.all())
    codes = [item.code for item in items]
    return compare_matrices(items, _wave_arrays(before, codes), _wave_arrays(after, codes))


@dataclass
class Cell:
    district: str
    age_group: str
    gender: str
    target: int
    achieved: int


def design_of(wave: Wave) -> list[Cell]:
    """Return the wave's quota cells with the answers achieved in each."""
    quotas = list(wave.quotas.select_related("district"))
    by_district = any(q.district_id for q in quotas)
    achieved = Counter(
        (d if by_district else None, a, g)
        for d, a, g in Answer.objects.filter(wave=wave).values_list(
            "district_id", "age_group", "gender"
        )
    )
    return [
        Cell(
            q.district.name if q.district else "",
            q.age_group,
            q.gender,
            q.target,
            achieved[(q.district_id if by_district else None, q.age_group, q.gender)],
        )
        for q in quotas
    ]


def results_table(rows: list[ItemResult]) -> tuple[list[str], list[list[Any]]]:
    """Return the header and rows of the comparison of two waves, as it is exported.

    Figures stay numbers (shares from 0 to 1, means from 1 to 5, p-values), so a
    spreadsheet computes with them; what may be said is written out.
    """
    header = [
        _("Item code"),
        _("Item"),
        _("Kind"),
        _("Answers, first wave"),
        _("Answers, second wave"),
        _("First wave (share of yes or mean)"),
        _("Second wave (share of yes or mean)"),
        _("Test statistic (z or U)"),
        _("p"),
        _("p adjusted for the other items"),
        _("Effect (difference of shares or rank-biserial r)"),
        _("Effect interval, low"),
        _("Effect interval, high"),
        _("What may be said"),
    ]
    table = []
    for row in rows:
        c = row.comparison
        if not c.enough_answers:
            said = _("Too few answers (under 30 in a wave): no change claimed.")
        elif c.direction == 1:
            said = _("Higher in the second wave")
        elif c.direction == -1:
            said = _("Lower in the second wave")
        else:
            said = _("No change shown by the test.")
        low, high = c.effect_interval or (None, None)
        table.append(
            [
                row.item.code,
                str(row.item),
                row.item.get_kind_display(),
                c.n_before,
                c.n_after,
                round(c.before, 4),
                round(c.after, 4),
                round(c.statistic, 4),
                round(c.p_value, 6),
                None if c.p_adjusted is None else round(c.p_adjusted, 6),
                None if c.effect is None else round(c.effect, 4),
                None if low is None else round(low, 4),
                None if high is None else round(high, 4),
                said,
            ]
        )
    return header, table


# The secretariat's dashboard (core.dashboard_sections, decision 0043) ------------------------


def dashboard_section() -> dict[str, Any] | None:
    """Return the dashboard's anti-rumours section: strategies by step reached, the
    catalogue, and the rumours cities proposed that wait for a decision.

    The dashboard draws this section on every view: two counting queries, and the waiting
    rumours only when there are some."""
    from icc.antirumours.models import STEPS, StepStatus, Strategy

    counts = Strategy.objects.order_by().aggregate(
        strategies=Count("pk"),
        complete=Count("pk", filter=Q(**{f"{step}_status": StepStatus.DONE for step in STEPS})),
    ) | Rumour.objects.order_by().aggregate(
        rumours=Count("pk"),
        published=Count("pk", filter=Q(status=Rumour.Status.PUBLISHED)),
        waiting_count=Count("pk", filter=Q(status=Rumour.Status.SUBMITTED)),
    )
    if not counts["strategies"] and not counts["rumours"]:
        return None
    waiting = []
    if counts["waiting_count"]:
        waiting = list(
            Rumour.objects.filter(status=Rumour.Status.SUBMITTED)
            .select_related("proposed_by_city", "theme")
            .order_by("created_at", "pk")[:10]
        )
    return {
        "strategies": counts["strategies"],
        "complete": counts["complete"],
        "published": counts["published"],
        "waiting": waiting,
        "waiting_count": counts["waiting_count"],
    }
