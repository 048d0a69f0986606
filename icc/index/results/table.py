"""Read the network's results table for a round: a page of stored results, sorted and filtered.

The default order (the rank) is the database's, a page at a time. Sorting by name or
by an area, or finding a name, reads one short row per city (its rank, names and, for
an area, that one score) and sorts them as the page always has: names in the reader's
language, a city without a score in the area last, a score of 0 counting as a score.
"""

import math
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import CharField, Value
from django.db.models.fields.json import KeyTextTransform
from django.utils.translation import gettext as _

from icc.index.models import Result, Round, RoundSummary
from icc.index.results.reports import area_titles
from icc.index.results.selectors import dimension_scores

PAGE_SIZE = 100


@dataclass(frozen=True)
class TableRow:
    """One city's line of the table."""

    city_id: int
    name: str
    slug: str
    rank: int
    overall: Decimal
    areas: dict[str, Decimal]
    # Dimension code -> score, when the edition has dimensions (decision 0035).
    dimensions: dict[str, Decimal] = field(default_factory=dict)


@dataclass(frozen=True)
class ResultsTable:
    """A page of the round's results, with what the page needs to show around it."""

    round: Round
    rows: list[TableRow]
    area_codes: tuple[str, ...]
    area_names: dict[str, str]
    sample_size: int  # the round's published results
    matching: int  # the cities that match the filters
    page: int
    pages: int
    updating: bool = False  # the ranks wait for a computation in the background (0057)
    # The edition's dimensions, area by area, and their titles "Area: dimension" (0035).
    dimension_codes: tuple[str, ...] = ()
    dimension_names: dict[str, str] = field(default_factory=dict)


def results_table(
    index_round: Round,
    *,
    language: str,
    sort: str = "overall",
    query: str = "",
    network_id: int | None = None,
    page: int | None = 1,
) -> ResultsTable:
    """Return one page of the round's results (every row with ``page=None``: the exports)."""
    codes, titles = area_titles(index_round, language)
    summary = (
        RoundSummary.objects.filter(round=index_round)
        .only("sample_size", "requested", "computed_request")
        .first()
    )
    sample_size = summary.sample_size if summary else 0
    results = Result.objects.filter(round=index_round)
    if network_id is not None:
        results = results.filter(city__national_network_id=network_id)
    query = query.strip().casefold()
    ids: list[int] | None = None
    if sort in codes or sort == "name" or query:
        # The name in the reader's language, read by the database from the JSON of names.
        results = results.annotate(local=KeyTextTransform(language.split("-")[0], "city__names"))
        if sort in codes:
            results = results.annotate(area=KeyTextTransform(sort, "areas"))
        else:
            results = results.annotate(area=Value(None, output_field=CharField()))
        keys = results.order_by("rank", "city_id").values_list(
            "city_id", "city__name", "local", "area"
        )
        named = [(pk, local or name, area) for pk, name, local, area in keys]
        if query:
            named = [key for key in named if query in key[1].casefold()]
        if sort in codes:
            named.sort(key=lambda key: (key[2] is None, -Decimal(key[2] or 0), key[1]))
        elif sort == "name":
            named.sort(key=lambda key: key[1])
        ids = [city_id for city_id, _name_, _area in named]
        matching = len(ids)
    else:
        matching = results.count() if network_id is not None else sample_size
    pages = max(1, math.ceil(matching / PAGE_SIZE))
    number = min(max(page, 1), pages) if page is not None else 1
    start, stop = ((number - 1) * PAGE_SIZE, number * PAGE_SIZE) if page is not None else (0, None)
    rows = results.select_related("city").only(
        "city_id",
        "response_id",
        "rank",
        "overall",
        "areas",
        "city__name",
        "city__names",
        "city__slug",
    )
    if ids is None:
        found = list(rows.order_by("rank", "city_id")[start:stop])
    else:
        shown = ids[start:stop]
        by_city = {row.city_id: row for row in rows.filter(city_id__in=shown)}
        found = [by_city[city_id] for city_id in shown]
    method = index_round.edition.method
    dimension_names = {
        dimension.id: _("%(area)s: %(dimension)s")
        % {"area": titles[area.id], "dimension": dimension.title.in_language(language)}
        for area in method.areas
        for dimension in area.dimensions
    }
    dimensions = dimension_scores(row.response_id for row in found) if dimension_names else {}
    return ResultsTable(
        round=index_round,
        rows=[
            TableRow(
                city_id=row.city_id,
                name=row.city.name_in(language),
                slug=row.city.slug,
                rank=row.rank,
                overall=row.overall,
                areas=row.area_scores(),
                dimensions=dimensions.get(row.response_id, {}),
            )
            for row in found
        ],
        area_codes=codes,
        area_names=titles,
        sample_size=sample_size,
        updating=bool(summary and summary.is_updating),
        dimension_codes=tuple(dimension_names),
        dimension_names=dimension_names,
        matching=matching,
        page=number,
        pages=pages if page is not None else 1,
    )
