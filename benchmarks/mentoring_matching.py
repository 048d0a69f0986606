"""Time mentor proposals for every newcomer of a generated 10,000-city network.

Goal (mentoring issue 16): under 5 s for every newcomer, reasons in words included.
10,000 cities with 17 Index areas each; 300 of them are pilot cities (each mentoring
in 5 areas, 1 to 3 places); every other city is treated as a newcomer, the worst case.
The machine may be shared: the script prints the CPU time and the load average.

    .venv/bin/python benchmarks/mentoring_matching.py [--cities 10000] [--mentors 300]
"""

import argparse
import os
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
GOAL_SECONDS = 5.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cities", type=int, default=10_000)
    parser.add_argument("--mentors", type=int, default=300)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.utils import translation

    from icc.connections.matching import CityContext
    from icc.connections.mentoring.matching import MentorContext, MentorPool, reasons

    rng = random.Random(16)  # noqa: S311 - generated data
    areas = [f"area{number}" for number in range(17)]
    languages = ["en", "fr", "de", "it", "es", "pt", "nb", "uk"]
    cities = [
        CityContext(
            city_id=number,
            name=f"City {number}",
            population=rng.randint(20_000, 3_000_000),
            foreign_born_share=Decimal(rng.randint(20, 450)) / 10,
            languages=tuple(rng.sample(languages, rng.randint(1, 2))),
            national_network_id=rng.choice([None, *range(1, 12)]),
            scores={area: Decimal(rng.randint(0, 100)) for area in areas},
        )
        for number in range(args.cities)
    ]
    mentors = [
        MentorContext(
            city=city,
            areas=frozenset(rng.sample(areas, 5)),
            languages=frozenset(city.languages),
            free_places=rng.randint(0, 3),
        )
        for city in cities[: args.mentors]
    ]
    newcomers = cities[args.mentors :]
    names = {area: area.title() for area in areas}
    translation.activate("fr")
    started, cpu_started = time.perf_counter(), time.process_time()
    pool = MentorPool(mentors)
    built = time.perf_counter() - started
    proposals = sentences = 0
    for city in newcomers:
        for proposal in pool.propose(city):
            proposals += 1
            sentences += len(
                reasons(proposal, mentee_name=city.name, area_names=names, language_names={})
            )
    elapsed = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    print(
        f"{args.cities:,} cities, {args.mentors} pilot cities ({len(pool.mentors)} with a free"
        f" place), {len(newcomers):,} newcomers: {proposals:,} proposals, {sentences:,} reasons"
    )
    print(
        f"  pool: {built * 1000:.0f} ms; everything: {elapsed:.2f} s, {cpu:.2f} s of CPU "
        f"(goal under {GOAL_SECONDS:.0f} s: {'met' if elapsed < GOAL_SECONDS else 'MISSED'})"
    )
    print("  load average: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    return 0 if elapsed < GOAL_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
