"""Drop the kept count of each facet value: its bitmap's population count says the same.

Migration 0007 kept the count for the searches without words; since 0009 every count
is a population count of the bitmaps, and nothing read this column any more.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("practices", "0010_practice_newest_first_index")]

    operations = [
        migrations.RunSQL(
            "ALTER TABLE practices_search_value DROP COLUMN practices",
            [
                "ALTER TABLE practices_search_value ADD COLUMN practices integer NOT NULL DEFAULT 0",
                "UPDATE practices_search_value SET practices = (SELECT COUNT(*) FROM "
                "practices_search_facet f WHERE f.value_id = practices_search_value.id)",
            ],
        )
    ]
