"""Count lost updates when many editors save the same practice at once, for a while.

Builds a database of its own in var/bench/lost-updates/ (SQLite, or PostgreSQL with
--database-url), writes one practice of one city, then starts --editors processes
(``icc/practices/tests/concurrent_editor.py``) that each keep reading the edit form and
saving it with a summary of their own for --seconds. A save answered "saved" is kept when
the next saved edit started from it (or it is the final text); any other was overwritten by
someone who never saw it: a lost update.

    .venv/bin/python benchmarks/practices_lost_updates.py                  # 20 editors, 60 s
    .venv/bin/python benchmarks/practices_lost_updates.py --database-url postgres://…/icc_bench
"""

import argparse
import json
import os
import subprocess
import sys
import time

from bench_setup import ROOT, start_on_empty_database

VAR_DIR = ROOT / "var" / "bench" / "lost-updates"
EMAIL = "coordinator@bench.example"


def setup(database_url: str | None) -> str:
    """Build the city, its coordinator and the practice; return the practice's slug."""
    start_on_empty_database(VAR_DIR, database_url)
    from icc.accounts.models import Role, User
    from icc.accounts.services import grant_role
    from icc.network import services as network_services
    from icc.network.models import City
    from icc.practices import services

    city = network_services.create_city(
        created_by=None,
        name="Bench City",
        slug="bench-city",
        country="FR",
        status=City.Status.MEMBER,
        joined_on="2010-01-01",
    )
    coordinator = User.objects.create_user(EMAIL, None, full_name="Bench Coordinator")
    grant_role(coordinator, Role.CITY_COORDINATOR, granted_by=None, city=city)
    practice = services.create_practice(
        created_by=coordinator,
        record={"level": "local", "city": city, "started_year": 2020},
        texts={"en": {"title": "contested", "summary": "start"}},
    )
    return practice.slug


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--editors", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--database-url", help="a PostgreSQL database to empty and use")
    options = parser.parse_args()
    slug = setup(options.database_url)
    from django.conf import settings

    # The test settings spare the editors a collectstatic; the code they run is the same.
    environment = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "tests.process_settings",
    }
    environment["DATABASE_URL"] = options.database_url or (
        f"sqlite:///{settings.DATABASES['default']['NAME']}"
    )
    barrier = VAR_DIR / "barrier"
    barrier.mkdir()
    editors = [
        subprocess.Popen(  # noqa: S603 — our own command
            [
                sys.executable,
                "-m",
                "icc.practices.tests.concurrent_editor",
                slug,
                EMAIL,
                f"editor{number}",
                "--seconds",
                str(options.seconds),
                "--barrier",
                str(barrier),
            ],
            cwd=ROOT,
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for number in range(options.editors)
    ]
    # Every editor starts its clock at once, when all of them are signed in.
    while len(list(barrier.glob("ready-*"))) < options.editors:
        if any(editor.poll() is not None for editor in editors):
            sys.exit("An editor stopped before the start.")
        time.sleep(0.1)
    started = time.monotonic()
    (barrier / "go").touch()
    outputs = [editor.communicate() for editor in editors]
    elapsed = time.monotonic() - started
    for editor, (_out, err) in zip(editors, outputs, strict=True):
        if editor.returncode:
            sys.exit(f"An editor failed:\n{err}")
    saves = [json.loads(line) for out, _err in outputs for line in out.splitlines()]

    from icc.core.models import Activity
    from icc.practices.models import Practice
    from icc.practices.tests.concurrent_editor import lost_updates

    practice = Practice.objects.get(slug=slug)
    final = practice.text("en")
    saved, kept = lost_updates(saves, final.summary if final else "")
    updates = Activity.objects.about(practice).filter(verb="practice.updated").count()
    answers = {
        name: sum(1 for save in saves if save["answer"] == name) for name in ("conflict", "other")
    }
    engine = "PostgreSQL" if options.database_url else "SQLite"
    print(f"{options.editors} editors, {options.seconds:.0f} s each, {engine}, {elapsed:.0f} s")
    print(f"  saves sent            {len(saves)}")
    print(f"  answered saved        {saved}")
    print(f"  answered conflict     {answers['conflict']} (both versions shown, nothing written)")
    print(f"  other answers         {answers['other']}")
    print(f"  saved edits kept      {kept}")
    print(f"  lost updates          {saved - kept}")
    print(f"  history entries       {updates}; version now {practice.version}")
    sys.exit(1 if saved != kept or answers["other"] else 0)


if __name__ == "__main__":
    main()
