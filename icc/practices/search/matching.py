# SQL is assembled from constant table names and configurations; every value is a parameter.
# ruff: noqa: S608
"""Ask the engine which practices match a query, and with what score.

Matching is done in two steps per language, each bounded by ``MAX_MATCHES``:

1. the ids of the newest matching documents, in the index's own order
   (``ORDER BY rowid DESC LIMIT`` is a walk along FTS5's lists; PostgreSQL sorts
   the ids the GIN index finds, without reading the documents);
2. the score of the practices kept — all of them when there are at most
   ``MAX_MATCHES``, else the ``MAX_MATCHES`` newest — with bm25 on SQLite and
   ``ts_rank_cd`` on PostgreSQL.

Scoring is what costs with a word found in most documents (bm25 reads every
position of the word in every document), so a very common query is ranked and
counted on its newest matches only, and says so (``Matches.is_capped``).
"""

import json
from dataclasses import dataclass
from typing import Any

from django.db import connection

from icc.practices.search.analysis import (
    SEARCH_LANGUAGES,
    STEMMERS,
    ParsedQuery,
    is_stop_word,
    query_stems,
)
from icc.practices.search.index import (
    PG_CONFIG,
    PRACTICE_DOCUMENTS,
    DocumentTables,
    is_postgresql,
)

MAX_MATCHES = 2000


@dataclass(frozen=True)
class Matches:
    """The practices a query matches, with their scores (higher is better)."""

    scores: dict[int, float]
    is_capped: bool


def match(
    query: ParsedQuery,
    *,
    limit: int = MAX_MATCHES,
    tables: DocumentTables = PRACTICE_DOCUMENTS,
) -> Matches:
    """Return the documents matching ``query``: all of them, or the ``limit`` newest.

    Practices by default; ``tables`` names another family of documents (``DocumentTables``).
    """
    arms = [arm for arm in (_arm(query, language, tables) for language in SEARCH_LANGUAGES) if arm]
    found: dict[str, list[int]] = {}
    scores: dict[int, float] = {}
    with connection.cursor() as cursor:
        for arm in arms:
            cursor.execute(_ids_sql(cursor, arm, limit + 1), [*arm.ids_params, limit + 1])
            found[arm.language] = [row[0] for row in cursor.fetchall()]
        kept = sorted({pid for ids in found.values() for pid in ids}, reverse=True)
        if not kept:
            return Matches(scores, is_capped=False)
        # Every match newer than the oldest kept one is kept, so each language's newest
        # ``limit + 1`` ids hold all of its kept ones: their scores are complete.
        floor = kept[min(limit, len(kept)) - 1]
        for arm in arms:
            ids = [pid for pid in found[arm.language] if pid >= floor]
            if ids:
                cursor.execute(arm.scores_sql, arm.scores_params(ids, floor))
                for pid, score in cursor.fetchall():
                    scores[pid] = max(scores.get(pid, float("-inf")), float(score))
    return Matches(scores, is_capped=len(kept) > limit)


def _ids_sql(cursor: Any, arm: "_Arm", wanted: int) -> str:
    """Return the statement that finds the arm's newest matches the cheaper way.

    On PostgreSQL the newest matches are found either by walking the documents newest
    first, reading and matching each one's ``tsvector`` until enough match (about
    ``wanted × documents / matches`` rows), or through the GIN index, which finds every
    match without reading the vectors, then sorting their ids (about ``matches`` rows).
    The planner counts matching a vector as nearly free and walks when it should not:
    213 ms against 15 ms for a word in 5 % of the documents. So the matches are
    estimated (the planner's own estimate, from the column's statistics) and the way
    chosen here.
    """
    if arm.indexed_ids_sql is None:
        return arm.ids_sql
    cursor.execute(f"EXPLAIN (FORMAT JSON) {arm.count_sql}", arm.ids_params)
    plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    matches = float(plan[0]["Plan"]["Plan Rows"])
    cursor.execute(
        "SELECT GREATEST(reltuples, 1) FROM pg_class WHERE oid = %s::regclass", [arm.table]
    )
    documents = float(cursor.fetchone()[0])
    return arm.indexed_ids_sql if matches * matches <= wanted * documents else arm.ids_sql


@dataclass(frozen=True)
class _Arm:
    """The two statements matching one language's documents."""

    language: str
    ids_sql: str
    ids_params: list[Any]
    scores_sql: str
    match_params: list[Any]
    # PostgreSQL: the table, and the matches counted and found through the index.
    table: str = ""
    count_sql: str = ""
    indexed_ids_sql: str | None = None

    def scores_params(self, ids: list[int], floor: int) -> list[Any]:
        if is_postgresql():
            return [*self.match_params, ids]
        return [*self.match_params, floor]


def _arm(query: ParsedQuery, language: str, tables: DocumentTables) -> _Arm | None:
    table = tables.table(language)
    if is_postgresql():
        expression = _tsquery_expression(query, language)
        if not expression:
            return None
        tsquery = f"to_tsquery('{PG_CONFIG}', %s)"
        params: list[Any] = [expression]
        key = tables.key
        matching = f"SELECT {key} FROM {table} WHERE vector @@ ({tsquery})"
        return _Arm(
            language,
            f"{matching} ORDER BY {key} DESC LIMIT %s",
            params,
            f"SELECT {key}, ts_rank_cd(vector, {tsquery}) FROM {table} WHERE {key} = ANY(%s)",
            params,
            table=table,
            count_sql=matching,
            # Materialised: every match is found first (through the index), then sorted.
            indexed_ids_sql=f"WITH m AS MATERIALIZED ({matching}) "
            f"SELECT {key} FROM m ORDER BY {key} DESC LIMIT %s",
        )
    expression = _fts5_expression(query, language)
    if not expression:
        return None
    return _Arm(
        language,
        f"SELECT rowid FROM {table} WHERE {table} MATCH %s ORDER BY rowid DESC LIMIT %s",
        [expression],
        f"SELECT rowid, -bm25({table}, 10.0, 1.0) FROM {table} "
        f"WHERE {table} MATCH %s AND rowid >= %s",
        [expression],
    )


def _terms(query: ParsedQuery, language: str) -> tuple[list[list[str]], list[list[str]]]:
    """Return the stems each loose word may match, and the stems of each phrase.

    Documents are stored as Snowball stems without stop words (``analyse``): so are
    queries, the same on both engines. A loose word may match one of a few stems
    (``query_stems``); a phrase matches its stems in a row.
    """
    loose = [list(query_stems(word, language)) for word in query.loose_for(language)]
    stem = STEMMERS[language]
    phrases = [
        [stem(word) for word in phrase if not is_stop_word(word, language)]
        for phrase in query.phrases
    ]
    return loose, [phrase for phrase in phrases if phrase]


def _fts5_expression(query: ParsedQuery, language: str) -> str:
    """Return an FTS5 expression of quoted terms: the query's syntax never reaches FTS5."""
    loose, phrases = _terms(query, language)
    parts = ["(" + " OR ".join(f'"{stem}"' for stem in stems) + ")" for stems in loose]
    parts += ['"' + " ".join(phrase) + '"' for phrase in phrases]
    return " AND ".join(parts)


def _tsquery_expression(query: ParsedQuery, language: str) -> str:
    """Return a tsquery of quoted stems: the query's syntax never reaches PostgreSQL."""
    # Stems are letters and digits only (``analysis.tokens``): quoting them is enough.
    loose, phrases = _terms(query, language)
    parts = ["(" + " | ".join(f"'{stem}'" for stem in stems) + ")" for stems in loose]
    parts += ["(" + " <-> ".join(f"'{stem}'" for stem in phrase) + ")" for phrase in phrases]
    return " & ".join(parts)
