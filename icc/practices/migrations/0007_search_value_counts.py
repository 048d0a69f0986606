"""Keep beside each numbered facet value how many published practices have it.

A search without words and without choices shows these counts as they are,
instead of grouping every facet row of every practice.
"""

from django.db import migrations


def add_counts(apps, schema_editor) -> None:
    schema_editor.execute(
        "ALTER TABLE practices_search_value ADD COLUMN practices integer NOT NULL DEFAULT 0"
    )
    schema_editor.execute(
        "UPDATE practices_search_value SET practices = (SELECT COUNT(*) FROM "
        "practices_search_facet f WHERE f.value_id = practices_search_value.id)"
    )


def drop_counts(apps, schema_editor) -> None:
    schema_editor.execute("ALTER TABLE practices_search_value DROP COLUMN practices")


class Migration(migrations.Migration):
    dependencies = [("practices", "0006_search_facet_values_by_number")]

    operations = [migrations.RunPython(add_counts, drop_counts)]
