"""Compare the throughput of two app servers with one, behind the same load generator.

Builds the demo network in a PostgreSQL database of its own (--database-url, emptied),
starts its own Redis server (redis-server from Debian, on a free port, nothing saved),
and two gunicorn servers A and B as in production: each its own var/ folder, both on the
same database and cache server, the same SECRET_KEY, static files collected once. A
coordinator signs in on A; the same session cookie is used on both. Then locust
(``two_servers_locust.py``) loads, in alternating rounds of --duration seconds each:

- "one server": every request to A;
- "two servers": requests to A and B in turn.

With --workers-each N (default: gunicorn's own default, two per CPU) each server runs N
workers; ``--workers-each 2`` on a 2-CPU machine gives the two servers together as many
workers as one server has by default. Prints requests per second, p50 and p95 per
scenario and page kind, failures, and the load average.

On one machine two servers share the same CPUs: the figure says what sharing the cache
and sessions through Redis and PostgreSQL costs, not what a second machine would add.

    .venv/bin/python benchmarks/two_servers.py \\
        --database-url postgres://icc:icc@127.0.0.1:5432/icc_two_servers
"""

import argparse
import contextlib
import csv
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from web_throughput import COORDINATOR, ROOT, VENV_BIN, free_port, sign_in

VAR_DIR = ROOT / "var" / "bench" / "two-servers"
PYTHON = VENV_BIN / "python"
LOCUSTFILE = ROOT / "benchmarks" / "two_servers_locust.py"
SCRUBBED_ENV = ("DEBUG", "DATABASE_URL", "CACHE_DIR", "CACHE_URL", "TASKS_BACKEND", "SITE_URL")


def main() -> int:
    """Build, start Redis and both servers, load in rounds, print the figures."""
    args = parse_args()
    signal.signal(signal.SIGTERM, lambda signum, _frame: sys.exit(128 + signum))
    shutil.rmtree(VAR_DIR, ignore_errors=True)
    VAR_DIR.mkdir(parents=True)
    with running_redis() as cache_url:
        common = common_env(args, cache_url)
        build(common)
        with running_server(common, "a") as a, running_server(common, "b") as b:
            cookie = sign_in(a, COORDINATOR)
            for server in (a, b):
                check_signed_in(server, cookie)
            print(
                f"Servers {a} and {b}, {args.workers_each or 'default'} workers each, "
                f"{args.users} people; load average {load_average()}",
                flush=True,
            )
            results: dict[str, list[dict[str, dict[str, float]]]] = {"one": [], "two": []}
            run_locust([a, b], cookie, args.users, 10)  # warm-up: caches, connections
            for round_number in range(1, args.rounds + 1):
                for scenario, servers in (("one", [a]), ("two", [a, b])):
                    stats = run_locust(servers, cookie, args.users, args.duration)
                    results[scenario].append(stats)
                    total = stats["Aggregated"]
                    print(
                        f"  round {round_number}  {scenario} server(s): "
                        f"{total['rps']:7.1f} req/s  p50 {total['p50']:5.0f} ms  "
                        f"p95 {total['p95']:6.0f} ms  failures {total['failures']:.0f}  "
                        f"load average {load_average()}",
                        flush=True,
                    )
    report(results)
    return 0


def parse_args() -> argparse.Namespace:
    """Read the command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True, help="PostgreSQL database (emptied)")
    parser.add_argument("--duration", type=int, default=60, help="seconds a run (60)")
    parser.add_argument("--rounds", type=int, default=2, help="rounds of both scenarios (2)")
    parser.add_argument("--users", type=int, default=32, help="simulated people at once (32)")
    parser.add_argument("--workers-each", type=int, help="gunicorn workers of each server")
    return parser.parse_args()


def load_average() -> str:
    """Return the 1, 5 and 15-minute load averages."""
    return " ".join(f"{value:.1f}" for value in os.getloadavg())


@contextlib.contextmanager
def running_redis() -> Iterator[str]:
    """Run a Redis server of our own on a free port, saving nothing; yield its URL."""
    port = free_port()
    redis_server = shutil.which("redis-server") or "/usr/bin/redis-server"
    process = subprocess.Popen(  # noqa: S603
        [redis_server, "--port", str(port), "--bind", "127.0.0.1", "--save", ""],
        stdout=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        time.sleep(0.5)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=10)


def common_env(args: argparse.Namespace, cache_url: str) -> dict[str, str]:
    """Return what both servers share: database, cache server, secret key."""
    env = {name: value for name, value in os.environ.items() if name not in SCRUBBED_ENV}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DATABASE_URL=args.database_url,
        CACHE_URL=cache_url,
        SECRET_KEY=secrets.token_urlsafe(40),
        ALLOWED_HOSTS="127.0.0.1",
        ICC_HTTPS="0",
        HOST="127.0.0.1",
        MAIL_BACKEND="console",
        LOG_LEVEL="WARNING",
    )
    if args.workers_each:
        env["WEB_CONCURRENCY"] = str(args.workers_each)
    return env


def build(common: dict[str, str]) -> None:
    """Empty the database, migrate, load the demo and collect static files once."""
    env = common | {"ICC_VAR_DIR": str(VAR_DIR / "seed")}
    script = "from django.db import connection; connection.cursor().execute("
    script += "'DROP SCHEMA public CASCADE; CREATE SCHEMA public;')"
    print(f"Building the demo network (load average {load_average()})…", flush=True)
    for command in (
        ["shell", "--no-imports", "-c", script],
        ["migrate", "--noinput", "-v", "0"],
        ["load_demo"],
        ["collectstatic", "--noinput", "-v", "0"],
    ):
        subprocess.run(  # noqa: S603
            [PYTHON, "manage.py", *command],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )


@contextlib.contextmanager
def running_server(common: dict[str, str], name: str) -> Iterator[str]:
    """Run one gunicorn server with its own var/ folder; yield its base URL."""
    var_dir = VAR_DIR / name
    var_dir.mkdir()
    (var_dir / "static").symlink_to(VAR_DIR / "seed" / "static")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = common | {"ICC_VAR_DIR": str(var_dir), "PORT": str(port), "SITE_URL": url}
    with (var_dir / "gunicorn.log").open("wb") as log:
        process = subprocess.Popen(  # noqa: S603
            [
                VENV_BIN / "gunicorn",
                "config.wsgi:application",
                "--config",
                "config/gunicorn.py",
                "--control-socket",
                str(var_dir / "gunicorn.ctl"),
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            for _ in range(300):
                with (
                    contextlib.suppress(OSError),
                    urllib.request.urlopen(url + "/healthz", timeout=5),  # noqa: S310
                ):
                    break
                time.sleep(0.2)
            else:
                raise RuntimeError(f"server {name} did not start: see {var_dir / 'gunicorn.log'}")
            yield url
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)


def check_signed_in(server: str, cookie: str) -> None:
    """Fail unless the session opened on A shows a signed-in page on this server."""
    request = urllib.request.Request(server + "/en/cities/lyon/edit/", headers={"Cookie": cookie})  # noqa: S310
    with urllib.request.urlopen(request, timeout=30) as answer:  # noqa: S310
        if "/login/" in answer.url:
            raise RuntimeError(f"the session does not work on {server}")


def run_locust(
    servers: list[str], cookie: str, users: int, seconds: int
) -> dict[str, dict[str, float]]:
    """Run locust headless against the servers in turn; return its figures per page kind."""
    with tempfile.TemporaryDirectory() as scratch:
        prefix = Path(scratch) / "run"
        command = [
            str(VENV_BIN / "locust"),
            "--locustfile",
            str(LOCUSTFILE),
            "--headless",
            "--users",
            str(users),
            "--spawn-rate",
            str(users),
            "--run-time",
            f"{seconds}s",
            "--host",
            servers[0],
            "--csv",
            str(prefix),
            "--only-summary",
            "--loglevel",
            "WARNING",
        ]
        env = {**os.environ, "BENCH_SERVERS": ",".join(servers), "BENCH_COOKIE": cookie}
        subprocess.run(command, env=env, capture_output=True, check=False)  # noqa: S603
        with Path(f"{prefix}_stats.csv").open() as stats:
            return {
                row["Name"]: {
                    "requests": float(row["Request Count"]),
                    "failures": float(row["Failure Count"]),
                    "rps": float(row["Requests/s"]),
                    "p50": float(row["50%"]),
                    "p95": float(row["95%"]),
                }
                for row in csv.DictReader(stats)
            }


def report(results: dict[str, list[dict[str, dict[str, float]]]]) -> None:
    """Print the mean of the rounds for each scenario and page kind."""
    print(f"\nMean of the rounds (load average now {load_average()}):")
    print(
        f"{'scenario':<12} {'page kind':<22} {'req/s':>8} {'p50 ms':>7} {'p95 ms':>7} {'fail':>5}"
    )
    for scenario, rounds in results.items():
        for name in rounds[0]:
            rows = [stats[name] for stats in rounds if name in stats]

            def mean(key: str, rows: list[dict[str, float]] = rows) -> float:
                return sum(row[key] for row in rows) / len(rows)

            print(
                f"{scenario + ' server(s)':<12} {name:<22} {mean('rps'):>8.1f} {mean('p50'):>7.0f} "
                f"{mean('p95'):>7.0f} {sum(row['failures'] for row in rows):>5.0f}"
            )
    one = sum(stats["Aggregated"]["rps"] for stats in results["one"]) / len(results["one"])
    two = sum(stats["Aggregated"]["rps"] for stats in results["two"]) / len(results["two"])
    print(f"\nTwo servers / one server: {two / one:.2f}")


if __name__ == "__main__":
    sys.exit(main())
