"""Create the full-text index of practices: FTS5 tables on SQLite, tsvector on PostgreSQL.

The tables are not models: only ``icc.practices.search`` reads and writes them.
PostgreSQL needs the ``unaccent`` extension (trusted: a database owner may
create it) and two text search configurations that fold accents before stemming.
"""

from django.db import migrations

SQLITE_UP = [
    "CREATE VIRTUAL TABLE practices_fts_en USING fts5("
    "title, body, tokenize = 'porter unicode61 remove_diacritics 2')",
    # French words arrive already stemmed by icc.practices.search.stem_french.
    "CREATE VIRTUAL TABLE practices_fts_fr USING fts5("
    "title, body, tokenize = 'unicode61 remove_diacritics 2')",
]
SQLITE_DOWN = ["DROP TABLE IF EXISTS practices_fts_en", "DROP TABLE IF EXISTS practices_fts_fr"]

POSTGRESQL_UP = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE TEXT SEARCH CONFIGURATION icc_english (COPY = english)",
    "ALTER TEXT SEARCH CONFIGURATION icc_english "
    "ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem",
    "CREATE TEXT SEARCH CONFIGURATION icc_french (COPY = french)",
    "ALTER TEXT SEARCH CONFIGURATION icc_french "
    "ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem",
    "CREATE TABLE practices_fts ("
    "practice_id bigint NOT NULL REFERENCES practices_practice (id) ON DELETE CASCADE "
    "DEFERRABLE INITIALLY DEFERRED, "
    "language varchar(8) NOT NULL, vector tsvector NOT NULL, "
    "PRIMARY KEY (practice_id, language))",
    "CREATE INDEX practices_fts_vector ON practices_fts USING gin (vector)",
]
POSTGRESQL_DOWN = [
    "DROP TABLE IF EXISTS practices_fts",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS icc_french",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS icc_english",
]


def _run(statements_by_vendor: dict[str, list[str]]):  # noqa: ANN202
    def run(apps, schema_editor) -> None:  # noqa: ANN001
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("practices", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_UP, "postgresql": POSTGRESQL_UP}),
            _run({"sqlite": SQLITE_DOWN, "postgresql": POSTGRESQL_DOWN}),
        ),
    ]
