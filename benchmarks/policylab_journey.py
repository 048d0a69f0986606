"""Time the journey of a practice with 500 confirmed uptakes (target: under 300 ms).

One published practice of Lyon is taken up by 300 other cities and 200 regional,
national and European bodies, each from the origin or from an earlier uptake. Prints the
median over 7 runs of: the journey read and drawn (``selectors.journey_page``: query,
graph, SVG by drawsvg, the list), and the whole page as a visitor gets it (the page cache
emptied before each run).

    .venv/bin/python benchmarks/policylab_journey.py
    .venv/bin/python benchmarks/policylab_journey.py --database-url postgres://icc:icc@127.0.0.1:5432/icc_policylab_bench
"""

import argparse
import datetime
import random
import statistics
import time

from bench_setup import ROOT, start_on_empty_database

UPTAKES = 500
CITIES = 300
RUNS = 7


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url")
    options = parser.parse_args()
    start_on_empty_database(ROOT / "var" / "bench" / "policylab_journey", options.database_url)

    from django.core.cache import cache
    from django.test import Client
    from django.utils import timezone

    from icc.network.models import City
    from icc.policylab import selectors
    from icc.policylab.models import Stakeholder, Uptake
    from icc.practices.tests.conftest import write_practice

    rng = random.Random(7)  # noqa: S311 - a repeatable shape, not a secret
    lyon = City.objects.create(name="Lyon", slug="lyon", country="FR", status="member")
    others = City.objects.bulk_create(
        City(name=f"City {n}", slug=f"city-{n}", country="FR", status="member")
        for n in range(CITIES)
    )
    levels = ["regional", "national", "european"]
    bodies = Stakeholder.objects.bulk_create(
        Stakeholder(name=f"Body {n}", level=levels[n % 3], kind="public_authority", country="FR")
        for n in range(UPTAKES - CITIES)
    )
    practice = write_practice(
        lyon, en={"title": "Neighbours' tables"}, started_year=2010, publish=True
    )
    made: list[Uptake] = []
    adopters = [{"adopter_city": c} for c in others] + [{"adopter_stakeholder": b} for b in bodies]
    now = timezone.now()
    for n, adopter in enumerate(adopters):
        source = made[rng.randrange(len(made))] if made and n % 3 else None
        uptake = Uptake(
            practice_id=practice.pk,
            kind="adoption" if "adopter_city" in adopter else "policy",
            source=source,
            adopted_on=datetime.date(2011, 1, 1) + datetime.timedelta(days=5 * n),
            evidence_url="https://example.org/e",
            status="confirmed",
            confirmed_at=now,
            **adopter,
        )
        uptake.save()
        made.append(uptake)
    facts = selectors.practice_by_slug(practice.slug)
    assert facts is not None

    def read() -> float:
        start = time.perf_counter()
        page = selectors.journey_page(facts, confirmed_only=True)
        elapsed = time.perf_counter() - start
        assert page["svg"].count("<rect") == UPTAKES + 1
        return elapsed

    from django.test import override_settings

    # The page as rendered, without the collected static files' manifest a server would have.
    plain_static = override_settings(
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
    )
    plain_static.enable()
    client = Client()
    address = f"/en/policy-lab/journeys/{practice.slug}/"

    def whole_page() -> float:
        cache.clear()
        start = time.perf_counter()
        response = client.get(address, HTTP_HOST="localhost")
        elapsed = time.perf_counter() - start
        assert response.status_code == 200, (response.status_code, response.get("Location"))
        return elapsed

    read()
    whole_page()
    journey = statistics.median(read() for _ in range(RUNS))
    page = statistics.median(whole_page() for _ in range(RUNS))
    engine = "PostgreSQL" if options.database_url else "SQLite"
    print(f"policylab journey, {UPTAKES} uptakes, {engine}:")
    print(f"  journey read and drawn (median of {RUNS}): {journey * 1000:.0f} ms (target < 300 ms)")
    print(f"  whole page for a visitor (median of {RUNS}): {page * 1000:.0f} ms")
    return 0 if journey < 0.3 else 1


if __name__ == "__main__":
    raise SystemExit(main())
