"""Kill -9 the task worker in the middle of a task, again and again; count tasks recovered.

Builds a database of its own in var/bench/task-recovery/ (SQLite, or PostgreSQL with
--database-url). Each round queues a task that takes --task-seconds, waits until a worker
(``manage.py run_worker``) is running it, kills that worker with SIGKILL and starts a new
one, which must find the task abandoned once the lease is over, queue it again and run it.
A task is recovered when its retry succeeds. Prints the count and the time each recovery
took (from the kill to the retry's success).

    .venv/bin/python benchmarks/task_recovery.py                 # 20 kills, lease 3 s
    .venv/bin/python benchmarks/task_recovery.py --kills 5 --database-url postgres://…/icc_bench
"""

import argparse
import os
import signal
import statistics
import subprocess
import sys
import time
from functools import partial

from bench_setup import ROOT, start_on_empty_database

VAR_DIR = ROOT / "var" / "bench" / "task-recovery"
LEASE = {"TASK_WORKER_HEARTBEAT_SECONDS": "1", "TASK_WORKER_LEASE_SECONDS": "3"}


def start_worker(environment: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [
            sys.executable,
            "manage.py",
            "run_worker",
            "--no-startup-delay",
            "--interval",
            "0.1",
            "--no-reload",
        ],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def wait_for(condition, seconds: float) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--task-seconds", type=float, default=2.0)
    parser.add_argument("--database-url", help="a PostgreSQL database to empty and use")
    options = parser.parse_args()
    os.environ.update(LEASE)
    start_on_empty_database(VAR_DIR, options.database_url)
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from bench_tasks import pause
    from django.conf import settings
    from django.db import close_old_connections
    from django.tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from icc.core.models import TaskFailure

    environment = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "benchmarks")]),
        "DATABASE_URL": options.database_url
        or f"sqlite:///{settings.DATABASES['default']['NAME']}",
    }

    def status(pk: object) -> str:
        close_old_connections()
        return DBTaskResult.objects.get(pk=pk).status

    def is_running(pk: object) -> bool:
        return status(pk) == TaskResultStatus.RUNNING

    def is_retried(pk: object, number: int) -> bool:
        """Tell whether the killed run is failed and its retry has succeeded."""
        failure = TaskFailure.objects.filter(args_kwargs__kwargs__number=number).first()
        return bool(
            failure
            and failure.state == TaskFailure.State.RESOLVED
            and status(pk) == TaskResultStatus.FAILED
        )

    recovered, seconds = 0, []
    worker = start_worker(environment)
    for number in range(options.kills):
        result = pause.enqueue(seconds=options.task_seconds, number=number)
        if not wait_for(partial(is_running, result.id), 120):
            print(f"round {number}: the task never started")
            continue
        worker.send_signal(signal.SIGKILL)
        worker.wait()
        killed_at = time.monotonic()
        worker = start_worker(environment)
        if wait_for(partial(is_retried, result.id, number), 120):
            recovered += 1
            seconds.append(time.monotonic() - killed_at)
            print(f"round {number}: recovered in {seconds[-1]:.1f} s", flush=True)
        else:
            print(f"round {number}: NOT recovered", flush=True)
    worker.send_signal(signal.SIGTERM)
    worker.wait(timeout=60)
    stuck = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).count()
    engine = "PostgreSQL" if options.database_url else "SQLite"
    print(f"{engine}: {recovered} of {options.kills} tasks recovered after kill -9 of the worker")
    if seconds:
        print(
            f"  kill to success of the retry: median {statistics.median(seconds):.1f} s, "
            f"max {max(seconds):.1f} s (lease {LEASE['TASK_WORKER_LEASE_SECONDS']} s, "
            f"task {options.task_seconds:.0f} s, a new worker's start included)"
        )
    print(f"  tasks still marked running: {stuck}")
    sys.exit(0 if recovered == options.kills and not stuck else 1)


if __name__ == "__main__":
    main()
