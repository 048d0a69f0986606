"""Time an initiative's partner suggestions in a 10,000-city network and its workspace page.

Goals (issue 17): partner suggestions for a call in a 10,000-city network < 1 s; a
workspace page with 500 tasks and 1,000 documents p95 < 150 ms. On a database of its
own (SQLite under var/bench/initiatives/, or --database-url). The published results are
generated in memory and handed to the suggestion selector in place of
``latest_published_results`` (that read is timed by benchmarks/index_results.py); the
cities, the call and the workspace are real rows. The machine may be shared: the script
prints the load average.

    .venv/bin/python benchmarks/initiatives_pages.py [--cities 10000] [--database-url URL]
"""

import argparse
import os
import random
import statistics
import sys
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_setup import ROOT, start_on_empty_database

SUGGESTIONS_GOAL = 1.0
WORKSPACE_GOAL_MS = 150.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cities", type=int, default=10_000)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--freeze-gc", action="store_true", help="gc.freeze() before timing")
    parser.add_argument("--profile", action="store_true", help="print a cProfile of 10 pages")
    args = parser.parse_args()
    start_on_empty_database(ROOT / "var" / "bench" / "initiatives", args.database_url)
    from django.core.management import call_command

    # Pages name their hashed static files, as in production.
    call_command("collectstatic", interactive=False, verbosity=0)

    from django.test import Client

    from icc.accounts.models import Role, User
    from icc.accounts.services import grant_role
    from icc.connections.initiatives import selectors
    from icc.connections.initiatives.models import (
        Document,
        DocumentVersion,
        Initiative,
        Meeting,
        Member,
        Task,
        WorkPackage,
    )
    from icc.network.models import City

    rng = random.Random(17)  # noqa: S311 - generated data
    languages = ["en", "fr", "de", "it", "es", "pt", "nb", "uk"]
    areas = [f"area{number}" for number in range(17)]
    City.objects.bulk_create(
        [
            City(
                name=f"City {number}",
                slug=f"city-{number}",
                country="FR",
                status=City.Status.MEMBER,
                population=rng.randint(20_000, 3_000_000),
                foreign_born_share=Decimal(rng.randint(20, 450)) / 10,
                languages=rng.sample(languages, rng.randint(1, 2)),
            )
            for number in range(args.cities)
        ],
        batch_size=1000,
    )
    results = {
        pk: SimpleNamespace(areas={area: Decimal(rng.randint(0, 100)) for area in areas})
        for pk in City.objects.values_list("pk", flat=True)
    }
    selectors.latest_published_results = lambda: results  # type: ignore[assignment]
    lead = City.objects.order_by("pk").first()
    assert lead is not None
    call = Initiative.objects.create(
        title="Bench call",
        aim="Bench",
        areas=["area1", "area2"],
        lead_city=lead,
        wanted_language="fr",
        wanted_area="area3",
        deadline=date.today() + timedelta(days=30),
    )
    Member.objects.create(initiative=call, city=lead, role=Member.Role.LEAD)
    timings = []
    for _run in range(5):
        started = time.perf_counter()
        found = selectors.suggested_partners(call)
        timings.append(time.perf_counter() - started)
    print(
        f"Partner suggestions, {args.cities} cities: median {statistics.median(timings):.3f} s,"
        f" max {max(timings):.3f} s ({len(found)} suggested; goal < {SUGGESTIONS_GOAL} s)"
    )

    cities = list(City.objects.order_by("pk")[:5])
    Member.objects.bulk_create(
        [Member(initiative=call, city=city, role=Member.Role.PARTNER) for city in cities[1:]]
    )
    Initiative.objects.filter(pk=call.pk).update(status=Initiative.Status.RUNNING)
    packages = WorkPackage.objects.bulk_create(
        [WorkPackage(initiative=call, title=f"Package {n}") for n in range(10)]
    )
    Task.objects.bulk_create(
        [
            Task(work_package=packages[n % 10], title=f"Task {n}", owner=cities[n % 5])
            for n in range(500)
        ]
    )
    documents = Document.objects.bulk_create(
        [Document(initiative=call, title=f"Document {n:04}") for n in range(1000)]
    )
    DocumentVersion.objects.bulk_create(
        [
            DocumentVersion(
                document=document,
                number=1,
                file=f"initiatives/{call.pk}/doc{document.pk}.pdf",
                content_type="application/pdf",
                size=1000,
            )
            for document in documents
        ]
    )
    Meeting.objects.bulk_create(
        [
            Meeting(initiative=call, title=f"Meeting {n}", meets_on=date.today() + timedelta(n))
            for n in range(20)
        ]
    )
    user = User.objects.create_user(email="bench@example.org", password=None)
    grant_role(user, Role.CITY_COORDINATOR, granted_by=None, city=lead)
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    path = f"/en/initiatives/{call.pk}/workspace/"
    assert client.get(path).status_code == 200
    times = []
    if args.freeze_gc:
        import gc

        gc.collect()
        gc.freeze()  # as a preloading server does after start-up
    if args.profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.enable()
        for _run in range(10):
            client.get(path)
        profiler.disable()
        stats = pstats.Stats(profiler)
        stats.sort_stats("cumulative").print_stats(30)
        stats.sort_stats("tottime").print_stats(20)
        stats.print_callees("initiative_workspace")
        stats.print_callees("selectors.py.*workspace")
    from django.db import connection

    queries: list[str] = []

    def count(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        client.get(path)
    print(f"Queries for one workspace page: {len(queries)}")
    print(f"Load average before timing: {os.getloadavg()}")
    cpu_times = []
    for _run in range(args.requests):
        started, cpu_started = time.perf_counter(), time.process_time()
        response = client.get(path)
        times.append((time.perf_counter() - started) * 1000)
        cpu_times.append((time.process_time() - cpu_started) * 1000)
        assert response.status_code == 200
    print("slowest", [round(t) for t in sorted(times)[-8:]], "first", [round(t) for t in times[:8]])
    times.sort()
    cpu_times.sort()
    p95 = times[int(len(times) * 0.95) - 1]
    cpu_p95 = cpu_times[int(len(cpu_times) * 0.95) - 1]
    print(
        f"Workspace page, 500 tasks, 1,000 documents, 20 meetings: wall median"
        f" {statistics.median(times):.0f} ms, p95 {p95:.0f} ms; CPU median"
        f" {statistics.median(cpu_times):.0f} ms, p95 {cpu_p95:.0f} ms"
        f" (goal p95 < {WORKSPACE_GOAL_MS:.0f} ms; {len(response.content) // 1024} KiB of HTML)"
    )
    reference = []
    for _run in range(20):
        cpu_started = time.process_time()
        client.get("/en/initiatives/")
        reference.append((time.process_time() - cpu_started) * 1000)
    print(
        f"For reference, the list of calls (a small page of the same frame): CPU median"
        f" {statistics.median(reference):.0f} ms"
    )
    print(f"Load average after timing: {os.getloadavg()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
