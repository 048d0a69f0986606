"""Time a national strategy's map for a network of 1,000 cities (target: under 500 ms).

1,000 member cities of one country, each with two published practices in two Index
areas; 600 of those practices have confirmed uptakes (1,000 in all). Prints the median
over 7 runs of ``selectors.strategy_map`` (coverage, backing practices and their titles,
gaps with the cities that could fill them).

    .venv/bin/python benchmarks/policylab_strategy_map.py
    .venv/bin/python benchmarks/policylab_strategy_map.py --database-url postgres://icc:icc@127.0.0.1:5432/icc_policylab_bench
"""

import argparse
import datetime
import random
import statistics
import time

from bench_setup import ROOT, start_on_empty_database

CITIES = 1000
RUNS = 7


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url")
    options = parser.parse_args()
    start_on_empty_database(ROOT / "var" / "bench" / "policylab_map", options.database_url)

    from django.utils import timezone

    from icc.network.models import City
    from icc.policylab import framework, selectors
    from icc.policylab.models import Stakeholder, Uptake
    from icc.policylab.services import strategies
    from icc.practices.areas import area_codes
    from icc.practices.models import Practice, PracticeArea, PracticeTranslation

    rng = random.Random(11)  # noqa: S311 - a repeatable shape, not a secret
    cities = City.objects.bulk_create(
        City(name=f"Ciudad {n}", slug=f"ciudad-{n}", country="ES", status="member")
        for n in range(CITIES)
    )
    now = timezone.now()
    practices = Practice.objects.bulk_create(
        Practice(
            slug=f"p-{n}",
            city=cities[n // 2],
            country="ES",
            started_year=2012,
            status="published",
            published_at=now,
        )
        for n in range(2 * CITIES)
    )
    codes = area_codes()
    PracticeTranslation.objects.bulk_create(
        PracticeTranslation(practice=p, language="en", title=f"Practice {p.slug}", summary="-")
        for p in practices
    )
    PracticeArea.objects.bulk_create(
        PracticeArea(practice=p, area=area) for p in practices for area in rng.sample(codes, 2)
    )
    body = Stakeholder.objects.create(
        name="Region", level="regional", kind="public_authority", country="ES"
    )
    travelled = rng.sample(practices, 600)
    Uptake.objects.bulk_create(
        Uptake(
            practice_id=p.pk,
            kind="policy",
            adopter_stakeholder=body,
            adopted_on=datetime.date(2015 + n % 5, 1, 1),
            evidence_url="https://example.org/e",
            status="confirmed",
            confirmed_at=now,
        )
        for n, p in enumerate(travelled + travelled[:400])
    )
    strategy = strategies.create_strategy(
        created_by=None, record={"title": "Estrategia", "country": "ES"}, slug="es"
    )
    strategies.map_strategy(
        strategy,
        mapped_by=None,
        expected_version=None,
        coverage=dict.fromkeys(framework.element_codes(), "partly"),
    )

    def run() -> float:
        start = time.perf_counter()
        groups = selectors.strategy_map(strategy)
        elapsed = time.perf_counter() - start
        assert sum(row.uptake_count > 0 for g in groups for row in g.rows) > 0
        return elapsed

    run()
    median = statistics.median(run() for _ in range(RUNS))
    engine = "PostgreSQL" if options.database_url else "SQLite"
    print(f"policylab strategy map, {CITIES} cities, {len(practices)} practices, {engine}:")
    print(f"  strategy map (median of {RUNS}): {median * 1000:.0f} ms (target < 500 ms)")
    return 0 if median < 0.5 else 1


if __name__ == "__main__":
    raise SystemExit(main())
