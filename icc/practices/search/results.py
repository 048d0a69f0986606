# SQL is assembled from constant names; every value is a parameter.
# ruff: noqa: S608, S611
"""A search: the matching practices ranked, counted by facet, one page of them shown.

With words, the matches (``matching.match``: all of them, or the newest
``MAX_MATCHES`` of a very common query) are filtered, counted by facet and
ranked here in Python from their facet values: a few thousand rows at most, so
both databases give the same page. Without words, every published practice
matches: the facets are counted in SQL on the facet rows and the newest come first.
"""

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Prefetch
from django.db.models.expressions import RawSQL
from django.utils.safestring import SafeString, mark_safe

from icc.practices.models import Practice, PracticeTranslation
from icc.practices.search import matching
from icc.practices.search.analysis import ParsedQuery, parse_query
from icc.practices.search.matching import (
    MAX_MATCHES,
    chosen_values_sql,
    count_facets,
    match,
)
from icc.practices.search.snippets import snippet

PAGE_SIZE = 20
FACETS = ("area", "challenge", "country", "level", "year")


@dataclass(frozen=True)
class Filters:
    """The facet values chosen; each list is "any of these"."""

    area: tuple[str, ...] = ()
    challenge: tuple[str, ...] = ()
    country: tuple[str, ...] = ()
    level: tuple[str, ...] = ()
    year: tuple[int, ...] = ()

    def chosen(self) -> dict[str, frozenset[str]]:
        """Return the values chosen for each facet that has some, as the index stores them."""
        return {
            name: frozenset(str(value) for value in getattr(self, name))
            for name in FACETS
            if getattr(self, name)
        }

    def is_chosen(self, facet: str, value: Any) -> bool:
        return str(value) in {str(chosen) for chosen in getattr(self, facet)}


@dataclass(frozen=True)
class FacetValue:
    value: str
    count: int
    is_chosen: bool


@dataclass
class Hit:
    """One practice found, with the text shown and its highlighted snippet."""

    practice: Practice
    text: PracticeTranslation | None
    snippet: SafeString
    score: float
    is_other_language: bool


@dataclass
class SearchResults:
    """One page of results, the facet counts, and whether only the newest matches were used.

    When ``is_capped``, more than ``max_matches`` practices contain the words:
    the results, ``total`` and the facet counts cover the ``max_matches`` newest
    of them, and pages must say so.
    """

    query: ParsedQuery
    page: Page
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    is_capped: bool = False
    max_matches: int = MAX_MATCHES

    @property
    def hits(self) -> list[Hit]:
        return list(self.page.object_list)

    @property
    def total(self) -> int:
        return self.page.paginator.count


def search(
    text: str = "",
    *,
    filters: Filters | None = None,
    language: str = "en",
    page: int | str | None = 1,
    page_size: int = PAGE_SIZE,
    with_facets: bool = True,
    max_matches: int | None = None,
) -> SearchResults:
    """Find published practices matching ``text`` and ``filters``, best first.

    An empty query lists the newest practices first; the facets count the
    practices matching the query and the other facets' choices (each facet is
    counted without its own choice, so a choice can be widened). At most
    ``max_matches`` (``matching.MAX_MATCHES`` by default) are ranked and counted:
    the most recently added, and the results say they are capped.
    """
    filters = filters or Filters()
    query = parse_query(text)
    language = language[:2]
    if query.is_empty:
        total, facets = _count_all(filters)
        hits = _Hits(query, language, total=total, ids=lambda o, n: _newest(filters, o, n))
        is_capped = False
    else:
        max_matches = max_matches or matching.MAX_MATCHES
        matches = match(query, limit=max_matches)
        ranked, facets = _filter_and_count(matches.scores, filters)
        hits = _Hits(
            query,
            language,
            total=len(ranked),
            ids=lambda o, n: ranked[o : o + n],
            scores=matches.scores,
        )
        is_capped = matches.is_capped
    return SearchResults(
        query=query,
        page=Paginator(hits, page_size).get_page(page),
        facets=facets if with_facets else {},
        is_capped=is_capped,
        max_matches=max_matches or matching.MAX_MATCHES,
    )


def _filter_and_count(
    scores: dict[int, float], filters: Filters
) -> tuple[list[int], dict[str, list[FacetValue]]]:
    """Return the matches passing ``filters``, best first, and the facet counts."""
    passing, counts = count_facets(scores.keys(), filters.chosen())
    passing.sort(key=lambda pid: (-scores[pid], -pid))
    return passing, _facet_list(counts, filters)


def _facet_list(
    counts: Mapping[str, Mapping[str, int]], filters: Filters
) -> dict[str, list[FacetValue]]:
    facets = {
        name: [
            FacetValue(value, count, filters.is_chosen(name, value))
            for value, count in counts.get(name, {}).items()
        ]
        for name in FACETS
    }
    for name, found in facets.items():
        if name == "year":
            found.sort(key=lambda item: item.value, reverse=True)
        else:
            found.sort(key=lambda item: (-item.count, item.value))
    return facets


def _count_all(filters: Filters) -> tuple[int, dict[str, list[FacetValue]]]:
    """Count the published practices passing ``filters``, and each facet, in one statement.

    Only practices that pass all chosen facets but one can count anywhere: they are
    found from the chosen values' rows, with a bit per chosen facet they pass (the
    sum of distinct powers of two is their union). With a single chosen facet, its
    own counts are those of every practice.
    """
    chosen = filters.chosen()
    names = sorted(chosen)
    params: list[Any] = []
    if not names:
        # Kept up to date by the index: no row of a practice is read.
        arms = ["SELECT id AS value_id, practices AS n FROM practices_search_value"]
    else:
        bits = {name: 1 << number for number, name in enumerate(names)}
        every = (1 << len(names)) - 1
        values = " UNION ALL ".join(
            f"SELECT id, {bits[name]} AS bit FROM ({chosen_values_sql(chosen[name])}) AS x"
            for name in names
        )
        for name in names:
            params += [name, *sorted(chosen[name])]
        own_bit = "CASE v.facet " + " ".join(f"WHEN '{n}' THEN {bits[n]}" for n in names)
        arms = [
            "SELECT f.value_id, COUNT(*) AS n FROM k "
            "JOIN practices_search_facet f ON f.practice_id = k.pid "
            "JOIN practices_search_value v ON v.id = f.value_id "
            f"WHERE (k.ok | {own_bit} ELSE 0 END) = %s AND v.facet <> %s GROUP BY f.value_id"
        ]
        params += [len(names) - 1, every, names[0] if len(names) == 1 else ""]
        if len(names) == 1:
            arms.append(
                "SELECT id AS value_id, practices AS n FROM practices_search_value WHERE facet = %s"
            )
            params.append(names[0])
    grouped = " UNION ALL ".join(arms)
    sql = (
        f"SELECT v.facet, v.value, g.n FROM ({grouped}) g "
        "JOIN practices_search_value v ON v.id = g.value_id"
    )
    if names:
        sql = (
            f"WITH c AS MATERIALIZED ({values}), "
            "k AS MATERIALIZED (SELECT f.practice_id AS pid, SUM(DISTINCT c.bit) AS ok "
            "FROM practices_search_facet f JOIN c ON c.id = f.value_id "
            "GROUP BY f.practice_id HAVING COUNT(DISTINCT c.bit) >= %s) "
            f"{sql} UNION ALL SELECT '', NULL, COUNT(*) FROM k WHERE ok = %s"
        )
        params.append(every)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    counts: dict[str, Counter[str]] = {name: Counter() for name in FACETS}
    total = None
    for facet, value, count in rows:
        if not facet:
            total = count
        elif count:
            counts[facet][value] = count
    if total is None:
        # Every indexed practice has exactly one level: counting levels counts practices.
        total = sum(counts["level"].values())
    return total, _facet_list(counts, filters)


def _newest(filters: Filters, offset: int, limit: int) -> list[int]:
    practices = Practice.objects.published()
    for name, wanted in filters.chosen().items():
        practices = practices.filter(
            pk__in=RawSQL(
                "SELECT practice_id FROM practices_search_facet "
                f"WHERE value_id IN ({chosen_values_sql(wanted)})",
                [name, *sorted(wanted)],
            )
        )
    ordered = practices.order_by("-published_at", "-pk").values_list("pk", flat=True)
    return list(ordered[offset : offset + limit])


class _Hits(Sequence[Hit]):
    """The ranked practices as a sequence the paginator slices; only one page is read."""

    def __init__(
        self,
        query: ParsedQuery,
        language: str,
        *,
        total: int,
        ids: Callable[[int, int], list[int]],
        scores: dict[int, float] | None = None,
    ) -> None:
        self.query = query
        self.language = language
        self._total = total
        self._ids = ids
        self._scores = scores or {}

    def __len__(self) -> int:
        return self._total

    def __getitem__(self, index: Any) -> Any:
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        start = index.start or 0
        stop = index.stop if index.stop is not None else start + PAGE_SIZE
        return self._page(self._ids(start, stop - start))

    def _page(self, ids: list[int]) -> list[Hit]:
        # Unordered: the ids give the order, and sorting by the models' default costs.
        texts = Prefetch("translations", queryset=PracticeTranslation.objects.order_by())
        found = {
            practice.pk: practice
            for practice in Practice.objects.published()
            .filter(pk__in=ids)
            .order_by()
            .select_related("city", "national_network")
            .prefetch_related(texts)
        }
        hits = []
        for pk in ids:
            if pk not in found:
                continue
            practice = found[pk]
            text = practice.text(self.language)
            hits.append(
                Hit(
                    practice=practice,
                    text=text,
                    snippet=snippet(text, self.query) if text else mark_safe(""),
                    score=self._scores.get(pk, 0.0),
                    is_other_language=text is not None and text.language != self.language,
                )
            )
        return hits
