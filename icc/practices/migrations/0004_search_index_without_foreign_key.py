"""Drop the foreign key of the PostgreSQL search index.

The index is kept in step by the practices services, which delete its rows with the
practice. A foreign key from this unmanaged table made Django's flush (used between
transactional tests) refuse to truncate the practices table.
"""

from django.db import migrations


def drop_foreign_key(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "ALTER TABLE practices_fts DROP CONSTRAINT IF EXISTS practices_fts_practice_id_fkey"
        )


def restore_foreign_key(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "ALTER TABLE practices_fts ADD CONSTRAINT practices_fts_practice_id_fkey "
            "FOREIGN KEY (practice_id) REFERENCES practices_practice (id) ON DELETE CASCADE "
            "DEFERRABLE INITIALLY DEFERRED"
        )


class Migration(migrations.Migration):
    dependencies = [("practices", "0003_questions_and_stories")]

    operations = [migrations.RunPython(drop_foreign_key, restore_foreign_key)]
