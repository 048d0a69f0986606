"""Time peer recommendations for every city of a generated 10,000-city network.

Goal (connections issue): under 5 s for all cities. The machine may be shared:
the script prints the CPU time the process used and the load average beside
the wall-clock figure.

    .venv/bin/python benchmarks/connections_matching.py [--cities 10000]
"""

import argparse
import os
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cities", type=int, default=10_000)
    args = parser.parse_args()
    from icc.connections.matching import CityContext, Network

    rng = random.Random(5)  # noqa: S311 - generated data
    areas = [f"area{number}" for number in range(15)]
    cities = [
        CityContext(
            city_id=number,
            name=f"City {number}",
            population=rng.randint(20_000, 3_000_000),
            foreign_born_share=Decimal(rng.randint(20, 450)) / 10,
            languages=(rng.choice(["en", "fr", "de", "it", "es", "pt", "nb", "uk"]),),
            national_network_id=rng.choice([None, *range(1, 12)]),
            scores={area: Decimal(rng.randint(0, 100)) for area in areas},
        )
        for number in range(args.cities)
    ]
    started, cpu_started = time.perf_counter(), time.process_time()
    network = Network(cities)
    built = time.perf_counter() - started
    found = sum(len(peers) for city in cities for peers in network.recommend(city.city_id).values())
    elapsed = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    print(f"{args.cities:,} cities, 15 areas: {found:,} recommendations")
    print(
        f"  lookup tables: {built:.2f} s; everything: {elapsed:.2f} s, {cpu:.2f} s of CPU "
        f"(goal under 5 s: {'met' if elapsed < 5 else 'MISSED'})"
    )
    print("  load average: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    return 0 if elapsed < 5 else 1


if __name__ == "__main__":
    sys.exit(main())
