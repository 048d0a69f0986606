"""Search the library with the practices' engine: one full-text table per language.

The stems kept on each resource (``search_en``/``search_fr``, matched without an index)
give way to tables made like the practices' ones (decision 0059): FTS5 on SQLite,
``tsvector`` with a GIN index on PostgreSQL, filled here from the current versions.
"""

from django.db import migrations

LANGUAGES = ("en", "fr")


def create(apps, schema_editor) -> None:
    postgresql = schema_editor.connection.vendor == "postgresql"
    for language in LANGUAGES:
        table = f"learning_resource_fts_{language}"
        if postgresql:
            schema_editor.execute(
                f"CREATE TABLE {table} (resource_id bigint PRIMARY KEY, vector tsvector NOT NULL)"
            )
            schema_editor.execute(f"CREATE INDEX {table}_vector ON {table} USING gin (vector)")
        else:
            schema_editor.execute(
                f"CREATE VIRTUAL TABLE {table} USING fts5("
                "title, body, tokenize = 'unicode61 remove_diacritics 2')"
            )
    from icc.learning.services.library import index_resource_texts

    Resource = apps.get_model("learning", "Resource")
    rows = [
        (pk, texts or {})
        for pk, texts in Resource.objects.filter(current__isnull=False).values_list(
            "pk", "current__texts"
        )
    ]
    index_resource_texts(rows)


def drop(apps, schema_editor) -> None:
    for language in LANGUAGES:
        schema_editor.execute(f"DROP TABLE IF EXISTS learning_resource_fts_{language}")


class Migration(migrations.Migration):
    dependencies = [("learning", "0005_cohort_index")]

    operations = [
        migrations.RemoveField(model_name="resource", name="search_en"),
        migrations.RemoveField(model_name="resource", name="search_fr"),
        migrations.RunPython(create, drop),
    ]
