"""Time the comparison of two survey waves: --answers answers each (default 100,000) × 20 items.

Half the items are agreement items (1 to 5), half yes/no; each answer has a cell (4
districts × 4 age groups × 2 genders) and the first wave departs from its quotas, so
the post-stratification weights are computed. Timings:

- analysis: weights, then each item's test (Mann–Whitney U with the rank-biserial
  interval, or the two-proportion z test with Wilson intervals), on arrays in memory
  (``icc.antirumours.selectors.compare_matrices``);
- with --database, on a database of its own (var/bench/antirumours_stats/, SQLite or
  --database-url): the path people take, ``compare_waves`` reading the waves' tallies
  (decision 0066) and the results page itself (signed in as the city's coordinator,
  HTML, CSV); for comparison the old path that reads every answer; the cost of the
  tallies: counting a wave's answers once (``recount_answers``) and importing a CSV of
  20,000 answers, which counts them in its transaction.

    .venv/bin/python benchmarks/antirumours_stats.py --database
    .venv/bin/python benchmarks/antirumours_stats.py --database --database-url postgres://…
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

    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from icc.accounts.models import Role, User
    from icc.accounts.services import grant_role
    from icc.antirumours.models import Answer, District, Item, Quota, Strategy, Survey, Wave
    from icc.antirumours.selectors import compare_waves, compare_waves_answer_by_answer
    from icc.antirumours.services.surveys import import_answers, recount_answers
    from icc.network import services as network_services
    from icc.network.models import City

    call_command("collectstatic", interactive=False, verbosity=0)
    city = network_services.create_city(
        created_by=None, name="Bench", slug="bench", country="FR", status=City.Status.MEMBER
    )
    person = User.objects.create_user("coordinator@bench.test", "x", full_name="Coordinator")
    grant_role(person, Role.CITY_COORDINATOR, granted_by=None, city=city)
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
    recounts = []
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
        start = time.perf_counter()
        rows = recount_answers(w)
        recounts.append(time.perf_counter() - start)
        waves.append(w)
    vendor = connection.vendor
    if vendor == "postgresql":
        # Settle the freshly loaded tables first, as autovacuum would: measured while its
        # analyse of 200,000 new answers runs, the page took seconds on this 2-core machine.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    print(
        f"{vendor}: count a wave's {n:,} answers once into {rows:,} tally rows: "
        f"{statistics.mean(recounts):.2f} s"
    )

    def timed(call, runs: int = 7) -> list[float]:
        call()
        durations = []
        for _ in range(runs):
            start = time.perf_counter()
            call()
            durations.append(time.perf_counter() - start)
        return durations

    service = timed(lambda: compare_waves(survey, waves[0], waves[1]))
    print(
        f"{vendor}: compare_waves from the tallies, 2 × {n:,} answers × {ITEMS} items: "
        f"median {statistics.median(service):.3f} s, max {max(service):.3f} s"
    )
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(person)
    url = reverse("antirumours:results", args=[survey.pk])

    def page(query: dict) -> None:
        response = client.get(url, query)
        assert response.status_code == 200, response.status_code

    html = timed(lambda: page({}))
    print(
        f"{vendor}: results page (HTML) for the city's coordinator: "
        f"median {statistics.median(html):.3f} s, max {max(html):.3f} s"
    )
    csv_file = timed(lambda: page({"format": "csv"}), runs=3)
    print(f"{vendor}: results as CSV: median {statistics.median(csv_file):.3f} s")
    slow = timed(lambda: compare_waves_answer_by_answer(survey, waves[0], waves[1]), runs=1)
    print(f"{vendor}: for comparison, reading every answer instead: {slow[0]:.2f} s")
    tallied = compare_waves(survey, waves[0], waves[1])
    read = compare_waves_answer_by_answer(survey, waves[0], waves[1])
    same = all(
        abs(a.comparison.p_value - b.comparison.p_value) < 1e-9
        and abs(a.comparison.before - b.comparison.before) < 1e-9
        for a, b in zip(tallied, read, strict=True)
    )
    print(f"{vendor}: the two paths give the same figures: {same}")
    lines = ["district,age_group,gender," + ",".join(f"q{k}" for k in range(ITEMS))]
    for (d, a, g), row in zip(cells2[:20_000], second[:20_000], strict=True):
        lines.append(f"{d},{a},{g}," + ",".join(str(int(v)) for v in row))
    start = time.perf_counter()
    imported = import_answers(waves[1], by=person, content="\n".join(lines).encode())
    print(
        f"{vendor}: import a CSV of {imported:,} answers (checked, saved and counted): "
        f"{time.perf_counter() - start:.2f} s"
    )


if __name__ == "__main__":
    main()
