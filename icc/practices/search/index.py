# SQL is assembled from constant table names and configurations; every value is a parameter.
# ruff: noqa: S608
"""Write the search index: the documents of published practices and their facet values.

Two kinds of rows, both kept only for published practices, so being in the
index means being published:

- documents, one per text (language) of a practice, in the engine's full-text
  table of its language (``practices_fts_en``/``practices_fts_fr``: FTS5 on
  SQLite, ``tsvector`` with a GIN index on PostgreSQL), keyed by the practice's id;
- facet values in ``practices_search_facet``, one row per practice and value
  (its country, level, year, each Index area and challenge) as a pair of
  integers, the value numbered in ``practices_search_value`` with the bitmap of the
  published practices that have it (``facets``): the facets are counted from the
  bitmaps without reading the practices themselves.
"""

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection

from icc.core.markup import plain_text
from icc.practices.models import Practice, PracticeTranslation
from icc.practices.search import facets
from icc.practices.search.analysis import SEARCH_LANGUAGES, analyse

# Both engines store the words as ``analyse`` gives them (Snowball stems, folded, without
# stop words), so a query matches alike on both: PostgreSQL only splits them (``simple``).
PG_CONFIG = "simple"
# As migrations 0002 and 0013 create them; ``rebuild_index`` creates them again empty.
SQLITE_TABLES = {
    language: f"CREATE VIRTUAL TABLE practices_fts_{language} USING fts5("
    "title, body, tokenize = 'unicode61 remove_diacritics 2')"
    for language in ("en", "fr")
}
POSTGRESQL_VECTOR_INDEX = (
    "CREATE INDEX practices_fts_{language}_vector ON practices_fts_{language} USING gin (vector)"
)
BATCH_SIZE = 2000


@dataclass(frozen=True)
class DocumentTables:
    """Where one family of documents is kept: a full-text table per language.

    ``{prefix}_en`` and ``{prefix}_fr``: FTS5 ``(title, body)`` keyed by ``rowid`` on
    SQLite, ``({key}, vector)`` with a GIN index on PostgreSQL, both written by
    ``write_documents`` and matched by ``matching.match``. Practices are one family; an
    app that searches its own records (the learning library, decision 0059) creates its
    tables alike in a migration and is searched by the same code.
    """

    prefix: str
    key: str

    def table(self, language: str) -> str:
        return f"{self.prefix}_{language}"


PRACTICE_DOCUMENTS = DocumentTables("practices_fts", "practice_id")

Document = tuple[int, str, str, str]

# The facet values of the published practices chosen by a condition on ``p``, as
# (pid, facet, value); challenges by slug, which never changes
# (``services.save_challenge`` finds a challenge by its slug).
_FACET_VALUES = (
    "SELECT p.id AS pid, 'country' AS facet, p.country AS value FROM practices_practice p "
    "WHERE p.status = %(published)s AND {condition} "
    "UNION ALL SELECT p.id, 'level', p.level FROM practices_practice p "
    "WHERE p.status = %(published)s AND {condition} "
    "UNION ALL SELECT p.id, 'year', CAST(p.started_year AS VARCHAR(8)) "
    "FROM practices_practice p WHERE p.status = %(published)s AND {condition} "
    "UNION ALL SELECT p.id, 'area', a.area FROM practices_practice p "
    "JOIN practices_practicearea a ON a.practice_id = p.id "
    "WHERE p.status = %(published)s AND {condition} "
    "UNION ALL SELECT p.id, 'challenge', c.slug FROM practices_practice p "
    "JOIN practices_practice_challenges pc ON pc.practice_id = p.id "
    "JOIN practices_challenge c ON c.id = pc.challenge_id "
    "WHERE p.status = %(published)s AND {condition}"
)


def is_postgresql() -> bool:
    """Say whether the default database is PostgreSQL (else SQLite)."""
    return connection.vendor == "postgresql"


def document_body(text: PracticeTranslation) -> str:
    """Return the words of every long field of ``text``, as the index stores them."""
    return "\n".join(
        plain_text(getattr(text, name))
        for name in PracticeTranslation.TEXT_FIELDS
        if name != "title"
    )


def index_practice(practice: Practice) -> None:
    """Index the texts and facet values of the practice if published; else remove them."""
    remove_practice(practice.pk)
    if practice.status != Practice.Status.PUBLISHED:
        return
    texts = PracticeTranslation.objects.filter(practice=practice, language__in=SEARCH_LANGUAGES)
    with connection.cursor() as cursor:
        _write_documents(
            cursor,
            [(practice.pk, text.language, text.title, document_body(text)) for text in texts],
        )
        _write_facets(cursor, "p.id = %(id)s", {"id": practice.pk})
        value_ids = _value_ids(cursor, practice.pk)
        facets.set_member(cursor, practice.pk, value_ids, member=True)


def remove_practice(practice_id: int) -> None:
    """Remove every document and facet value of the practice from the index."""
    with connection.cursor() as cursor:
        remove_documents(cursor, PRACTICE_DOCUMENTS, [practice_id])
        value_ids = _value_ids(cursor, practice_id)
        facets.set_member(cursor, practice_id, value_ids, member=False)
        cursor.execute("DELETE FROM practices_search_facet WHERE practice_id = %s", [practice_id])


def _value_ids(cursor: Any, practice_id: int) -> list[int]:
    cursor.execute(
        "SELECT value_id FROM practices_search_facet WHERE practice_id = %s ORDER BY value_id",
        [practice_id],
    )
    return [number for (number,) in cursor.fetchall()]


def rebuild_index() -> int:
    """Empty the index and fill it again from the published practices; return the documents.

    Documents are written in batches of a few thousand rows; call it inside a
    transaction so the whole load is one commit. On SQLite the full-text tables
    are merged into one segment at the end, as after a fresh build.
    """
    with connection.cursor() as cursor:
        # Emptied by recreating: deleting row by row costs as much as writing them, and
        # an index built after the load is faster to build than one kept up to date.
        if is_postgresql():
            for language in SEARCH_LANGUAGES:
                cursor.execute(f"TRUNCATE practices_fts_{language}")
                cursor.execute(f"DROP INDEX IF EXISTS practices_fts_{language}_vector")
        else:
            for language, statement in SQLITE_TABLES.items():
                cursor.execute(f"DROP TABLE IF EXISTS practices_fts_{language}")
                cursor.execute(statement)
                table = f"practices_fts_{language}"
                # Segments are merged once at the end ('optimize'), not during the load.
                cursor.execute(f"INSERT INTO {table}({table}, rank) VALUES ('automerge', 0)")
        cursor.execute("DELETE FROM practices_search_facet")
        count = 0
        for batch in _batches(_published_documents()):
            count += _write_documents(cursor, batch)
        _write_facets(cursor, "1 = 1", {})
        facets.write_all(cursor)
        if is_postgresql():
            for language in SEARCH_LANGUAGES:
                cursor.execute(POSTGRESQL_VECTOR_INDEX.format(language=language))
        else:
            for language in SEARCH_LANGUAGES:
                table = f"practices_fts_{language}"
                cursor.execute(f"INSERT INTO {table}({table}) VALUES ('optimize')")
                cursor.execute(f"INSERT INTO {table}({table}, rank) VALUES ('automerge', 4)")
    return count


def _published_documents() -> Iterator[Document]:
    # Tuples, not model instances: building 150,000 instances costs more than the index.
    names = [name for name in PracticeTranslation.TEXT_FIELDS if name != "title"]
    rows = PracticeTranslation.objects.filter(
        practice__status=Practice.Status.PUBLISHED, language__in=SEARCH_LANGUAGES
    ).values_list("practice_id", "language", "title", *names)
    for practice_id, language, title, *fields in rows.iterator(chunk_size=BATCH_SIZE):
        yield practice_id, language, title, "\n".join(plain_text(field) for field in fields)


def _batches(documents: Iterable[Document]) -> Iterator[list[Document]]:
    batch: list[Document] = []
    for document in documents:
        batch.append(document)
        if len(batch) >= BATCH_SIZE:
            yield batch
            batch = []
    if batch:
        yield batch


def _write_documents(cursor: Any, batch: list[Document]) -> int:
    return write_documents(cursor, PRACTICE_DOCUMENTS, batch)


def write_documents(cursor: Any, tables: DocumentTables, batch: Sequence[Document]) -> int:
    """Write ``(id, language, title, body)`` documents, analysed, into ``tables``.

    The documents must not be in the tables yet (``remove_documents`` first).
    """
    if not batch:
        return 0
    for language in SEARCH_LANGUAGES:
        rows = [
            (pk, analyse(title, language), analyse(body, language))
            for pk, lang, title, body in batch
            if lang == language
        ]
        table = tables.table(language)
        if rows and is_postgresql():
            cursor.executemany(
                f"INSERT INTO {table} ({tables.key}, vector) VALUES (%s, "
                f"setweight(to_tsvector('{PG_CONFIG}', %s), 'A') || "
                f"setweight(to_tsvector('{PG_CONFIG}', %s), 'B'))",
                rows,
            )
        elif rows:
            cursor.executemany(
                f"INSERT INTO {table} (rowid, title, body) VALUES (%s, %s, %s)", rows
            )
    return len(batch)


def remove_documents(cursor: Any, tables: DocumentTables, ids: Sequence[int]) -> None:
    """Remove the documents of ``ids``, in every language, from ``tables``."""
    key = tables.key if is_postgresql() else "rowid"
    for language in SEARCH_LANGUAGES:
        for pk in ids:
            cursor.execute(f"DELETE FROM {tables.table(language)} WHERE {key} = %s", [pk])


def _write_facets(cursor: Any, condition: str, params: dict[str, Any]) -> None:
    """Number the new facet values, then write the facet rows of the chosen practices."""
    values = _FACET_VALUES.format(condition=condition)
    params = {"published": Practice.Status.PUBLISHED, **params}
    cursor.execute(
        "INSERT INTO practices_search_value (facet, value) "
        f"SELECT DISTINCT s.facet, s.value FROM ({values}) s WHERE 1 = 1 "
        "ON CONFLICT (facet, value) DO NOTHING",
        params,
    )
    cursor.execute(
        "INSERT INTO practices_search_facet (practice_id, value_id) "
        f"SELECT s.pid, v.id FROM ({values}) s "
        "JOIN practices_search_value v ON v.facet = s.facet AND v.value = s.value",
        params,
    )
