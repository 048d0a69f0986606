"""Time a city's communication kit: the factsheet PDF and the 1200×630 share card together.

Builds a database of its own in var/bench/learning_kit/ (SQLite), with one member city
that has a published Index result (2019 edition), then renders, in each language, the
factsheet (WeasyPrint) and the share card (Pillow) from the city's published facts, as
the two download links do. Prints p50/p95/max in milliseconds for each and for the pair.

    .venv/bin/python benchmarks/learning_kit.py --runs 10
"""

import argparse
import statistics
import time
from datetime import date
from pathlib import Path

from bench_setup import ROOT, start_on_empty_database

VAR_DIR = ROOT / "var" / "bench" / "learning_kit"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    start_on_empty_database(VAR_DIR, None, {"ICC_PUBLIC_PAGE_CACHE_SECONDS": "0"})

    from icc.index.services.results import store_round_results
    from icc.index.tests.factories import publish_result, shipped_round
    from icc.learning import kit
    from icc.network import services as network_services
    from icc.network.models import City

    city = network_services.create_city(
        created_by=None,
        name="Lyon",
        slug="lyon",
        country="FR",
        status=City.Status.MEMBER,
        joined_on="2008-01-15",
    )
    index_round = shipped_round("2019")
    publish_result(index_round, city, 0.7, published_on=date(2025, 3, 1))
    store_round_results(index_round)

    def factsheet(language: str) -> None:
        found = kit.facts(city, language)
        kit.render_factsheet(city, found, kit.messages_for(city, language, found), language)

    def card(language: str) -> None:
        found = kit.facts(city, language)
        kit.render_card(found, kit.messages_for(city, language, found), language)

    def both(language: str) -> None:
        factsheet(language)
        card(language)

    print(f"load average: {' '.join(Path('/proc/loadavg').read_text().split()[:3])}")
    print(f"{'render':34} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for label, call in (
        ("factsheet PDF, fr", lambda: factsheet("fr")),
        ("share card PNG, fr", lambda: card("fr")),
        ("factsheet + card, en", lambda: both("en")),
    ):
        call()
        durations = []
        for _ in range(args.runs):
            start = time.perf_counter()
            call()
            durations.append((time.perf_counter() - start) * 1000)
        durations.sort()
        p95 = durations[max(0, round(len(durations) * 0.95) - 1)]
        print(f"{label:34} {statistics.median(durations):8.1f} {p95:8.1f} {durations[-1]:8.1f}")


if __name__ == "__main__":
    main()
