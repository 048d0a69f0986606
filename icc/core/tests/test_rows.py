"""Plain-row inserts (``core.rows.insert_rows``) store what ``bulk_create`` stores, on both engines.

PostgreSQL receives them through COPY, SQLite through one statement a row: JSON with
tabs, new lines, backslashes and quotes, empty JSON, no JSON, date-times and texts
come back as written.
"""

from datetime import UTC, datetime

import pytest
from django.contrib.contenttypes.models import ContentType

from icc.core.models import Activity
from icc.core.rows import insert_rows

pytestmark = pytest.mark.django_db

NAMES = [
    "actor",
    "verb",
    "target_type",
    "target_id",
    "about_type",
    "about_id",
    "changes",
    "created_at",
]


def test_inserted_rows_read_back_as_written() -> None:
    kind = ContentType.objects.get_for_model(Activity).pk
    when = datetime(2026, 3, 1, 12, 30, 15, 250_000, tzinfo=UTC)
    awkward = {"text": ["a\tb", "line\nnext", "back\\slash", 'quote " here', "« é »"]}
    nested = {"n": 1.5, "list": [1, None, True], "inner": {"k": "v"}}
    rows = [
        (None, "one", kind, "1", kind, "a\tb\\c", awkward, when),
        (None, "two", kind, "2", kind, "x", {}, when),
        (None, "three", kind, "3", kind, "y", nested, when),
    ]

    assert insert_rows(Activity, NAMES, rows) == 3
    assert insert_rows(Activity, NAMES, []) == 0

    stored = {
        activity.verb: activity
        for activity in Activity.objects.filter(verb__in=["one", "two", "three"])
    }
    assert stored["one"].changes == awkward
    assert stored["one"].about_id == "a\tb\\c"
    assert stored["one"].actor_id is None
    assert stored["two"].changes == {}
    assert stored["three"].changes == nested
    assert {activity.created_at for activity in stored.values()} == {when}
