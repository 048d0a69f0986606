"""Start Django for a benchmark on a database of its own, emptied and migrated.

The benchmarks that need an empty database (SQLite under ``var/bench/<name>/``, or
the PostgreSQL database named by ``--database-url``, whose schema is dropped) share
this start-up; each imports it from its own directory.
"""

import os
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def start_on_empty_database(
    var_dir: Path, database_url: str | None, environment: dict[str, str] | None = None
) -> None:
    """Empty ``var_dir`` and the database, set up Django, and migrate."""
    if var_dir.exists():
        shutil.rmtree(var_dir)
    var_dir.mkdir(parents=True)
    for name in ("CACHE_DIR", "TASKS_BACKEND"):
        os.environ.pop(name, None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    os.environ["ICC_HTTPS"] = "0"
    os.environ["ICC_VAR_DIR"] = str(var_dir)
    os.environ["MAIL_BACKEND"] = "console"
    os.environ.update(environment or {})
    os.environ["DATABASE_URL"] = database_url or f"sqlite:///{var_dir / 'bench.sqlite3'}"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    if database_url:
        from django.db import connection

        # An empty database each run: the tables of every app go, whatever links them.
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    call_command("migrate", verbosity=0)
