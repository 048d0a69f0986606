"""Time publishing one city in a round of published results, then the worker's computation.

Decision 0057: ``publish_response`` stores the city's own result and queues the round's
computation (database task queue); the worker's ``update_round_results`` then ranks the
whole round once for every publication asked before it started. Runs on the database
``index_results.py`` built for the size (SQLite, or PostgreSQL with ``BENCH_DATABASE_URL``):

    .venv/bin/python benchmarks/index_results.py --sizes 10000          # builds it once
    .venv/bin/python benchmarks/index_publish_one.py --size 10000 --runs 3

Each run takes a published city back to validated (its result removed) and publishes it
again, as the secretariat's button does. Prints the CPU and wall time of each
publication, then of the one queued computation.
"""

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import index_results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    database = index_results.VAR_DIR / f"results-{args.size}.sqlite3"
    if not index_results.setup(database, reuse=True):
        print("Build the database first: benchmarks/index_results.py --sizes", args.size)
        return 1
    from django.db import connection
    from django_tasks_db.models import DBTaskResult

    from icc.index.models import Response, Result, Round, RoundSummary
    from icc.index.services.results import update_round_results
    from icc.index.services.review import publish_response

    index_round = Round.objects.get(label="Bench")
    index_round.edition.method  # noqa: B018  (a web worker has it loaded)
    queued = DBTaskResult.objects.filter(task_path=update_round_results.module_path)
    queued.delete()
    RoundSummary.objects.filter(round=index_round).update(queued=False)
    print(f"{connection.vendor}, {args.size:,} published cities, load {os.getloadavg()[0]:.2f}")
    published = Response.objects.filter(round=index_round, status=Response.Status.PUBLISHED)
    for number in range(args.runs):
        response = published.order_by("pk")[number * 7]
        Result.objects.filter(response=response).delete()
        Response.objects.filter(pk=response.pk).update(
            status=Response.Status.VALIDATED, published_on=None
        )
        started, cpu = time.perf_counter(), time.process_time()
        publish_response(response, published_by=None)
        print(
            f"  publish_response: CPU {(time.process_time() - cpu) * 1000:6.1f} ms, "
            f"wall {(time.perf_counter() - started) * 1000:6.1f} ms"
        )
    summary = RoundSummary.objects.get(round=index_round)
    print(f"  ranks being updated: {summary.is_updating}; tasks queued: {queued.count()}")
    started, cpu = time.perf_counter(), time.process_time()
    stored = update_round_results.call(round_id=index_round.pk)
    print(
        f"  the worker's update_round_results: {stored:,} results, "
        f"CPU {time.process_time() - cpu:.2f} s, wall {time.perf_counter() - started:.2f} s; "
        f"ranks being updated: {RoundSummary.objects.get(round=index_round).is_updating}"
    )
    queued.delete()
    return 0


if __name__ == "__main__":
    sys.exit(main())
