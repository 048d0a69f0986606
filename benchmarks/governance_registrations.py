"""Send 50 registrations at once for the last 10 places of an event: exactly 10 get one.

An event of 60 places has 50 taken; 50 other people register at the same moment, from
5 processes of 10 threads each (``icc.events.tests.concurrent_registrations``), each with
its own database connection. Prints how many got a place, went on the waiting list or
were refused, and the time from the start signal to the last answer. Exits 1 unless
exactly 10 got a place.

    .venv/bin/python benchmarks/governance_registrations.py
    .venv/bin/python benchmarks/governance_registrations.py --database-url postgres://icc:icc@127.0.0.1:5432/icc_bench_gov
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from bench_setup import ROOT, start_on_empty_database

PROCESSES = 5
THREADS = 10
PLACES = 60
TAKEN = 50


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url")
    options = parser.parse_args()
    start_on_empty_database(ROOT / "var" / "bench" / "registrations", options.database_url)

    from django.utils import timezone

    from icc.accounts.models import User
    from icc.events import services
    from icc.events.models import Event, Registration

    event = services.create_event(
        created_by=None,
        record={
            "kind": Event.Kind.MEETING,
            "starts_on": timezone.localdate() + timedelta(days=30),
            "ends_on": timezone.localdate() + timedelta(days=31),
        },
        texts={"en": {"title": "Milestone conference", "description": ""}},
    )
    event = services.publish_event(event, published_by=None)
    event = services.change_registration_settings(
        event, changed_by=None, takes_registrations=True, capacity=PLACES, attendance_code=""
    )
    for n in range(TAKEN):
        services.register(
            event, person=User.objects.create_user(f"early{n}@bench.example", "long-password-1")
        )
    emails = [f"late{n}@bench.example" for n in range(PROCESSES * THREADS)]
    for email in emails:
        User.objects.create_user(email, "long-password-1")
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    with tempfile.TemporaryDirectory() as folder:
        senders = [
            subprocess.Popen(  # noqa: S603
                [
                    sys.executable,
                    "-m",
                    "icc.events.tests.concurrent_registrations",
                    str(event.pk),
                    folder,
                    f"p{n}",
                    *emails[n * THREADS : (n + 1) * THREADS],
                ],
                cwd=ROOT,
                env=environment,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for n in range(PROCESSES)
        ]
        while len(list(Path(folder).glob("ready-*"))) < PROCESSES:
            time.sleep(0.05)
        started = time.perf_counter()
        (Path(folder) / "go").touch()
        outputs = [sender.communicate(timeout=300) for sender in senders]
        seconds = time.perf_counter() - started
    answers = [json.loads(line)["answer"] for out, _err in outputs for line in out.splitlines()]
    confirmed = Registration.objects.filter(event=event, status="confirmed").count()
    print(
        f"{len(answers)} concurrent requests for the last {PLACES - TAKEN} places: "
        f"{answers.count('confirmed')} got a place, {answers.count('waiting')} on the waiting "
        f"list, {answers.count('refused')} refused, in {seconds:.2f} s; places taken now: "
        f"{confirmed} of {PLACES}"
    )
    for _out, err in outputs:
        if err.strip():
            print(err.strip()[-500:], file=sys.stderr)
    return 0 if answers.count("confirmed") == PLACES - TAKEN and confirmed == PLACES else 1


if __name__ == "__main__":
    sys.exit(main())
