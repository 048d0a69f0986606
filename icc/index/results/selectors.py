"""Published Index results, read by other apps (network profiles, connections, practices).

Only published responses are read: a result exists here once the secretariat has
validated a city's answers and published them with the city's consent. Their ranks
and peer groups were computed at publication (``services.results``, stored as
``Result`` rows): nothing here ranks a round again.

To create results in tests and in demo data, go through the real pipeline with
``icc.index.services.review.record_and_publish_answers(round, city, answers)`` (draft →
submitted → reviewed → validated with scores → published). In tests the helpers of
``icc.index.tests.factories`` wrap it: ``shipped_round(label=...)`` opens a round of
a shipped edition, ``publish_result(round, city, level=0.7)`` publishes answers that
reach roughly that share of the points,
``icc.index.method.synthetic.answers_at_level(method, level)`` builds the answers themselves.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import F, QuerySet

from icc.index.models import Result, Round, Score

# A newer round becomes the one the results are shown from once this many cities have
# published their results in it (or as many as in the largest earlier round, when that
# is fewer): one city's publication must not turn the network's results into a
# sample of one (docs/decisions/0020-default-results-round.md).
SETTLED_ROUND_RESULTS = 5


@dataclass(frozen=True)
class CityResult:
    """One city's published result for one round: overall index, area scores and rank."""

    city_id: int
    round_id: int
    round_label: str
    edition_code: str
    overall: Decimal  # 0-100
    areas: dict[str, Decimal]  # area code -> 0-100 (areas with a score; composites excluded)
    area_names: dict[str, dict[str, str]]  # area code -> {"en": ..., "fr": ...}
    rank: int  # among the published results of the round; ties share a rank (1, 2, 2, 4)
    sample_size: int  # the number of published results in the round
    published_on: date | None
    # Dimension code -> 0-100, when the round's edition has dimensions (decision 0035).
    dimensions: dict[str, Decimal] | None = None


def _result_rows() -> QuerySet[Result]:
    """Return the stored results with their round, edition and summary, the heavy parts left.

    The edition's definition is parsed once per process (``Edition.method``), never read
    with each row; the round's profiles are read by the city report alone.
    """
    return Result.objects.select_related("round__edition", "round__summary").defer(
        "round__edition__definition", "round__summary__profiles", "round__summary__areas"
    )


def _area_names(index_round: Round) -> dict[str, dict[str, str]]:
    method = index_round.edition.method
    return {area.id: {"en": area.title.en, "fr": area.title.fr} for area in method.areas}


def dimension_scores(response_ids: Iterable[int]) -> dict[int, dict[str, Decimal]]:
    """Return the dimension scores validation stored, by response id then dimension code.

    One query; a response whose edition has no dimensions is absent (decision 0035).
    """
    found: dict[int, dict[str, Decimal]] = {}
    for response_id, code, score in Score.objects.filter(
        response_id__in=list(response_ids), level=Score.Level.DIMENSION, score__isnull=False
    ).values_list("response_id", "code", "score"):
        if score is not None:
            found.setdefault(response_id, {})[code] = score
    return found


def _results(rows: Iterable[Result]) -> list[CityResult]:
    """Return the stored results as ``CityResult``s (ranks computed at publication)."""
    names: dict[int, dict[str, dict[str, str]]] = {}
    results = []
    rows = list(rows)
    # Only editions with dimensions cost a query (one for every row).
    dimensions = (
        dimension_scores(row.response_id for row in rows if row.round.edition.method.dimensions)
        if any(row.round.edition.method.dimensions for row in rows)
        else {}
    )
    for row in rows:
        index_round = row.round
        if index_round.pk not in names:
            names[index_round.pk] = _area_names(index_round)
        results.append(
            CityResult(
                city_id=row.city_id,
                round_id=index_round.pk,
                round_label=index_round.label,
                edition_code=index_round.edition.code,
                overall=row.overall,
                areas=row.area_scores(),
                area_names=names[index_round.pk],
                rank=row.rank,
                sample_size=index_round.summary.sample_size,
                published_on=row.published_on,
                dimensions=(
                    dimensions.get(row.response_id, {})
                    if index_round.edition.method.dimensions
                    else None
                ),
            )
        )
    return results


def latest_published_results(city_ids: Iterable[int] | None = None) -> dict[int, CityResult]:
    """Return each city's most recent published result (by round opening date), by city id.

    With ``city_ids``, only those cities; cities without a published result are absent.
    """
    rows = _result_rows()
    if city_ids is not None:
        rows = rows.filter(city_id__in=list(city_ids))
    latest: dict[int, Result] = {}
    for row in rows.order_by("city_id", "-round__opens_on", "-round_id"):
        latest.setdefault(row.city_id, row)
    return {result.city_id: result for result in _results(latest.values())}


def city_result_history(city_id: int) -> list[CityResult]:
    """Return every published result of the city, oldest round first, across editions."""
    rows = _result_rows().filter(city_id=city_id).order_by("round__opens_on", "round_id")
    return _results(rows)


def round_results(index_round: Round) -> list[CityResult]:
    """Return every published result of the round, best first."""
    return _results(_result_rows().filter(round=index_round).order_by("rank", "city_id"))


def latest_result_rounds(city_ids: Iterable[int]) -> dict[int, int]:
    """Return the round of each city's most recent published result, by city id (one query).

    The round ``latest_published_results`` would read, without building the results.
    """
    latest: dict[int, int] = {}
    rows = (
        Result.objects.filter(city_id__in=list(city_ids))
        .order_by("city_id", "-round__opens_on", "-round_id")
        .values_list("city_id", "round_id")
    )
    for city_id, round_id in rows:
        latest.setdefault(city_id, round_id)
    return latest


def area_scores_of_rounds(round_ids: Iterable[int]) -> dict[int, dict[int, dict[str, Decimal]]]:
    """Return every published area score of the rounds: round id → city id → area → score.

    One query of plain rows, for readers comparing many cities between rounds (the
    effect of mentoring over 10,000 cities); ``round_results`` gives whole results.
    """
    found: dict[int, dict[int, dict[str, Decimal]]] = {}
    rows = Result.objects.filter(round_id__in=list(round_ids)).values_list(
        "round_id", "city_id", "areas"
    )
    for round_id, city_id, areas in rows:
        found.setdefault(round_id, {})[city_id] = {
            code: Decimal(value) for code, value in areas.items()
        }
    return found


def rounds_with_results() -> list[tuple[Round, int]]:
    """Return every round with published results and how many, newest round first."""
    rounds = (
        Round.objects.filter(summary__sample_size__gt=0)
        .annotate(published=F("summary__sample_size"))
        .select_related("edition")
        .defer("edition__definition")
        .order_by("-opens_on", "-id")
    )
    return [(index_round, index_round.published) for index_round in rounds]  # type: ignore[attr-defined]


def settled_round_ids(counts: list[tuple[Round, int]] | None = None) -> set[int]:
    """Return the ids of the rounds whose published results are enough to be compared.

    A round is settled when it has ``SETTLED_ROUND_RESULTS`` published results, or as
    many as the largest earlier round when that is fewer; the oldest round with results
    is therefore always settled. ``counts`` is ``rounds_with_results()``, when known.
    """
    counts = rounds_with_results() if counts is None else counts
    settled = set()
    largest_earlier = 0
    for index_round, published in reversed(counts):  # oldest first
        if published >= max(1, min(SETTLED_ROUND_RESULTS, largest_earlier)):
            settled.add(index_round.pk)
        largest_earlier = max(largest_earlier, published)
    return settled


def default_results_round() -> Round | None:
    """Return the round the network's results are shown from when none is asked for.

    The newest settled round (``settled_round_ids``). The results page, its CSV and XLSX
    exports and ``GET /api/v1/index/results`` all start from it.
    """
    counts = rounds_with_results()
    settled = settled_round_ids(counts)
    return next((index_round for index_round, _n in counts if index_round.pk in settled), None)


def default_round_for_city(city_id: int) -> Round | None:
    """Return the round a city's report is shown from when none is asked for.

    The newest settled round in which the city published, else the newest round in
    which it published at all; the report then compares the city within that round.
    """
    counts = rounds_with_results()
    settled = settled_round_ids(counts)
    published = set(Result.objects.filter(city_id=city_id).values_list("round_id", flat=True))
    own = [index_round for index_round, _n in counts if index_round.pk in published]
    return next((r for r in own if r.pk in settled), own[0] if own else None)
