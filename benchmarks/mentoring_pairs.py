"""Time the pairs overview with 2,000 pairs and the daily stalled-pair job over 10,000.

Builds a database of its own in var/bench/mentoring/ (SQLite, or PostgreSQL with
--database-url), generates cities and pairs (each with a mentor and a mentee, spread over
the states; two thirds under way with their last check-in spread over 150 days), then:

1. the secretariat's pairs overview (``connections:scheme-list``, state counts and the
   first page, then the stalled ones), requested in process through Django's test client
   by a signed-in secretariat member: p50 and p95 over ``--requests`` requests
   (goal: p95 under 150 ms with 2,000 pairs);
2. the daily stalled-pair job (``flag_stalled_schemes``) over ``--stalled-pairs`` pairs,
   every city with a coordinator: first run (flags and tells every quiet pair), again the
   same day (nothing new), and a usual day when 1% of the pairs under way fall quiet
   (goal: under 2 s).

    .venv/bin/python benchmarks/mentoring_pairs.py [--pairs 2000] [--stalled-pairs 10000]
"""

import argparse
import os
import statistics
import sys
import time
from datetime import timedelta
from typing import Any

from bench_setup import ROOT, start_on_empty_database

VAR_DIR = ROOT / "var" / "bench" / "mentoring"
GOAL_P95_MS = 150.0
GOAL_JOB_SECONDS = 2.0


def generate(pairs: int, *, first: int = 0) -> None:
    """Add ``pairs`` pairs between generated cities, bypassing the services (bulk rows)."""
    from django.db import transaction
    from django.utils import timezone

    from icc.connections.models import Scheme, SchemeMember
    from icc.network.models import City

    today = timezone.localdate()
    count = max(50, pairs // 5)
    with transaction.atomic():
        if not City.objects.exists():
            City.objects.bulk_create(
                [
                    City(
                        name=f"City {n}",
                        search_name=f"city {n}",
                        slug=f"city-{n}",
                        country="FR",
                        status=City.Status.MEMBER,
                        population=50_000 + n * 97,
                    )
                    for n in range(count)
                ],
                batch_size=2000,
            )
        cities = list(City.objects.order_by("pk").values_list("pk", flat=True))
        states = [Scheme.Status.ACTIVE] * 4 + [Scheme.Status.CLOSED, Scheme.Status.PROPOSED]
        Scheme.objects.bulk_create(
            [
                Scheme(
                    title=f"Pair {first + n}",
                    status=states[n % len(states)],
                    starts_on=today - timedelta(days=200),
                    last_checkin_on=today - timedelta(days=n % 150),
                )
                for n in range(pairs)
            ],
            batch_size=2000,
        )
        schemes = list(
            Scheme.objects.filter(title__startswith="Pair ")
            .order_by("pk")
            .values_list("pk", flat=True)
        )[first:]
        SchemeMember.objects.bulk_create(
            [
                SchemeMember(
                    scheme_id=pk,
                    city_id=cities[(n * 2 + side) % len(cities)],
                    side=("mentor", "mentee")[side],
                    answer="accepted",
                )
                for n, pk in enumerate(schemes)
                for side in (0, 1)
            ],
            batch_size=5000,
        )


def tell(today: Any) -> None:
    """Run the queued telling tasks in process, as the worker would, and time them."""
    from django_tasks_db.models import DBTaskResult

    from icc.accounts.models import Notification
    from icc.connections.mentoring.services import tell_stalled_schemes

    waiting = DBTaskResult.objects.filter(
        task_path__endswith="tell_stalled_schemes", status="READY"
    )
    batches = [row.args_kwargs["kwargs"]["scheme_ids"] for row in waiting]
    before = Notification.objects.count()
    started = time.perf_counter()
    for scheme_ids in batches:
        tell_stalled_schemes.call(scheme_ids=scheme_ids, day=today.isoformat())
    elapsed = time.perf_counter() - started
    waiting.update(status="SUCCESSFUL")
    told = Notification.objects.count() - before
    print(
        f"    {len(batches):,} tasks, {told:,} notifications in {elapsed:.1f} s "
        f"({elapsed * 1000 / max(told, 1):.1f} ms each, mail queued for each)"
    )


def give_coordinators() -> int:
    """Give every city of the pairs a coordinator, told when its pair stalls; return how many."""
    from icc.accounts.models import Role, RoleGrant, User
    from icc.network.models import City

    cities = list(City.objects.order_by("pk").values_list("pk", flat=True))
    User.objects.bulk_create(
        [User(email=f"coordinator-{pk}@bench.example", full_name=f"C {pk}") for pk in cities],
        batch_size=2000,
    )
    users = dict(User.objects.filter(email__startswith="coordinator-").values_list("email", "pk"))
    RoleGrant.objects.bulk_create(
        [
            RoleGrant(
                user_id=users[f"coordinator-{pk}@bench.example"],
                role=Role.CITY_COORDINATOR,
                city_id=pk,
            )
            for pk in cities
        ],
        batch_size=2000,
    )
    return len(cities)


def overview(requests: int) -> list[tuple[str, float, float]]:
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.test import Client
    from django.urls import reverse

    from icc.accounts.models import Role, RoleGrant, User

    user = User.objects.create_user("secretariat@bench.example", None, full_name="Bench")
    RoleGrant.objects.create(user=user, role=Role.SECRETARIAT)
    TOTP.activate(user, generate_totp_secret())
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    url = reverse("connections:scheme-list")
    rows = []
    for label, query in (("first page", ""), ("stalled", "?state=stalled")):
        response = client.get(url + query)
        assert response.status_code == 200, response.status_code
        timings = []
        for _ in range(requests):
            started = time.perf_counter()
            client.get(url + query)
            timings.append((time.perf_counter() - started) * 1000)
        timings.sort()
        p95 = timings[max(int(len(timings) * 0.95) - 1, 0)]
        rows.append((label, statistics.median(timings), p95))
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=2000)
    parser.add_argument("--stalled-pairs", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=60)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    start_on_empty_database(VAR_DIR, args.database_url, {"ALLOWED_HOSTS": "localhost"})
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from icc.connections.mentoring.services import flag_stalled_schemes
    from icc.connections.models import Scheme

    generate(args.pairs)
    flag_stalled_schemes(timezone.localdate())
    ok = True
    print(f"Pairs overview with {Scheme.objects.count():,} pairs (in process, one client):")
    for label, p50, p95 in overview(args.requests):
        ok &= p95 < GOAL_P95_MS
        print(f"  {label}: p50 {p50:.0f} ms, p95 {p95:.0f} ms (goal p95 < {GOAL_P95_MS:.0f} ms)")
    generate(args.stalled_pairs - args.pairs, first=args.pairs)
    coordinators = give_coordinators()
    Scheme.objects.update(is_stalled=False, stalled_since=None)
    # The tellings queued by the overview's set-up are for flags just undone.
    DBTaskResult.objects.filter(task_path__endswith="tell_stalled_schemes").delete()
    today = timezone.localdate()
    for label in ("first run", "same day again"):
        started = time.perf_counter()
        flagged = flag_stalled_schemes(today)
        elapsed = time.perf_counter() - started
        ok &= elapsed < GOAL_JOB_SECONDS
        queued = DBTaskResult.objects.filter(task_path__endswith="tell_stalled_schemes").count()
        print(
            f"Daily stalled-pair job over {Scheme.objects.count():,} pairs, {label}: "
            f"{flagged:,} flagged in {elapsed * 1000:.0f} ms (goal < {GOAL_JOB_SECONDS:.0f} s); "
            f"{queued:,} telling tasks queued so far"
        )
    print(f"  the telling, as the worker runs it ({coordinators:,} city coordinators):")
    tell(today)
    # A usual day: 1% of the pairs under way fall quiet; only they are flagged and told.
    quiet = list(
        Scheme.objects.filter(status=Scheme.Status.ACTIVE, is_stalled=False).values_list(
            "pk", flat=True
        )[: Scheme.objects.filter(status=Scheme.Status.ACTIVE).count() // 100]
    )
    Scheme.objects.filter(pk__in=quiet).update(last_checkin_on=today - timedelta(days=61))
    started = time.perf_counter()
    flagged = flag_stalled_schemes(today)
    elapsed = time.perf_counter() - started
    ok &= elapsed < GOAL_JOB_SECONDS
    print(
        f"  a usual day ({len(quiet):,} pairs fell quiet): {flagged:,} flagged in "
        f"{elapsed * 1000:.0f} ms"
    )
    tell(today)
    print("  load average: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    print("Goals " + ("met." if ok else "MISSED."))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
