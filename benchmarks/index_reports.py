"""Time the city report's PDF: one city, then every demo city of the latest round.

Builds a database of its own in var/bench/index/ (migrate and load_demo: the demo
network publishes two Index rounds through the real services), then renders the
report page as PDF, in English and in French, through Django's test client and
``offers_pdf`` (WeasyPrint), as a visitor's request would. Prints the time of one
PDF (median of --runs, wall and CPU, with the share WeasyPrint takes: the rest is
the view building the report and its HTML) and the time of the background job
that builds every city's report of the latest round into one archive
(``tasks.build_network_reports``, run in this process), with the load average.

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


class Timing:
    """Wall and CPU time of one PDF request, and the wall time spent inside WeasyPrint."""

    def __init__(self) -> None:
        self.wall = self.cpu = self.weasyprint = 0.0


def time_weasyprint(timing: list[Timing]) -> None:
    """Count the time of ``icc.core.pdf.html_to_pdf`` into the current request's timing."""
    from icc.core import pdf

    html_to_pdf = pdf.html_to_pdf

    def timed(html: str, *, base_url: str) -> bytes:
        started = time.perf_counter()
        try:
            return html_to_pdf(html, base_url=base_url)
        finally:
            timing[-1].weasyprint += time.perf_counter() - started

    pdf.html_to_pdf = timed


def render(client: object, path: str, timings: list[Timing]) -> Timing:
    timings.append(Timing())
    started, cpu = time.perf_counter(), time.process_time()
    response = client.get(path, {"format": "pdf"})  # type: ignore[attr-defined]
    timings[-1].wall = time.perf_counter() - started
    timings[-1].cpu = time.process_time() - cpu
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf", path
    return timings[-1]


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--reuse-db", action="store_true")
    args = parser.parse_args()
    setup(args.reuse_db)

    from django.test import Client
    from django.urls import reverse
    from django.utils import translation

    from icc.index.models import ReportBatch
    from icc.index.results import reports
    from icc.index.tasks import build_network_reports

    client = Client(HTTP_HOST="127.0.0.1")
    timings: list[Timing] = []
    time_weasyprint(timings)
    index_round = reports.published_rounds()[0]
    paths = {}
    for language in ("en", "fr"):
        with translation.override(language):
            paths[language] = reverse("index:city-report", args=["lyon"])
    render(client, paths["en"], timings)  # WeasyPrint's first import and fonts
    print(f"load average before: {load_average()}")
    one = {}
    for language, path in paths.items():
        runs = [render(client, path, timings) for _ in range(args.runs)]
        one[language] = statistics.median(run.wall for run in runs)
        print(
            f"one city's report as PDF, {language} (median of {args.runs}): "
            f"{one[language]:.2f} s wall, "
            f"{statistics.median(run.cpu for run in runs):.2f} s CPU, "
            f"of which WeasyPrint {statistics.median(run.weasyprint for run in runs):.2f} s wall"
        )
    # The background job itself, run in this process: every city's PDF into one archive.
    batch = ReportBatch.objects.create(round=index_round, language="en")
    started, cpu = time.perf_counter(), time.process_time()
    built = build_network_reports.call(batch_id=batch.pk)
    total, total_cpu = time.perf_counter() - started, time.process_time() - cpu
    batch.archive.delete(save=False)
    batch.delete()
    print(
        f"every city of round {index_round.label} (background job, {built} PDFs): "
        f"{total:.1f} s wall, {total_cpu:.1f} s CPU"
    )
    print(f"load average after: {load_average()}")
    worst = max(one.values())
    print(f"goal: one PDF under {GOAL_SECONDS} s — {'met' if worst < GOAL_SECONDS else 'MISSED'}")
    return 0 if worst < GOAL_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
