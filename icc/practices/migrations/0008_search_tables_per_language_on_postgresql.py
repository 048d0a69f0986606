"""Split PostgreSQL's full-text table into one table per language, as on SQLite.

With both languages in one column, PostgreSQL's statistics mix them: a word
common in French documents looked common in English ones too, and the planner
walked every English row to find none. One table per language has its own
statistics, and each search reads only its language's rows.
"""

from django.db import migrations

LANGUAGES = ("en", "fr")


def split(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for language in LANGUAGES:
        schema_editor.execute(
            f"CREATE TABLE practices_fts_{language} (practice_id bigint PRIMARY KEY, "
            "vector tsvector NOT NULL)"
        )
        schema_editor.execute(
            f"INSERT INTO practices_fts_{language} (practice_id, vector) "
            "SELECT practice_id, vector FROM practices_fts WHERE language = %s",
            [language],
        )
        schema_editor.execute(
            f"CREATE INDEX practices_fts_{language}_vector "
            f"ON practices_fts_{language} USING gin (vector)"
        )
    schema_editor.execute("DROP TABLE practices_fts")


def join(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "CREATE TABLE practices_fts (practice_id bigint NOT NULL, language varchar(8) NOT NULL, "
        "vector tsvector NOT NULL, PRIMARY KEY (practice_id, language))"
    )
    for language in LANGUAGES:
        schema_editor.execute(
            "INSERT INTO practices_fts (practice_id, language, vector) "
            f"SELECT practice_id, %s, vector FROM practices_fts_{language}",
            [language],
        )
        schema_editor.execute(f"DROP TABLE practices_fts_{language}")
    schema_editor.execute("CREATE INDEX practices_fts_vector ON practices_fts USING gin (vector)")


class Migration(migrations.Migration):
    dependencies = [("practices", "0007_search_value_counts")]

    operations = [migrations.RunPython(split, join)]
