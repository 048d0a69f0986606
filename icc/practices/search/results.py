# SQL is assembled from constant names; every value is a parameter.
# ruff: noqa: S608
"""A search: the matching practices ranked, counted by facet, one page of them shown.

With words, the matches (``matching.match``: all of them, or the newest
``MAX_MATCHES`` of a very common query) are filtered and counted by facet on the
values' bitmaps (``facets``) and ranked here in Python: the same page on both
databases. Without words, every published practice matches: the facets are counted
on the same bitmaps and the newest come first.
"""

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page, Paginator
from django.db import connection
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django_countries.fields import Country

from icc.core.translations import pick_text
from icc.network.models import City, NationalNetwork
from icc.practices.models import Practice, PracticeTranslation
from icc.practices.search import facets, matching
from icc.practices.search.analysis import ParsedQuery, parse_query
from icc.practices.search.matching import MAX_MATCHES, match
from icc.practices.search.snippets import SNIPPET_SOURCE_CHARS, snippet

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


@dataclass(frozen=True)
class PracticeSummary:
    """What a list of results shows of a practice, under the names a ``Practice`` has."""

    pk: int
    slug: str
    level: str
    country: Country
    started_year: int
    is_demo: bool
    original_language: str
    owner_label: str

    def get_absolute_url(self) -> str:
        return reverse("practices:practice-detail", kwargs={"slug": self.slug})

    def get_level_display(self) -> str:
        return str(Practice.Level(self.level).label)


@dataclass(frozen=True)
class HitText:
    """The text of a result in one language, its long fields cut where snippets stop reading."""

    language: str
    title: str
    summary: str
    problem: str
    actions: str
    results: str
    resources: str


@dataclass
class Hit:
    """One practice found, with the text shown and its highlighted snippet."""

    practice: PracticeSummary
    text: HitText | None
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
        counted, found = _count_all(filters)
        total = counted.passing.bit_count()
        passing = counted.passing if filters.chosen() else None
        published = counted.within.bit_count()
        hits = _Hits(
            query, language, total=total, ids=lambda o, n: _newest(passing, published, o, n)
        )
        is_capped = False
    else:
        max_matches = max_matches or matching.MAX_MATCHES
        matches = match(query, limit=max_matches)
        ranked, found = _filter_and_count(matches.scores, filters)
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
        facets=found if with_facets else {},
        is_capped=is_capped,
        max_matches=max_matches or matching.MAX_MATCHES,
    )


def _filter_and_count(
    scores: dict[int, float], filters: Filters
) -> tuple[list[int], dict[str, list[FacetValue]]]:
    """Return the matches passing ``filters``, best first, and the facet counts."""
    chosen = filters.chosen()
    counted = facets.count(facets.values(), chosen, within=facets.bitmap(scores))
    passing = facets.members_of(counted.passing, scores) if chosen else list(scores)
    passing.sort(key=lambda pid: (-scores[pid], -pid))
    return passing, _facet_list(counted.counts, filters)


def _facet_list(
    counts: Mapping[str, Mapping[str, int]], filters: Filters
) -> dict[str, list[FacetValue]]:
    found = {
        name: [
            FacetValue(value, count, filters.is_chosen(name, value))
            for value, count in counts.get(name, {}).items()
        ]
        for name in FACETS
    }
    for name, values in found.items():
        if name == "year":
            values.sort(key=lambda item: item.value, reverse=True)
        else:
            values.sort(key=lambda item: (-item.count, item.value))
    return found


def _count_all(filters: Filters) -> tuple[facets.Counted, dict[str, list[FacetValue]]]:
    """Count the published practices passing ``filters``, and each facet's values."""
    counted = facets.count(facets.values(), filters.chosen())
    return counted, _facet_list(counted.counts, filters)


# Reading the published practices newest first costs about half as much per row as
# sorting one passing practice by the database (measured at 100,000 practices).
_READ_PER_SORTED = 2
_NEWEST_CHUNK = 1000


def _newest(passing: int | None, published: int, offset: int, limit: int) -> list[int]:
    """Return the ids of the newest published practices in ``passing`` (all if None).

    The database sorts the passing practices when there are few of them; else the
    published practices are read newest first, about ``published / passing`` rows for
    each one kept, and those whose bit is set are kept.
    """
    newest = "ORDER BY published_at DESC, id DESC LIMIT %s OFFSET %s"
    statement = f"SELECT id FROM practices_practice WHERE status = %s {newest}"
    status = Practice.Status.PUBLISHED.value
    with connection.cursor() as cursor:
        if passing is None:
            cursor.execute(statement, [status, limit, offset])
            return [pid for (pid,) in cursor.fetchall()]
        count = passing.bit_count()
        if not count:
            return []
        to_read = (offset + limit) * published / max(count, 1)
        if to_read > _READ_PER_SORTED * count:
            ids = facets.ids_of(passing)
            param: list[int] | str
            if connection.vendor == "postgresql":
                among, param = "id = ANY(%s)", ids
            else:
                among, param = "id IN (SELECT value FROM json_each(%s))", json.dumps(ids)
            cursor.execute(
                f"SELECT id FROM practices_practice WHERE {among} AND status = %s {newest}",
                [param, status, limit, offset],
            )
            return [pid for (pid,) in cursor.fetchall()]
        wanted, start = offset + limit, 0
        kept: list[int] = []
        while len(kept) < wanted:
            cursor.execute(statement, [status, _NEWEST_CHUNK, start])
            chunk = [pid for (pid,) in cursor.fetchall()]
            kept += facets.members_of(passing, chunk)
            if len(chunk) < _NEWEST_CHUNK:
                break
            start += _NEWEST_CHUNK
    return kept[offset:wanted]


# The columns the list of results shows, with each text's long fields cut where the
# snippet stops reading; completed with the ids of the page.
_PAGE_SQL = (
    "SELECT p.id, p.slug, p.level, p.country, p.started_year, p.is_demo, "
    "p.original_language, p.owner_name, c.name, n.name, t.language, t.title, "
    + ", ".join(
        f"SUBSTR(t.{name}, 1, {SNIPPET_SOURCE_CHARS})"
        for name in PracticeTranslation.TEXT_FIELDS
        if name != "title"
    )
    + f" FROM {Practice._meta.db_table} p "
    f"LEFT JOIN {City._meta.db_table} c ON c.id = p.city_id "
    f"LEFT JOIN {NationalNetwork._meta.db_table} n ON n.id = p.national_network_id "
    f"LEFT JOIN {PracticeTranslation._meta.db_table} t ON t.practice_id = p.id "
    "WHERE p.status = %s AND p.id IN"
)


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
        # Plain rows in one statement: model instances and their prefetching, or even
        # compiling a query, cost more than the search itself.
        if not ids:
            return []
        marks = ", ".join(["%s"] * len(ids))
        with connection.cursor() as cursor:
            cursor.execute(f"{_PAGE_SQL} ({marks})", [Practice.Status.PUBLISHED.value, *ids])
            rows = cursor.fetchall()
        practices: dict[int, PracticeSummary] = {}
        texts: dict[int, list[HitText]] = {}
        for pk, slug, level, country, year, is_demo, original, owner, city, network, *text in rows:
            if pk not in practices:
                practices[pk] = PracticeSummary(
                    pk=pk,
                    slug=slug,
                    level=level,
                    country=Country(country),
                    started_year=year,
                    is_demo=bool(is_demo),
                    original_language=original,
                    owner_label=city or network or owner,
                )
            if text[0] is not None:
                texts.setdefault(pk, []).append(HitText(*text))
        hits = []
        for pk in ids:
            if pk not in practices:
                continue
            practice = practices[pk]
            chosen = pick_text(texts.get(pk, ()), self.language, practice.original_language)
            hits.append(
                Hit(
                    practice=practice,
                    text=chosen,
                    snippet=snippet(chosen, self.query) if chosen else mark_safe(""),
                    score=self._scores.get(pk, 0.0),
                    is_other_language=chosen is not None and chosen.language != self.language,
                )
            )
        return hits
