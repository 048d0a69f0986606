"""Index the practices again with the Snowball stemmers, on SQLite.

The SQLite full-text tables store stems computed in Python: English words went
through FTS5's porter tokenizer and French ones through a hand-written stemmer.
Both are now the Snowball stemmers that PostgreSQL's configurations use, so the
English table loses its porter tokenizer and every published practice is
indexed again. ``rebuild_index`` recreates both tables empty and refills them
(in seconds for thousands of practices). PostgreSQL already stems with Snowball:
nothing changes there.

It runs today's search code, not a frozen copy, because the index is derived
data that the code alone defines; should a later change of that code not run on
this state of the schema, skipping this step is safe if that change rebuilds the
index itself.
"""

from django.db import migrations


def rebuild_on_sqlite(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "sqlite":
        return
    from icc.practices.search.index import rebuild_index

    rebuild_index()


class Migration(migrations.Migration):
    dependencies = [("practices", "0012_practice_version_and_revisions")]

    operations = [migrations.RunPython(rebuild_on_sqlite, migrations.RunPython.noop)]
