"""Index the practices again, stemmed before their accents are folded, on both engines.

Snowball read folded words, so « réfugiés » and « réfugiées » stemmed apart; the
index now stores the stems of the words as written, folded afterwards (decision
0036's follow-up to 0013). PostgreSQL stores the same stems as SQLite, computed in
Python, through the ``simple`` configuration. Like 0013 this runs today's search
code: the index is derived data that the code alone defines.
"""

from django.db import migrations


def rebuild(apps, schema_editor) -> None:
    from icc.practices.search.index import rebuild_index

    rebuild_index()


class Migration(migrations.Migration):
    dependencies = [("practices", "0013_search_snowball_stems")]

    operations = [migrations.RunPython(rebuild, migrations.RunPython.noop)]
