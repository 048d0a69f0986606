"""Search the catalogue with the practices' engine: one full-text table per language.

Tables made like the practices' ones (decision 0046): FTS5 on SQLite, ``tsvector`` with
a GIN index on PostgreSQL; the stems kept on each rumour give way to them.
"""

from django.db import migrations

LANGUAGES = ("en", "fr")


def create(apps, schema_editor) -> None:  # type: ignore[no-untyped-def]
    postgresql = schema_editor.connection.vendor == "postgresql"
    for language in LANGUAGES:
        table = f"antirumours_rumour_fts_{language}"
        if postgresql:
            schema_editor.execute(
                f"CREATE TABLE {table} (rumour_id bigint PRIMARY KEY, vector tsvector NOT NULL)"
            )
            schema_editor.execute(f"CREATE INDEX {table}_vector ON {table} USING gin (vector)")
        else:
            schema_editor.execute(
                f"CREATE VIRTUAL TABLE {table} USING fts5("
                "title, body, tokenize = 'unicode61 remove_diacritics 2')"
            )


def drop(apps, schema_editor) -> None:  # type: ignore[no-untyped-def]
    for language in LANGUAGES:
        schema_editor.execute(f"DROP TABLE IF EXISTS antirumours_rumour_fts_{language}")


class Migration(migrations.Migration):
    dependencies = [("antirumours", "0002_classic_themes")]

    operations = [
        migrations.RemoveField(model_name="rumour", name="search_en"),
        migrations.RemoveField(model_name="rumour", name="search_fr"),
        migrations.RunPython(create, drop),
    ]
