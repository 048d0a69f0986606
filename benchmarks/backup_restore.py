"""Time `manage.py backup` and `manage.py restore` on a network of 10,000 cities.

Builds a database of its own (SQLite under var/bench/backup/, or the PostgreSQL database
named by --database-url, emptied): the demo network, then ``--cities`` more member
cities, each with a response in every Index round of the demo (two published rounds and
the open one) whose answers and scores are copied from a demo city's response of the
same round, by bulk inserts. Then it runs, as an operator would, in separate processes:

1. ``manage.py backup`` of that database and its uploads;
2. ``manage.py restore`` of the archive into a new, empty database and media folder
   (a second SQLite file, or the PostgreSQL database --restore-url, emptied), which
   checks the checksum and integrity, migrates and opens the main pages.

Prints the rows, the database and archive sizes, and each time with the load average.

    .venv/bin/python benchmarks/backup_restore.py                              # SQLite
    .venv/bin/python benchmarks/backup_restore.py \\
        --database-url postgres://icc:icc@127.0.0.1:5432/icc_backup \\
        --restore-url postgres://icc:icc@127.0.0.1:5432/icc_restore           # both emptied
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

from bench_setup import ROOT, start_on_empty_database

VAR_DIR = ROOT / "var" / "bench" / "backup"
PYTHON = ROOT / ".venv" / "bin" / "python"
CHUNK = 500  # cities per batch of inserts


def main() -> int:
    """Build, back up, restore, and print the figures."""
    args = parse_args()
    if args.database_url and not args.restore_url:
        sys.exit("--restore-url is needed with --database-url (a second, empty database)")
    source_dir = VAR_DIR / "source"
    print(f"Building the demo network (load average {load_average()})…", flush=True)
    start_on_empty_database(source_dir, args.database_url)
    from django.core.management import call_command

    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    started = time.monotonic()
    rows = add_cities(args.cities)
    built = time.monotonic() - started
    from django.db import connection

    engine = connection.vendor
    size = database_size(engine, source_dir)
    connection.close()
    print(
        f"Built {rows['cities']:,} cities, {rows['responses']:,} responses, "
        f"{rows['answers']:,} answers, {rows['scores']:,} scores in {built:.0f} s; "
        f"database {size / 1e6:,.0f} MB (load average {load_average()})",
        flush=True,
    )
    archive = VAR_DIR / "backup.tar"
    archive.unlink(missing_ok=True)
    source_env = command_env(
        source_dir, args.database_url or f"sqlite:///{source_dir}/bench.sqlite3"
    )
    backup_seconds, backup_out = timed(source_env, "backup", str(archive))
    print(
        f"Backup: {backup_seconds:.1f} s, archive {archive.stat().st_size / 1e6:,.0f} MB "
        f"(load average {load_average()})\n  {backup_out.strip()}",
        flush=True,
    )
    target_dir = VAR_DIR / "restored"
    shutil.rmtree(target_dir, ignore_errors=True)
    target_dir.mkdir(parents=True)
    target_url = args.restore_url or f"sqlite:///{target_dir}/restored.sqlite3"
    target_env = command_env(target_dir, target_url)
    if args.restore_url:
        empty_postgres(target_env)
    restore_seconds, restore_out = timed(target_env, "restore", str(archive))
    inner = re.search(r"in ([\d.]+) s", restore_out)
    print(
        f"Restore: {restore_seconds:.1f} s in all (the restore itself "
        f"{inner.group(1) if inner else '?'} s, then the smoke pages) "
        f"(load average {load_average()})\n  " + "\n  ".join(restore_out.strip().splitlines()),
        flush=True,
    )
    return 0


def parse_args() -> argparse.Namespace:
    """Read the command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cities", type=int, default=10_000, help="cities added (10,000)")
    parser.add_argument("--database-url", help="PostgreSQL database to build (emptied)")
    parser.add_argument("--restore-url", help="PostgreSQL database to restore into (emptied)")
    return parser.parse_args()


def load_average() -> str:
    """Return the 1, 5 and 15-minute load averages of the machine."""
    return " ".join(f"{value:.1f}" for value in os.getloadavg())


def add_cities(count: int) -> dict[str, int]:
    """Add member cities with every demo round's response, answers and scores, in bulk.

    Cities and responses are created through the ORM; answers and scores are copied from
    the template responses inside the database (INSERT … SELECT over a map of new to
    template response), every column of the model included, so new fields follow.
    """
    from django.db import connection, transaction
    from django.utils import timezone

    from icc.index.models import Answer, Response, Round, Score
    from icc.network.models import City

    today = timezone.localdate()
    templates = {
        index_round: list(Response.objects.filter(round=index_round).order_by("pk"))
        for index_round in Round.objects.order_by("opens_on")
    }
    templates = {key: value for key, value in templates.items() if value}
    pairs: list[tuple[int, int]] = []
    with transaction.atomic():
        for start in range(0, count, CHUNK):
            numbers = range(start, min(count, start + CHUNK))
            cities = City.objects.bulk_create(
                City(
                    name=f"Bench City {n}",
                    search_name=f"bench city {n}",
                    slug=f"bench-city-{n}",
                    country="FR",
                    status=City.Status.MEMBER,
                    joined_on=today.replace(year=2012),
                    population=50_000 + n,
                )
                for n in numbers
            )
            for index_round, sources in templates.items():
                chosen = [sources[n % len(sources)] for n in numbers]
                responses = Response.objects.bulk_create(
                    Response(
                        round=index_round,
                        city=city,
                        status=source.status,
                        has_public_consent=source.has_public_consent,
                        submitted_at=source.submitted_at,
                        validated_at=source.validated_at,
                        published_on=source.published_on,
                        scores_computed_at=source.scores_computed_at,
                    )
                    for city, source in zip(cities, chosen, strict=True)
                )
                pairs += [
                    (response.pk, source.pk)
                    for response, source in zip(responses, chosen, strict=True)
                ]
        with connection.cursor() as cursor:
            cursor.execute("CREATE TEMPORARY TABLE bench_map (new_id integer, template_id integer)")
            cursor.executemany("INSERT INTO bench_map VALUES (%s, %s)", pairs)
            for model in (Answer, Score):
                columns = [
                    field.column for field in model._meta.concrete_fields if not field.primary_key
                ]
                selected = [
                    "m.new_id" if column == "response_id" else f"t.{column}" for column in columns
                ]
                cursor.execute(
                    f"INSERT INTO {model._meta.db_table} ({', '.join(columns)}) "  # noqa: S608
                    f"SELECT {', '.join(selected)} FROM bench_map m "
                    f"JOIN {model._meta.db_table} t ON t.response_id = m.template_id"
                )
            cursor.execute("DROP TABLE bench_map")
    return {
        "cities": count,
        "responses": len(pairs),
        "answers": Answer.objects.count(),
        "scores": Score.objects.count(),
    }


def database_size(engine: str, var_dir: Path) -> int:
    """Return the size of the database in bytes."""
    if engine == "sqlite":
        return sum(path.stat().st_size for path in var_dir.glob("bench.sqlite3*"))
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_database_size(current_database())")
        return int(cursor.fetchone()[0])


def command_env(var_dir: Path, database_url: str) -> dict[str, str]:
    """Return the environment of a management command on one database and var folder."""
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in ("DEBUG", "CACHE_DIR", "CACHE_URL", "TASKS_BACKEND")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        ICC_HTTPS="0",
        ICC_VAR_DIR=str(var_dir),
        MAIL_BACKEND="console",
        DATABASE_URL=database_url,
    )
    return env


def empty_postgres(env: dict[str, str]) -> None:
    """Drop every table of the PostgreSQL database the restore goes into."""
    script = "from django.db import connection; connection.cursor().execute("
    script += "'DROP SCHEMA public CASCADE; CREATE SCHEMA public;')"
    subprocess.run(  # noqa: S603
        [PYTHON, "manage.py", "shell", "-c", script], cwd=ROOT, env=env, check=True
    )


def timed(env: dict[str, str], *command: str) -> tuple[float, str]:
    """Run a management command; return its wall time and its output."""
    started = time.monotonic()
    result = subprocess.run(  # noqa: S603
        [PYTHON, "manage.py", *command],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.monotonic() - started
    if result.returncode:
        sys.exit(f"manage.py {' '.join(command)} failed:\n{result.stdout}\n{result.stderr}")
    return seconds, result.stdout


if __name__ == "__main__":
    sys.exit(main())
