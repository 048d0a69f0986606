# SQL is assembled from constant table names and configurations; every value is a parameter.
# ruff: noqa: S608, S611
"""Full-text search of published practices: one behaviour on SQLite and on PostgreSQL.

Each text of a practice (one per language, decision 0004) is one document,
analysed with the stemmer of its language and without accents. A query is
analysed for each language and matched against that language's documents, so
« accueillir » finds « accueil des réfugiés » and "refugee" finds "refugees".

- SQLite: two FTS5 tables. English uses FTS5's porter stemmer; French
  documents and queries go through ``stem_french`` here (FTS5 has no French
  stemmer), both with ``unicode61 remove_diacritics 2``. Ranked by bm25.
- PostgreSQL: one table of ``tsvector`` with the ``icc_english`` and
  ``icc_french`` configurations (the snowball stemmers after ``unaccent``),
  created by migration 0002. Ranked by ``ts_rank_cd``.

Queries are never passed to either engine's query syntax: words are extracted
here (letters and digits only), quoted segments become phrases, stop words are
dropped, and the result is built with bound parameters — so quotes, operators,
emoji or 2,000 characters give results or nothing, never an error. Snippets
are cut and highlighted here from the stored texts, escaped, so both databases
show the same thing. Facets are counted with the ORM on the matching set;
each facet is counted with the other facets' filters, not its own.

The index is written by ``index_practice`` and ``remove_practice``, which the
services call inside their transaction: what is indexed is always what is
published.
"""

import html
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Exists, OuterRef
from django.db.models.expressions import RawSQL
from django.utils.safestring import SafeString, mark_safe

from icc.practices.markup import plain_text
from icc.practices.models import Practice, PracticeArea, PracticeTranslation

MAX_QUERY_CHARS = 2000
MAX_TERMS = 12
PAGE_SIZE = 20
SNIPPET_WORDS = 30
SNIPPET_SOURCE_CHARS = 3000
SEARCH_LANGUAGES = ("en", "fr")
FACETS = ("area", "challenge", "country", "level", "year")
PG_CONFIGS = {"en": "icc_english", "fr": "icc_french"}

STOP_WORDS = {
    "en": frozenset(
        [
            "a",
            "about",
            "an",
            "and",
            "are",
            "as",
            "at",
            "be",
            "been",
            "but",
            "by",
            "for",
            "from",
            "had",
            "has",
            "have",
            "he",
            "her",
            "his",
            "how",
            "i",
            "if",
            "in",
            "into",
            "is",
            "it",
            "its",
            "me",
            "my",
            "no",
            "nor",
            "not",
            "of",
            "on",
            "or",
            "our",
            "she",
            "so",
            "than",
            "that",
            "the",
            "their",
            "them",
            "then",
            "there",
            "these",
            "they",
            "this",
            "those",
            "to",
            "too",
            "was",
            "we",
            "were",
            "what",
            "when",
            "where",
            "which",
            "who",
            "why",
            "will",
            "with",
            "you",
            "your",
        ]
    ),
    "fr": frozenset(
        [
            "a",
            "au",
            "aux",
            "avec",
            "ce",
            "ces",
            "cet",
            "cette",
            "dans",
            "de",
            "des",
            "du",
            "elle",
            "en",
            "et",
            "eux",
            "il",
            "ils",
            "je",
            "la",
            "le",
            "les",
            "leur",
            "leurs",
            "lui",
            "ma",
            "mais",
            "me",
            "meme",
            "mes",
            "moi",
            "mon",
            "ne",
            "nos",
            "notre",
            "nous",
            "on",
            "ou",
            "par",
            "pas",
            "pour",
            "qu",
            "que",
            "qui",
            "sa",
            "se",
            "ses",
            "son",
            "sur",
            "ta",
            "te",
            "tes",
            "toi",
            "ton",
            "tu",
            "un",
            "une",
            "vos",
            "votre",
            "vous",
            "y",
            "d",
            "l",
            "j",
            "m",
            "n",
            "s",
            "t",
            "c",
            "est",
            "sont",
            "ete",
            "etre",
            "avoir",
            "ont",
        ]
    ),
}

_WORD = re.compile(r"\w+", re.UNICODE)
_PHRASE = re.compile(r'"([^"]*)"|«([^»]*)»|“([^”]*)”')


def fold(text: str) -> str:
    """Return ``text`` lower-cased and without accents."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def words(text: str) -> list[str]:
    """Return the folded words of ``text``: runs of letters and digits, nothing else."""
    return [word.replace("_", "") for word in _WORD.findall(fold(text)) if word.strip("_")]


# Longest first; a suffix is only removed when at least three letters remain.
_FRENCH_SUFFIXES = sorted(
    [
        "issements",
        "issement",
        "ements",
        "ement",
        "ations",
        "ation",
        "atrices",
        "atrice",
        "ateurs",
        "ateur",
        "ances",
        "ance",
        "ences",
        "ence",
        "ites",
        "ite",
        "ives",
        "ive",
        "ifs",
        "if",
        "euses",
        "euse",
        "eux",
        "istes",
        "iste",
        "ismes",
        "isme",
        "ables",
        "able",
        "ibles",
        "ible",
        "ions",
        "ion",
        "eraient",
        "erait",
        "erons",
        "erez",
        "aient",
        "ait",
        "ant",
        "ants",
        "ent",
        "ir",
        "er",
        "ez",
        "ons",
        "ees",
        "ee",
        "es",
        "e",
        "ais",
        "ai",
        "is",
        "i",
    ],
    key=len,
    reverse=True,
)


@lru_cache(maxsize=200_000)
def stem_french(word: str) -> str:
    """Return a light stem of the folded French ``word`` (plural, gender, verb endings).

    A small suffix stripper in the spirit of Savoy's light French stemmer: it
    only has to give a word and its inflections the same stem, since it is
    applied to documents and queries alike.
    """
    for suffix in _FRENCH_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    else:
        if len(word) > 4 and word.endswith(("s", "x")):
            word = word[:-1]
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "aeiouy":
        word = word[:-1]
    return word


_ENGLISH_SUFFIXES = sorted(
    [
        "ations",
        "ation",
        "ings",
        "ing",
        "edly",
        "ed",
        "ies",
        "es",
        "s",
        "ly",
        "ment",
        "ments",
        "ers",
        "er",
    ],
    key=len,
    reverse=True,
)


@lru_cache(maxsize=200_000)
def stem_english(word: str) -> str:
    """Return a light stem of the folded English ``word``, to highlight its inflections."""
    for suffix in _ENGLISH_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "aeiouy":
        word = word[:-1]
    return word


STEMMERS = {"en": stem_english, "fr": stem_french}


def analyse_french(text: str) -> str:
    """Return the French stems of ``text`` without stop words, as SQLite's index stores them."""
    return " ".join(stem_french(word) for word in words(text) if word not in STOP_WORDS["fr"])


@dataclass(frozen=True)
class ParsedQuery:
    """What a person typed, reduced to words and phrases of folded words."""

    text: str
    loose: tuple[str, ...]
    phrases: tuple[tuple[str, ...], ...]

    def loose_for(self, language: str) -> list[str]:
        """Return the loose words that count in ``language`` (its stop words dropped)."""
        return [word for word in self.loose if word not in STOP_WORDS[language]]

    def is_empty_for(self, language: str) -> bool:
        return not self.loose_for(language) and not self.phrases

    @property
    def is_empty(self) -> bool:
        return all(self.is_empty_for(language) for language in SEARCH_LANGUAGES)

    def highlight_stems(self, language: str) -> frozenset[str]:
        """Return the stems whose words a snippet in ``language`` highlights."""
        stem = STEMMERS[language]
        terms = self.loose_for(language) + [
            word for phrase in self.phrases for word in phrase if word not in STOP_WORDS[language]
        ]
        return frozenset(stem(word) for word in terms)


def parse_query(text: str) -> ParsedQuery:
    """Split ``text`` into loose words and quoted phrases; anything else is dropped."""
    text = (text or "")[:MAX_QUERY_CHARS]
    loose = words(_PHRASE.sub(" ", text))
    phrases: list[tuple[str, ...]] = []
    for match in _PHRASE.finditer(text):
        phrase = tuple(words(next(group for group in match.groups() if group is not None)))
        if len(phrase) > 1:
            phrases.append(phrase[:MAX_TERMS])
        else:
            loose.extend(phrase)
    return ParsedQuery(
        text=text, loose=tuple(dict.fromkeys(loose))[:MAX_TERMS], phrases=tuple(phrases[:4])
    )


# The index ------------------------------------------------------------------------------


def _is_postgresql() -> bool:
    return connection.vendor == "postgresql"


def _document_body(text: PracticeTranslation) -> str:
    return "\n".join(
        plain_text(getattr(text, name))
        for name in PracticeTranslation.TEXT_FIELDS
        if name != "title"
    )


def index_practice(practice: Practice) -> None:
    """Put the practice's texts in the index when it is published; remove them otherwise."""
    remove_practice(practice.pk)
    if practice.status != Practice.Status.PUBLISHED:
        return
    texts = PracticeTranslation.objects.filter(practice=practice)
    _insert_documents(
        (practice.pk, text.language, text.title, _document_body(text))
        for text in texts
        if text.language in SEARCH_LANGUAGES
    )


def remove_practice(practice_id: int) -> None:
    """Remove every document of the practice from the index."""
    with connection.cursor() as cursor:
        if _is_postgresql():
            cursor.execute("DELETE FROM practices_fts WHERE practice_id = %s", [practice_id])
        else:
            for language in SEARCH_LANGUAGES:
                cursor.execute(
                    f"DELETE FROM practices_fts_{language} WHERE rowid = %s", [practice_id]
                )


def rebuild_index() -> int:
    """Empty the index and fill it again from the published practices; return the count."""
    with connection.cursor() as cursor:
        if _is_postgresql():
            cursor.execute("DELETE FROM practices_fts")
        else:
            for language in SEARCH_LANGUAGES:
                cursor.execute(f"DELETE FROM practices_fts_{language}")
    texts = PracticeTranslation.objects.filter(
        practice__status=Practice.Status.PUBLISHED, language__in=SEARCH_LANGUAGES
    ).iterator(chunk_size=2000)
    documents = (
        (text.practice_id, text.language, text.title, _document_body(text)) for text in texts
    )
    return _insert_documents(documents)


def _insert_documents(documents: Iterable[tuple[int, str, str, str]]) -> int:
    count = 0
    batch: list[tuple[int, str, str, str]] = []
    with connection.cursor() as cursor:
        for document in documents:
            batch.append(document)
            if len(batch) >= 1000:
                count += _write_batch(cursor, batch)
                batch = []
        count += _write_batch(cursor, batch)
    return count


def _write_batch(cursor: Any, batch: list[tuple[int, str, str, str]]) -> int:
    if not batch:
        return 0
    if _is_postgresql():
        cursor.executemany(
            "INSERT INTO practices_fts (practice_id, language, vector) VALUES (%s, %s, "
            "setweight(to_tsvector(%s::regconfig, %s), 'A') || "
            "setweight(to_tsvector(%s::regconfig, %s), 'B'))",
            [
                (pk, language, PG_CONFIGS[language], title, PG_CONFIGS[language], body)
                for pk, language, title, body in batch
            ],
        )
    else:
        for language in SEARCH_LANGUAGES:
            rows = [(pk, title, body) for pk, lang, title, body in batch if lang == language]
            if language == "fr":
                rows = [
                    (pk, analyse_french(title), analyse_french(body)) for pk, title, body in rows
                ]
            cursor.executemany(
                f"INSERT INTO practices_fts_{language} (rowid, title, body) VALUES (%s, %s, %s)",
                rows,
            )
    return len(batch)


# Matching ------------------------------------------------------------------------------


def _sqlite_match(query: ParsedQuery, language: str) -> str:
    """Return an FTS5 expression of quoted terms: the query's syntax never reaches FTS5."""
    if language == "fr":
        loose = [stem_french(word) for word in query.loose_for("fr")]
        phrases = [
            [stem_french(word) for word in phrase if word not in STOP_WORDS["fr"]]
            for phrase in query.phrases
        ]
    else:
        loose = query.loose_for("en")
        phrases = [list(phrase) for phrase in query.phrases]
    parts = [f'"{word}"' for word in loose] + [
        '"' + " ".join(phrase) + '"' for phrase in phrases if phrase
    ]
    return " AND ".join(parts)


def _matches_sql(query: ParsedQuery, *, scored: bool) -> tuple[str, list[Any]]:
    """Return SQL selecting ``(pid, score)`` — or just ``pid`` — of the matching practices."""
    arms: list[str] = []
    params: list[Any] = []
    if _is_postgresql():
        for language in SEARCH_LANGUAGES:
            if query.is_empty_for(language):
                continue
            config = PG_CONFIGS[language]
            tsquery = "plainto_tsquery(%s::regconfig, %s)"
            tsquery_params: list[Any] = [config, " ".join(query.loose_for(language))]
            for phrase in query.phrases:
                tsquery += " && phraseto_tsquery(%s::regconfig, %s)"
                tsquery_params += [config, " ".join(phrase)]
            score = f", ts_rank_cd(vector, {tsquery}) AS score" if scored else ""
            arms.append(
                f"SELECT practice_id AS pid{score} FROM practices_fts "
                f"WHERE language = %s AND vector @@ ({tsquery})"
            )
            params += (tsquery_params if scored else []) + [language] + tsquery_params
    else:
        for language in SEARCH_LANGUAGES:
            expression = _sqlite_match(query, language)
            if not expression:
                continue
            table = f"practices_fts_{language}"
            score = f", -bm25({table}, 10.0, 1.0) AS score" if scored else ""
            arms.append(f"SELECT rowid AS pid{score} FROM {table} WHERE {table} MATCH %s")
            params.append(expression)
    if not arms:
        return (
            "SELECT NULL AS pid, 0 AS score WHERE 1 = 0"
            if scored
            else "SELECT NULL AS pid WHERE 1 = 0"
        ), []
    if scored:
        union = " UNION ALL ".join(arms)
        return f"SELECT pid, MAX(score) AS score FROM ({union}) AS arms GROUP BY pid", params
    return " UNION ".join(arms), params


# Results --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    """The facet values chosen; each list is "any of these"."""

    area: tuple[str, ...] = ()
    challenge: tuple[str, ...] = ()
    country: tuple[str, ...] = ()
    level: tuple[str, ...] = ()
    year: tuple[int, ...] = ()

    def apply(self, practices: Any, *, without: str | None = None) -> Any:
        """Return ``practices`` narrowed by every chosen facet but ``without``."""
        # Correlated lookups: the few matching practices are checked one by one on the
        # (practice, area) index instead of listing every practice of an area.
        if self.area and without != "area":
            practices = practices.filter(
                Exists(PracticeArea.objects.filter(practice=OuterRef("pk"), area__in=self.area))
            )
        if self.challenge and without != "challenge":
            practices = practices.filter(
                Exists(
                    Practice.challenges.through.objects.filter(
                        practice=OuterRef("pk"), challenge__slug__in=self.challenge
                    )
                )
            )
        if self.country and without != "country":
            practices = practices.filter(country__in=self.country)
        if self.level and without != "level":
            practices = practices.filter(level__in=self.level)
        if self.year and without != "year":
            practices = practices.filter(started_year__in=self.year)
        return practices

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
    query: ParsedQuery
    page: Page
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)

    @property
    def hits(self) -> list[Hit]:
        return list(self.page.object_list)

    @property
    def total(self) -> int:
        return self.page.paginator.count


class _RankedHits(Sequence[Hit]):
    """The matching practices as a sequence the paginator slices; one query per page."""

    def __init__(
        self, practices: Any, query: ParsedQuery, language: str, *, count: int | None = None
    ) -> None:
        self.practices = practices
        self.query = query
        self.language = language
        self._count = count

    def __len__(self) -> int:
        if self._count is None:
            self._count = self.practices.count()
        return self._count

    def __getitem__(self, index: Any) -> Any:
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        start, stop = index.start or 0, index.stop
        limit = (stop - start) if stop is not None else PAGE_SIZE
        return self._page(start, limit)

    def _page(self, offset: int, limit: int) -> list[Hit]:
        if self.query.is_empty:
            ordered = self.practices.order_by("-published_at", "-pk")
            scores = dict.fromkeys(
                ordered.values_list("pk", flat=True)[offset : offset + limit], 0.0
            )
        else:
            matches_sql, match_params = _matches_sql(self.query, scored=True)
            ids_sql, ids_params = self.practices.values("pk").query.sql_with_params()
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT pid, score FROM ({matches_sql}) AS ranked "
                    f"WHERE pid IN ({ids_sql}) ORDER BY score DESC, pid DESC LIMIT %s OFFSET %s",
                    [*match_params, *ids_params, limit, offset],
                )
                scores = {pid: float(score) for pid, score in cursor.fetchall()}
        found = (
            Practice.objects.filter(pk__in=list(scores))
            .select_related("city", "national_network")
            .prefetch_related("translations")
            .in_bulk()
        )
        practices = [found[pk] for pk in scores if pk in found]
        hits = []
        for practice in practices:
            text = practice.text(self.language)
            hits.append(
                Hit(
                    practice=practice,
                    text=text,
                    snippet=snippet(text, self.query) if text else mark_safe(""),
                    score=scores.get(practice.pk, 0.0),
                    is_other_language=text is not None and text.language != self.language,
                )
            )
        return hits


def search(
    text: str = "",
    *,
    filters: Filters | None = None,
    language: str = "en",
    page: int | str | None = 1,
    page_size: int = PAGE_SIZE,
    with_facets: bool = True,
) -> SearchResults:
    """Find published practices matching ``text`` and ``filters``, best first.

    An empty query lists the newest practices first; the facets count the
    practices matching the query and the other facets' choices.
    """
    filters = filters or Filters()
    query = parse_query(text)
    base = Practice.objects.published()
    if not query.is_empty:
        matches_sql, match_params = _matches_sql(query, scored=False)
        base = base.filter(pk__in=RawSQL(matches_sql, match_params))
    facets, total = _facets(query, filters) if with_facets else ({}, None)
    ranked = _RankedHits(filters.apply(base), query, language[:2], count=total)
    found = SearchResults(query=query, page=Paginator(ranked, page_size).get_page(page))
    found.facets = facets
    return found


def _filter_sql(filters: Filters, *, without: str | None) -> tuple[str, list[Any]]:
    """Return SQL conditions on the practice aliased ``b`` for every facet but ``without``."""
    conditions, params = ["1 = 1"], []

    def among(values: tuple) -> str:
        params.extend(values)
        return ", ".join(["%s"] * len(values))

    if filters.area and without != "area":
        conditions.append(
            "EXISTS (SELECT 1 FROM practices_practicearea x "
            f"WHERE x.practice_id = b.id AND x.area IN ({among(filters.area)}))"
        )
    if filters.challenge and without != "challenge":
        conditions.append(
            "EXISTS (SELECT 1 FROM practices_practice_challenges y "
            "JOIN practices_challenge z ON z.id = y.challenge_id "
            f"WHERE y.practice_id = b.id AND z.slug IN ({among(filters.challenge)}))"
        )
    for name, column in (("country", "country"), ("level", "level"), ("year", "started_year")):
        values = getattr(filters, name)
        if values and without != name:
            conditions.append(f"b.{column} IN ({among(values)})")
    return " AND ".join(conditions), params


def _facets(query: ParsedQuery, filters: Filters) -> tuple[dict[str, list[FacetValue]], int]:
    """Count every facet and the total in one statement, matching the query once."""
    params: list[Any] = []
    matched = ""
    if not query.is_empty:
        matches_sql, match_params = _matches_sql(query, scored=False)
        matched = " AND id IN (SELECT pid FROM matched)"
        params += match_params
    params.append(Practice.Status.PUBLISHED)
    # The matching practices drive each count: CROSS JOIN keeps SQLite from scanning
    # every area or challenge row and probing the matches (PostgreSQL plans it freely).
    sources = {
        "area": ("a.area", "base b CROSS JOIN practices_practicearea a", "a.practice_id = b.id"),
        "challenge": (
            "c.slug",
            "base b CROSS JOIN practices_practice_challenges pc CROSS JOIN practices_challenge c",
            "pc.practice_id = b.id AND c.id = pc.challenge_id",
        ),
        "country": ("b.country", "base b", "1 = 1"),
        "level": ("b.level", "base b", "1 = 1"),
        "year": ("CAST(b.started_year AS VARCHAR(8))", "base b", "1 = 1"),
    }
    arms = []
    for name, (column, source, join) in sources.items():
        condition, condition_params = _filter_sql(filters, without=name)
        arms.append(
            f"SELECT '{name}' AS facet, {column} AS value, COUNT(*) AS n FROM {source} "
            f"WHERE {join} AND {condition} GROUP BY {column}"
        )
        params += condition_params
    condition, condition_params = _filter_sql(filters, without=None)
    arms.append(f"SELECT 'total', CAST(NULL AS VARCHAR(8)), COUNT(*) FROM base b WHERE {condition}")
    params += condition_params
    with_matched = f"matched AS MATERIALIZED ({matches_sql}), " if matched else ""
    sql = (
        f"WITH {with_matched}base AS MATERIALIZED (SELECT id, country, level, started_year "
        f"FROM practices_practice WHERE status = %s{matched}) " + " UNION ALL ".join(arms)
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    facets: dict[str, list[FacetValue]] = {name: [] for name in FACETS}
    total = 0
    for facet, value, count in rows:
        if facet == "total":
            total = count
        elif value is not None:
            facets[facet].append(FacetValue(str(value), count, filters.is_chosen(facet, value)))
    for name, values in facets.items():
        if name == "year":
            values.sort(key=lambda item: item.value, reverse=True)
        else:
            values.sort(key=lambda item: (-item.count, item.value))
    return facets, total


# Snippets -------------------------------------------------------------------------------


def snippet(text: PracticeTranslation, query: ParsedQuery) -> SafeString:
    """Return about thirty words of the text around the first match, matches in <mark>.

    Everything is escaped here; only the <mark> tags added are markup.
    """
    # Only the start of a long text is read: cleaning the markup of it all is what costs.
    source = "\n".join(
        getattr(text, name)[:SNIPPET_SOURCE_CHARS]
        for name in PracticeTranslation.TEXT_FIELDS
        if name != "title"
    )
    body = " ".join(plain_text(source[:SNIPPET_SOURCE_CHARS]).split())
    tokens = re.split(r"(\w+)", body)
    stems = query.highlight_stems(text.language) if text.language in STEMMERS else frozenset()
    stem = STEMMERS.get(text.language, stem_english)
    # Stemming every word is slow; only words sharing a stem's first letters can match.
    prefixes = {term[:3] for term in stems}

    def matches(token: str) -> bool:
        folded = token.lower() if token.isascii() else fold(token)
        return folded[:3] in prefixes and stem(folded) in stems

    words_count = len(tokens) // 2
    first = next((n for n in range(words_count) if stems and matches(tokens[2 * n + 1])), None)
    start_word = max(0, first - 8) if first is not None else 0
    chosen = range(start_word, min(words_count, start_word + SNIPPET_WORDS))
    if not chosen:
        return mark_safe("")
    pieces = []
    for index in range(2 * chosen[0] + 1, 2 * chosen[-1] + 2):
        piece = html.escape(tokens[index])
        is_word = index % 2 == 1
        pieces.append(
            f"<mark>{piece}</mark>" if is_word and stems and matches(tokens[index]) else piece
        )
    prefix = "… " if start_word else ""
    suffix = " …" if chosen[-1] + 1 < words_count else ""
    return mark_safe(prefix + "".join(pieces) + suffix)
