"""Time the rumour catalogue's search at --rumours rumours (default 10,000) and the public pages.

Builds a database of its own in var/bench/antirumours_pages/ (SQLite, or PostgreSQL with
--database-url, which it empties) with --rumours published rumours, each with a factual
and a narrative counter-argument in English and French, indexed in the catalogue's
full-text tables by the practices' search code (decision 0046). Then, in-process:

- search: ``icc.antirumours.selectors.search_rumours`` for a rare word, a common word and a
  French word found by its stem, then the first page of 30 ids;
- the signed-in catalogue page with a search (a coordinator);
- the public rumour page and the public list for a visitor, with the public page cache
  off (every request rendered) and on (as visitors get it).

Prints p50/p95/max in milliseconds, with the machine's load average.

    .venv/bin/python benchmarks/antirumours_pages.py
    .venv/bin/python benchmarks/antirumours_pages.py --database-url postgres://icc:icc@127.0.0.1:5432/icc_antirumours_bench
"""

import argparse
import random
import statistics
import time
from pathlib import Path

from bench_setup import ROOT, start_on_empty_database

VAR_DIR = ROOT / "var" / "bench" / "antirumours_pages"
ENGLISH = [
    "jobs",
    "housing",
    "aid",
    "taxes",
    "shops",
    "school",
    "health",
    "neighbours",
    "wages",
    "benefits",
    "crime",
    "noise",
    "language",
    "religion",
    "street",
    "market",
    "park",
    "bus",
    "doctor",
    "rent",
    "council",
]
FRENCH = [
    "emplois",
    "logement",
    "aides",
    "impôts",
    "commerces",
    "école",
    "santé",
    "voisins",
    "salaires",
    "prestations",
    "délinquance",
    "bruit",
    "langue",
    "religion",
    "rue",
    "marché",
    "parc",
    "bus",
    "médecin",
    "loyer",
    "conseil",
]
RARE = ("lighthouse", "phare")


def generate(count: int) -> None:
    from datetime import date

    from django.db import transaction
    from django.utils import timezone

    from icc.antirumours.models import CounterArgument, Rumour, Theme
    from icc.antirumours.selectors import RUMOUR_DOCUMENTS, rumour_documents
    from icc.practices.selectors import index_search_documents

    random.seed(19)
    theme = Theme.classic("services")
    now = timezone.now()
    with transaction.atomic():
        rumours = Rumour.objects.bulk_create(
            Rumour(
                theme=theme,
                statement_en=" ".join(random.sample(ENGLISH, 5)).capitalize()
                + (f" {RARE[0]}" if n % 1000 == 0 else ""),
                statement_fr=" ".join(random.sample(FRENCH, 5)).capitalize()
                + (f" {RARE[1]}" if n % 1000 == 0 else ""),
                status="published",
                published_at=now,
            )
            for n in range(count)
        )
        CounterArgument.objects.bulk_create(
            CounterArgument(
                rumour=rumour,
                kind=kind,
                text_en=" ".join(random.sample(ENGLISH, 12)),
                text_fr=" ".join(random.sample(FRENCH, 12)),
                source_title="Report" if kind == "factual" else "",
                source_publisher="Office" if kind == "factual" else "",
                source_date=date(2024, 1, 1) if kind == "factual" else None,
                source_url="https://example.org/" if kind == "factual" else "",
            )
            for rumour in rumours
            for kind in ("factual", "narrative")
        )
        chunk = 2000
        for start in range(0, count, chunk):
            rows = list(
                Rumour.objects.filter(
                    pk__in=[r.pk for r in rumours[start : start + chunk]]
                ).prefetch_related("counters")
            )
            index_search_documents(RUMOUR_DOCUMENTS, rumour_documents(rows))


def timed(call, runs: int) -> list[float]:
    call()
    durations = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        durations.append((time.perf_counter() - start) * 1000)
    durations.sort()
    return durations


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rumours", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    start_on_empty_database(VAR_DIR, args.database_url, {"ICC_PUBLIC_PAGE_CACHE_SECONDS": "0"})
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)
    start = time.perf_counter()
    generate(args.rumours)
    print(f"generated and indexed {args.rumours} rumours in {time.perf_counter() - start:.1f} s")

    from django.conf import settings
    from django.db import connection
    from django.test import Client

    from icc.accounts.models import Role, User
    from icc.accounts.services import grant_role
    from icc.antirumours.models import Rumour
    from icc.antirumours.selectors import published_rumours, search_rumours
    from icc.network import services as network_services
    from icc.network.models import City

    city = network_services.create_city(
        created_by=None, name="Lyon", slug="lyon", country="FR", status=City.Status.MEMBER
    )
    person = User.objects.create_user("coordinator@bench.test", "x", full_name="Coordinator")
    grant_role(person, Role.CITY_COORDINATOR, granted_by=None, city=city)
    reader = Client(HTTP_HOST="127.0.0.1")
    reader.force_login(person)
    visitor = Client(HTTP_HOST="127.0.0.1")
    middle = Rumour.objects.order_by("pk")[args.rumours // 2].pk

    def search(query: str):
        def call() -> None:
            ids = list(search_rumours(published_rumours(), query).values_list("pk", flat=True)[:30])
            assert ids, query

        return call

    def page(client: Client, path: str):
        def call() -> None:
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)

        return call

    requests = [
        ("search, rare word (10 found)", search("lighthouse")),
        ("search, common word", search("housing")),
        ("search, « logements » (stem)", search("logements")),
        ("search, two words", search("jobs wages")),
        (
            "catalogue page, search (signed in)",
            page(reader, "/en/anti-rumours/catalogue/?q=housing"),
        ),
        ("public rumour page (visitor)", page(visitor, f"/en/rumours-and-facts/{middle}/")),
        ("public list, search (visitor)", page(visitor, "/fr/rumeurs-et-faits/?q=logement")),
    ]
    print(f"database: {connection.vendor}")
    print(f"load average: {' '.join(Path('/proc/loadavg').read_text().split()[:3])}")
    print(f"{'request':38} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for label, call in requests:
        durations = timed(call, args.runs)
        p95 = durations[max(0, round(len(durations) * 0.95) - 1)]
        print(f"{label:38} {statistics.median(durations):8.1f} {p95:8.1f} {durations[-1]:8.1f}")
    settings.ICC_PUBLIC_PAGE_CACHE_SECONDS = 300
    label, call = (
        "public rumour page, page cache on",
        page(visitor, f"/en/rumours-and-facts/{middle}/"),
    )
    durations = timed(call, args.runs)
    p95 = durations[max(0, round(len(durations) * 0.95) - 1)]
    print(f"{label:38} {statistics.median(durations):8.1f} {p95:8.1f} {durations[-1]:8.1f}")


if __name__ == "__main__":
    main()
