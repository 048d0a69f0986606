"""Let other processes (task workers, concurrent editors) work on the test database.

On PostgreSQL they connect to the test database itself; on SQLite, whose test database
lives in the memory of this process, the database is copied to a file for them and
copied back afterwards, so the test reads what they wrote with the ORM. Tests that use
this need ``transactional_db``: what they built must be committed for others to see.
"""

import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


def is_postgresql() -> bool:
    """Tell whether the tests run on PostgreSQL."""
    return connection.vendor == "postgresql"


@contextmanager
def shared_database(folder: Path, **settings: str) -> Iterator[dict[str, str]]:
    """Yield the environment a child process needs to work on the test database.

    ``settings`` are extra environment variables (``tests/process_settings.py`` reads
    them). On SQLite the in-memory database goes to a file on entry and comes back on exit.
    """
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.process_settings",
        "ICC_VAR_DIR": str(folder / "var"),
        "PYTHONPATH": str(ROOT),
        **settings,
    }
    if is_postgresql():
        params = connection.settings_dict
        environment["DATABASE_URL"] = (
            f"postgres://{params['USER']}:{params['PASSWORD']}@{params['HOST'] or '127.0.0.1'}"
            f":{params['PORT'] or 5432}/{params['NAME']}"
        )
        yield environment
        return
    path = folder / "shared.sqlite3"
    connection.ensure_connection()
    with sqlite3.connect(path) as copy:
        connection.connection.backup(copy)
        copy.execute("PRAGMA journal_mode=WAL")
    environment["DATABASE_URL"] = f"sqlite:///{path}"
    try:
        yield environment
    finally:
        with sqlite3.connect(path) as copy:
            copy.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            copy.backup(connection.connection)


def read(environment: dict[str, str], sql: str, params: Sequence[Any] = ()) -> list[tuple]:
    """Run a read-only ``sql`` (``%s`` placeholders) on the database the processes share.

    On SQLite this reads the shared file, which the test's own connection does not see.
    """
    url = environment["DATABASE_URL"]
    if url.startswith("sqlite:///"):
        with sqlite3.connect(url.removeprefix("sqlite:///"), timeout=10) as shared:
            return shared.execute(sql.replace("%s", "?"), tuple(params)).fetchall()
    with connection.cursor() as cursor:
        cursor.execute(sql, tuple(params))
        return cursor.fetchall()


def start(arguments: Sequence[str], environment: dict[str, str]) -> subprocess.Popen[str]:
    """Start ``python <arguments>`` in the project with ``environment``."""
    return subprocess.Popen(
        [sys.executable, *arguments],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
