"""Add the facet values of the search index and fill them from the published practices.

One row per published practice and facet value (country, level, year, Index
area, challenge): the facets are counted from it without reading the practices.
Like the full-text tables it is not a model: only ``icc.practices.search`` reads
and writes it.
"""

from django.db import migrations

CREATE = {
    "sqlite": [
        "CREATE TABLE practices_search_facet (practice_id integer NOT NULL, "
        "facet varchar(12) NOT NULL, value varchar(80) NOT NULL, "
        "PRIMARY KEY (practice_id, facet, value)) WITHOUT ROWID",
        "CREATE INDEX practices_search_facet_value ON practices_search_facet (facet, value)",
    ],
    "postgresql": [
        "CREATE TABLE practices_search_facet (practice_id bigint NOT NULL, "
        "facet varchar(12) NOT NULL, value varchar(80) NOT NULL, "
        "PRIMARY KEY (practice_id, facet, value))",
        "CREATE INDEX practices_search_facet_value "
        "ON practices_search_facet (facet, value, practice_id)",
    ],
}
FILL = [
    "SELECT p.id, 'country', p.country FROM practices_practice p",
    "SELECT p.id, 'level', p.level FROM practices_practice p",
    "SELECT p.id, 'year', CAST(p.started_year AS VARCHAR(8)) FROM practices_practice p",
    "SELECT p.id, 'area', a.area FROM practices_practice p "
    "JOIN practices_practicearea a ON a.practice_id = p.id",
    "SELECT p.id, 'challenge', c.slug FROM practices_practice p "
    "JOIN practices_practice_challenges pc ON pc.practice_id = p.id "
    "JOIN practices_challenge c ON c.id = pc.challenge_id",
]


def create(apps, schema_editor) -> None:
    for statement in CREATE.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)
    for source in FILL:
        schema_editor.execute(
            f"INSERT INTO practices_search_facet (practice_id, facet, value) {source} "
            "WHERE p.status = 'published'"
        )


def drop(apps, schema_editor) -> None:
    schema_editor.execute("DROP TABLE IF EXISTS practices_search_facet")


class Migration(migrations.Migration):
    dependencies = [("practices", "0004_search_index_without_foreign_key")]

    operations = [migrations.RunPython(create, drop)]
