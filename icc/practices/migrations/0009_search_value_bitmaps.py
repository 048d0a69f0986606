"""Keep beside each numbered facet value the bitmap of the published practices that have it.

``members`` holds bit n (little-endian) for the practice whose id is n; ``token``
changes on every write, so a process knows which bitmaps it must read again
(``icc.practices.search.facets``). Filled from the facet rows.
"""

import secrets

from django.db import migrations

COLUMNS = {
    "sqlite": [
        "ALTER TABLE practices_search_value ADD COLUMN members blob NOT NULL DEFAULT x''",
        "ALTER TABLE practices_search_value ADD COLUMN token bigint NOT NULL DEFAULT 0",
    ],
    "postgresql": [
        "ALTER TABLE practices_search_value ADD COLUMN members bytea NOT NULL DEFAULT ''::bytea",
        "ALTER TABLE practices_search_value ADD COLUMN token bigint NOT NULL DEFAULT 0",
    ],
}


def add_bitmaps(apps, schema_editor) -> None:
    for statement in COLUMNS[schema_editor.connection.vendor]:
        schema_editor.execute(statement)
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT value_id, practice_id FROM practices_search_facet")
        grouped: dict[int, bytearray] = {}
        for number, pid in cursor.fetchall():
            bits = grouped.setdefault(number, bytearray())
            if len(bits) <= pid >> 3:
                bits.extend(bytes((pid >> 3) + 1 - len(bits)))
            bits[pid >> 3] |= 1 << (pid & 7)
        cursor.executemany(
            "UPDATE practices_search_value SET members = %s, token = %s WHERE id = %s",
            [(bytes(bits), secrets.randbits(63), number) for number, bits in grouped.items()],
        )


def drop_bitmaps(apps, schema_editor) -> None:
    schema_editor.execute("ALTER TABLE practices_search_value DROP COLUMN members")
    schema_editor.execute("ALTER TABLE practices_search_value DROP COLUMN token")


class Migration(migrations.Migration):
    dependencies = [("practices", "0008_search_tables_per_language_on_postgresql")]

    operations = [migrations.RunPython(add_bitmaps, drop_bitmaps)]
