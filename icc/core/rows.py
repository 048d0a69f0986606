"""Insert many rows of a model at once, given as plain values, without a model instance each.

For writes of thousands of rows in one request or task (a round's stored results, its
activity entries), where ``bulk_create`` spends most of its time building instances and
assembling its statement. Each value is prepared for the database by its field as
``bulk_create`` prepares it (decimals, dates, date-times and JSON alike on SQLite and
PostgreSQL); integers, keys and texts go as they are. PostgreSQL receives the rows
through one ``COPY``; SQLite runs one statement of one row for every row
(``executemany``). As with ``bulk_create``, no
signal is sent and no ``save()`` runs: the caller gives every column that has no
database default (``auto_now_add`` included).
"""

import json
from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

from django.db import connections, models, router


def _preparer(field: models.Field, connection: Any) -> Callable[[Any], Any] | None:
    """Return how the field's values are made ready for the database (None: as they are)."""
    if isinstance(field, models.JSONField):
        if connection.vendor == "postgresql":
            # COPY takes the JSON as its text.
            dumps = partial(json.dumps, cls=field.encoder)
            return lambda value: None if value is None else "{}" if value == {} else dumps(value)
        encoder = field.encoder
        adapt = connection.ops.adapt_json_value
        return lambda value: None if value is None else adapt(value, encoder)
    if isinstance(field, models.IntegerField | models.ForeignKey | models.CharField):
        return None
    if connection.vendor == "postgresql" and isinstance(
        field, models.DecimalField | models.DateTimeField | models.DateField
    ):
        # psycopg writes decimals, dates and aware date-times as PostgreSQL reads them.
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
    values = (
        [value if prep is None else prep(value) for prep, value in zip(prepare, row, strict=True)]
        for row in rows
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # PostgreSQL's COPY: the rows streamed in one command, each value written by
            # psycopg's text dumpers (JSON included); a fraction of the work of an INSERT
            # a row, for the client and the server.
            with cursor.cursor.copy(
                f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN"
            ) as copy:
                for row in values:
                    copy.write_row(row)
        else:
            # One short statement for every row: sqlite3 parses it once and loops in C.
            cursor.executemany(statement, list(values))
    return len(rows)
