"""Time the daily checks and the network's commitment health over 10,000 generated cities.

Builds a database of its own in var/bench/commitment/ (SQLite, or PostgreSQL with
--database-url), generates cities with a mayor, a deputy mayor and a council, an
election each (spread over four years), a financial agreement and a coordinator,
then times:

1. the daily checks, first run (opens a task per near election and agreement ending,
   each with its activity entry and two queued background tasks);
2. the daily checks again the same day (must open nothing);
3. the commitment health of every city (the rules of ``icc/commitment/health.py``).

    .venv/bin/python benchmarks/commitment_daily_checks.py            # goal: 1. under 10 s
    .venv/bin/python benchmarks/commitment_daily_checks.py --cities 2000
"""

import argparse
import sys
import time
from datetime import timedelta

from bench_setup import ROOT, start_on_empty_database

VAR_DIR = ROOT / "var" / "bench" / "commitment"
GOAL_SECONDS = 10.0


def setup(database_url: str | None) -> None:
    start_on_empty_database(VAR_DIR, database_url)


def generate(count: int) -> None:
    from decimal import Decimal

    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.utils import timezone

    from icc.accounts.models import Role, RoleGrant, User
    from icc.commitment.models import Election, Office, OfficeTerm
    from icc.network.models import City, FinancialAgreement

    today = timezone.localdate()
    UNUSABLE_PASSWORD = make_password(None)
    with transaction.atomic():
        User.objects.create_user("secretariat@bench.example", None, full_name="Bench Secretariat")
        RoleGrant.objects.create(user=User.objects.get(), role=Role.SECRETARIAT)
        City.objects.bulk_create(
            [
                City(
                    name=f"City {n}",
                    search_name=f"city {n}",
                    slug=f"city-{n}",
                    country="FR",
                    status=City.Status.MEMBER,
                    joined_on=today - timedelta(days=n % 5000),
                )
                for n in range(count)
            ],
            batch_size=2000,
        )
        cities = list(City.objects.order_by("pk"))
        Office.objects.bulk_create(
            [Office(city=city, kind=kind) for city in cities for kind in Office.Kind.values],
            batch_size=5000,
        )
        mayors = Office.objects.filter(kind=Office.Kind.MAYOR).order_by("city_id")
        OfficeTerm.objects.bulk_create(
            [
                OfficeTerm(
                    office=office,
                    holder_name=f"Mayor {office.city_id}",
                    starts_on=today - timedelta(days=400 + office.city_id % 1000),
                )
                for office in mayors
            ],
            batch_size=5000,
        )
        Election.objects.bulk_create(
            [
                Election(
                    city=city,
                    office_kind=Office.Kind.MAYOR,
                    held_on=today + timedelta(days=(n * 7) % 1460),
                )
                for n, city in enumerate(cities)
            ],
            batch_size=5000,
        )
        FinancialAgreement.objects.bulk_create(
            [
                FinancialAgreement(
                    city=city,
                    amount=Decimal(5000),
                    currency="EUR",
                    starts_on=today - timedelta(days=365),
                    ends_on=today + timedelta(days=(n * 11) % 1460),
                )
                for n, city in enumerate(cities)
            ],
            batch_size=5000,
        )
        users = User.objects.bulk_create(
            [
                User(
                    email=f"coordinator{n}@bench.example",
                    full_name=f"Coordinator {n}",
                    password=UNUSABLE_PASSWORD,
                )
                for n in range(count)
            ],
            batch_size=5000,
        )
        RoleGrant.objects.bulk_create(
            [
                RoleGrant(user=user, role=Role.CITY_COORDINATOR, city=city)
                for user, city in zip(users, cities, strict=True)
            ],
            batch_size=5000,
        )


def timed(label: str, function: object) -> tuple[float, object]:
    start = time.perf_counter()
    result = function()  # type: ignore[operator]
    elapsed = time.perf_counter() - start
    print(f"{label:<52} {elapsed:7.2f} s   {result}")
    return elapsed, result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cities", type=int, default=10_000)
    parser.add_argument(
        "--database-url", help="a PostgreSQL database to empty (all its tables) and use"
    )
    options = parser.parse_args()
    setup(options.database_url)
    from django.db import connection
    from django.utils import timezone

    from icc.commitment import selectors, services
    from icc.commitment.models import ReengagementTask

    start = time.perf_counter()
    generate(options.cities)
    print(
        f"Generated {options.cities} cities on {connection.vendor} "
        f"in {time.perf_counter() - start:.1f} s"
    )
    today = timezone.localdate()
    first, _opened = timed(
        "daily checks, first run (opens tasks)", lambda: services.run_daily_checks(today)
    )
    timed("daily checks, same day again (opens nothing)", lambda: services.run_daily_checks(today))
    timed(
        "commitment health of every city",
        lambda: f"{len(selectors.network_health(today=today))} cities with concerns",
    )
    print(f"Re-engagement tasks: {ReengagementTask.objects.count()}")
    ok = first < GOAL_SECONDS
    print(f"Goal: daily checks under {GOAL_SECONDS:.0f} s — {'met' if ok else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
