"""Time the comparison of two survey waves: --answers answers each (default 100,000) × 20 items.

Half the items are agreement items (1 to 5), half yes/no; each answer has a cell (4
districts × 4 age groups × 2 genders) and the first wave departs from its quotas, so
the post-stratification weights are computed. Two timings:

- analysis: weights, then each item's test (Mann–Whitney U with the rank-biserial
  interval, or the two-proportion z test with Wilson intervals), on arrays
  (``icc.antirumours.selectors.compare_matrices``, as the results page calls it);
- with --database: the same after reading both waves from a database of its own
  (var/bench/antirumours_stats/, SQLite or --database-url), as the results page does.

    .venv/bin/python benchmarks/antirumours_stats.py
    .venv/bin/python benchmarks/antirumours_stats.py --database --answers 20000
"""

import argparse
import statistics
import time
from pathlib import Path

import numpy as np
from bench_setup import ROOT, start_on_empty_database

VAR_DIR = ROOT / "var" / "bench" / "antirumours_stats"
ITEMS = 20
AGES = ("16-29", "30-44", "45-64", "65+")
GENDERS = ("woman", "man")
DISTRICTS = ("A", "B", "C", "D")


def wave(rng: np.random.Generator, n: int, shift: float) -> tuple[list, np.ndarray]:
    """Return the cells and an answers × items matrix of one wave."""
    cells = list(
        zip(
            rng.choice(DISTRICTS, n),
            rng.choice(AGES, n, p=[0.3, 0.3, 0.3, 0.1] if not shift else None),
            rng.choice(GENDERS, n),
            strict=True,
        )
    )
    matrix = np.empty((n, ITEMS))
    for column in range(ITEMS):
        if column % 2 == 0:
            matrix[:, column] = np.clip(np.round(rng.normal(3 + shift * (column < 6), 1, n)), 1, 5)
        else:
            matrix[:, column] = rng.random(n) < 0.5 - 0.05 * shift * (column < 6)
    return cells, matrix


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--database", action="store_true")
    parser.add_argument("--database-url")
    args = parser.parse_args()
    start_on_empty_database(VAR_DIR, args.database_url)
    from icc.antirumours import selectors, stats
    from icc.antirumours.models import Item

    rng = np.random.default_rng(19)
    items = [
        Item(code=f"q{n}", kind="likert" if n % 2 == 0 else "yes_no", text_en="", text_fr="")
        for n in range(ITEMS)
    ]
    targets = {(d, a, g): 10 for d in DISTRICTS for a in AGES for g in GENDERS}
    cells1, first = wave(rng, args.answers, 0.0)
    cells2, second = wave(rng, args.answers, 0.3)

    def analyse() -> list:
        w1 = stats.post_stratification_weights(cells1, targets)
        w2 = stats.post_stratification_weights(cells2, targets)
        return selectors.compare_matrices(items, (first, w1), (second, w2))

    durations = []
    for _ in range(args.runs):
        start = time.perf_counter()
        results = analyse()
        durations.append(time.perf_counter() - start)
    claimed = sum(r.comparison.change_claimed for r in results)
    print(f"load average: {' '.join(Path('/proc/loadavg').read_text().split()[:3])}")
    print(
        f"analysis of 2 waves × {args.answers:,} answers × {ITEMS} items: "
        f"median {statistics.median(durations):.3f} s, max {max(durations):.3f} s "
        f"({claimed} items with a change claimed; 6 were moved)"
    )
    if args.database:
        database(args.answers, cells1, first, cells2, second)


def database(n: int, cells1: list, first: np.ndarray, cells2: list, second: np.ndarray) -> None:
    from datetime import date

    from icc.antirumours.models import Answer, District, Item, Quota, Strategy, Survey, Wave
    from icc.antirumours.selectors import compare_waves
    from icc.network import services as network_services

    city = network_services.create_city(created_by=None, name="Bench", slug="bench", country="FR")
    strategy = Strategy.objects.create(city=city)
    districts = {d: District.objects.create(strategy=strategy, name=d) for d in DISTRICTS}
    survey = Survey.objects.create(strategy=strategy, title="Bench")
    Item.objects.bulk_create(
        Item(
            survey=survey,
            code=f"q{k}",
            kind="likert" if k % 2 == 0 else "yes_no",
            text_en="x",
            text_fr="x",
        )
        for k in range(ITEMS)
    )
    waves = []
    for label, cells, matrix in (("1", cells1, first), ("2", cells2, second)):
        w = Wave.objects.create(survey=survey, label=label, fielded_on=date(2025, 1, int(label)))
        Quota.objects.bulk_create(
            Quota(wave=w, district=districts[d], age_group=a, gender=g, target=10)
            for d in DISTRICTS
            for a in AGES
            for g in GENDERS
        )
        Answer.objects.bulk_create(
            (
                Answer(
                    wave=w,
                    district=districts[d],
                    age_group=a,
                    gender=g,
                    values={f"q{k}": int(v) for k, v in enumerate(row)},
                    source="import",
                )
                for (d, a, g), row in zip(cells, matrix, strict=True)
            ),
            batch_size=5000,
        )
        waves.append(w)
    start = time.perf_counter()
    results = compare_waves(survey, waves[0], waves[1])
    elapsed = time.perf_counter() - start
    from django.db import connection

    print(
        f"{connection.vendor}: read 2 × {n:,} answers and compare {len(results)} items: "
        f"{elapsed:.2f} s"
    )


if __name__ == "__main__":
    main()
