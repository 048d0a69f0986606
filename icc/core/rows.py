"""Insert many rows of a model at once, given as plain values, without a model instance each.

For writes of thousands of rows in one request or task (a round's stored results, its
activity entries), where ``bulk_create`` spends most of its time building instances and
assembling its statement. Each value is prepared for the database by its field as
``bulk_create`` prepares it (decimals, dates, date-times and JSON alike on SQLite and
PostgreSQL); integers, keys and texts go as they are. One statement of one row is
run for every row (``executemany``). As with ``bulk_create``, no
signal is sent and no ``save()`` runs: the caller gives every column that has no
database default (``auto_now_add`` included).
"""

from collections.abc import Callable, Sequence
from typing import Any

from django.db import connections, models, router


def _preparer(field: models.Field, connection: Any) -> Callable[[Any], Any] | None:
    """Return how the field's values are made ready for the database (None: as they are)."""
    if isinstance(field, models.JSONField):
        encoder = field.encoder
        adapt = connection.ops.adapt_json_value
        return lambda value: None if value is None else adapt(value, encoder)
    if isinstance(field, models.IntegerField | models.ForeignKey | models.CharField):
        return None
    return lambda value: field.get_db_prep_save(value, connection)


def insert_rows(
    model: type[models.Model], names: Sequence[str], rows: Sequence[Sequence[Any]]
) -> int:
    """Insert ``rows`` (each a value per field of ``names``, in that order); return how many."""
    if not rows:
        return 0
    connection = connections[router.db_for_write(model)]
    fields = [model._meta.get_field(name) for name in names]
    prepare = [_preparer(field, connection) for field in fields]  # type: ignore[arg-type]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(str(field.column)) for field in fields)  # type: ignore[union-attr]
    statement = (
        f"INSERT INTO {quote(model._meta.db_table)} ({columns}) "  # noqa: S608
        f"VALUES ({', '.join(['%s'] * len(fields))})"
    )
    # One short statement for every row: the drivers parse it once (psycopg sends the
    # rows in a pipeline, sqlite3 loops in C); a statement of thousands of placeholders
    # costs psycopg a second of parsing for 10,000 rows.
    with connection.cursor() as cursor:
        cursor.executemany(
            statement,
            [
                [
                    value if prep is None else prep(value)
                    for prep, value in zip(prepare, row, strict=True)
                ]
                for row in rows
            ],
        )
    return len(rows)
