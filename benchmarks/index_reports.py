"""Time the city report's PDF: one city, then every demo city of the latest round.

Builds a database of its own in var/bench/index/ (migrate and load_demo: the demo
network publishes two Index rounds through the real services), then renders the
report page as PDF, in English and in French, through Django's test client and
``offers_pdf`` (WeasyPrint), as a visitor's request would. Prints the time of one
PDF (median of --runs) and the total for every city of the latest round, one
after another (the figure a background job for the whole network would take).

    .venv/bin/python benchmarks/index_reports.py            # goal: one PDF under 2 s
    .venv/bin/python benchmarks/index_reports.py --reuse-db --runs 3
"""

import argparse
import os
import shutil
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VAR_DIR = ROOT / "var" / "bench" / "index"
GOAL_SECONDS = 2.0


def setup(reuse: bool) -> None:
    database = VAR_DIR / "bench.sqlite3"
    if not reuse and VAR_DIR.exists():
        shutil.rmtree(VAR_DIR)
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    for name in ("CACHE_DIR", "TASKS_BACKEND", "DEBUG"):
        os.environ.pop(name, None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    os.environ["ICC_HTTPS"] = "0"
    os.environ["ICC_VAR_DIR"] = str(VAR_DIR)
    os.environ["MAIL_BACKEND"] = "console"
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    built = database.exists() and reuse
    call_command("migrate", verbosity=0)
    if not built:
        call_command("load_demo", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)


def render(client: object, path: str) -> float:
    started = time.perf_counter()
    response = client.get(path, {"format": "pdf"})  # type: ignore[attr-defined]
    elapsed = time.perf_counter() - started
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf", path
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--reuse-db", action="store_true")
    args = parser.parse_args()
    setup(args.reuse_db)

    from django.test import Client
    from django.urls import reverse
    from django.utils import translation

    from icc.index import reports

    client = Client(HTTP_HOST="127.0.0.1")
    index_round = reports.published_rounds()[0]
    slugs = [entry.slug for entry in reports.sample_for(index_round).entries]
    paths = {}
    for language in ("en", "fr"):
        with translation.override(language):
            paths[language] = reverse("index:city-report", args=["lyon"])
    render(client, paths["en"])  # WeasyPrint's first import and fonts
    one = {
        language: statistics.median(render(client, path) for _ in range(args.runs))
        for language, path in paths.items()
    }
    started = time.perf_counter()
    for slug in slugs:
        with translation.override("en"):
            render(client, reverse("index:city-report", args=[slug]))
    total = time.perf_counter() - started

    print(
        f"one city's report as PDF (median of {args.runs}): "
        f"English {one['en']:.2f} s, French {one['fr']:.2f} s"
    )
    print(
        f"every city of round {index_round.label} ({len(slugs)} PDFs, one after another): "
        f"{total:.1f} s"
    )
    worst = max(one.values())
    print(f"goal: one PDF under {GOAL_SECONDS} s — {'met' if worst < GOAL_SECONDS else 'MISSED'}")
    return 0 if worst < GOAL_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
