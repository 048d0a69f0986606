"""Run the platform under a long mixed load and report errors, p95 per page kind and memory.

Builds a database of its own (the demo network, then the load's own accounts: one
coordinator per member city with a draft response in the open Index round, and
secretariat accounts with their own two-factor secrets), starts gunicorn and a task
worker as in production, runs ``long_load_locust.py`` headless for ``--minutes`` at
twice the planned peak (benchmarks/README.md says why), samples the resident memory of
each worker every minute, then prints the requests, errors and p95 of each page kind,
the "database is locked" and 5xx lines of the server log, and each worker's memory.

    .venv/bin/python benchmarks/long_load.py --minutes 30                  # SQLite
    .venv/bin/python benchmarks/long_load.py --minutes 30 \\
        --database-url postgres://icc:icc@127.0.0.1:5432/icc_load           # emptied first
"""

import argparse
import contextlib
import csv
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VAR_DIR = ROOT / "var" / "bench" / "long-load"
VENV_BIN = ROOT / ".venv" / "bin"
PYTHON = VENV_BIN / "python"
MANIFEST = VAR_DIR / "load.json"
WARM_UP_MINUTES = 5
LOAD_PASSWORD = "load-test-password-2026"  # noqa: S105 (accounts of a throw-away database)

# Planned peak (benchmarks/README.md): 100 people at once, each a page every ~10 s.
PEAK_USERS = 100
SCRUBBED_ENV = ("DEBUG", "DATABASE_URL", "CACHE_DIR", "CACHE_URL", "TASKS_BACKEND", "SITE_URL")


def main() -> int:
    """Build, start, load, sample and report; return 1 on server errors or locked database."""
    args = parse_args()
    global VAR_DIR, MANIFEST
    VAR_DIR = Path(args.var_dir).resolve() if args.var_dir else VAR_DIR
    MANIFEST = VAR_DIR / "load.json"
    if args.setup_only:
        set_up_load_accounts()
        return 0
    signal.signal(signal.SIGTERM, lambda signum, _frame: sys.exit(128 + signum))
    port = free_port()
    env = server_env(port, args.database_url)
    build(env, args.reuse_db)
    base_url = f"http://127.0.0.1:{port}"
    log_path = VAR_DIR / "server.log"
    samples: dict[str, list[tuple[float, int]]] = {}
    load_averages: list[float] = []
    started = time.monotonic()
    with log_path.open("wb") as log:
        gunicorn = subprocess.Popen(  # noqa: S603
            [
                VENV_BIN / "gunicorn",
                "config.wsgi:application",
                "--config",
                "config/gunicorn.py",
                "--control-socket",
                str(VAR_DIR / "gunicorn.ctl"),
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        worker = subprocess.Popen(  # noqa: S603
            [PYTHON, "manage.py", "db_worker", "--queue-name", "default"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            wait_until_up(base_url)
            locust = start_locust(base_url, args)
            minute = 0
            while locust.poll() is None:
                sample_memory(gunicorn.pid, worker.pid, samples, minute)
                load_averages.append(os.getloadavg()[0])
                deadline = time.monotonic() + 60
                while locust.poll() is None and time.monotonic() < deadline:
                    time.sleep(1)
                minute += 1
            sample_memory(gunicorn.pid, worker.pid, samples, minute)
        finally:
            for process in (gunicorn, worker):
                with_signal(process, signal.SIGTERM)
            for process in (gunicorn, worker):
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    with_signal(process, signal.SIGKILL)
    report(args, samples, load_averages, log_path, time.monotonic() - started)
    return 0


def parse_args() -> argparse.Namespace:
    """Read the command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=30, help="length of the load (30)")
    parser.add_argument(
        "--users",
        type=int,
        default=2 * PEAK_USERS,
        help=f"simulated people (twice the planned peak: {2 * PEAK_USERS})",
    )
    parser.add_argument("--spawn-rate", type=float, default=2, help="people started a second")
    parser.add_argument("--database-url", help="an empty PostgreSQL database (it is emptied)")
    parser.add_argument("--reuse-db", action="store_true", help="keep the database built before")
    parser.add_argument(
        "--var-dir", help=f"the run's directory (default {VAR_DIR.relative_to(ROOT)}); emptied"
    )
    parser.add_argument("--setup-only", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args()


def free_port() -> int:
    """Return a loopback port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def server_env(port: int, database_url: str | None) -> dict[str, str]:
    """Return the production-like environment of the server, its worker and the set-up."""
    env = {name: value for name, value in os.environ.items() if name not in SCRUBBED_ENV}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        ICC_HTTPS="0",
        ICC_VAR_DIR=str(VAR_DIR),
        HOST="127.0.0.1",
        PORT=str(port),
        SITE_URL=f"http://127.0.0.1:{port}",
        MAIL_BACKEND="console",
        ACCESS_LOG="-",
        LOG_LEVEL="WARNING",
        # Every simulated person comes from 127.0.0.1: the per-client PDF limit would
        # refuse them all after 12 renders a minute.
        ICC_PDF_RENDERS_PER_MINUTE="100000",
        DATABASE_URL=database_url or f"sqlite:///{VAR_DIR / 'icc.sqlite3'}",
    )
    return env


def build(env: dict[str, str], reuse: bool) -> None:
    """Build the demo network and the load's accounts, unless asked to reuse them."""
    if reuse and MANIFEST.exists():
        return
    shutil.rmtree(VAR_DIR, ignore_errors=True)
    VAR_DIR.mkdir(parents=True)
    if not env["DATABASE_URL"].startswith("sqlite"):
        script = "from django.db import connection; connection.cursor().execute("
        script += "'DROP SCHEMA public CASCADE; CREATE SCHEMA public;')"
        run_manage(env, "shell", "-c", script)
    print("Building the demo network and the load's accounts…", flush=True)
    run_manage(env, "migrate", "--noinput", "-v", "0")
    run_manage(env, "load_demo")
    run_manage(env, "collectstatic", "--noinput", "-v", "0")
    subprocess.run(  # noqa: S603
        [PYTHON, __file__, "--setup-only", "--var-dir", str(VAR_DIR)], cwd=ROOT, env=env, check=True
    )


def run_manage(env: dict[str, str], *command: str) -> None:
    """Run one management command in the load's environment."""
    subprocess.run(  # noqa: S603
        [PYTHON, "manage.py", *command], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
    )


def set_up_load_accounts() -> None:
    """Create the load's people through the services and write the manifest locust reads."""
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.urls import reverse
    from django.utils import timezone, translation

    from icc.accounts.models import Role, User
    from icc.accounts.services import grant_role
    from icc.index.models import Response, Round
    from icc.index.services.answers import start_response
    from icc.network.models import City
    from icc.practices.models import Practice

    translation.activate("en")
    today = timezone.localdate()
    index_round = next(r for r in Round.objects.order_by("-opens_on") if r.is_open_on(today))
    coordinators = []
    for city in City.objects.filter(status=City.Status.MEMBER).order_by("slug"):
        response = Response.objects.filter(round=index_round, city=city).first()
        if response is None:
            response = start_response(index_round, city, started_by=None)
        if response.status != Response.Status.DRAFT:
            continue
        email = f"load.{city.slug}@load.example"
        user = User.objects.create_user(email, LOAD_PASSWORD, full_name=f"Load {city.slug}")
        grant_role(user, Role.CITY_COORDINATOR, granted_by=None, city=city)
        areas = [
            reverse("index:response-area", args=[response.pk, area.id])
            for area in index_round.edition.method.areas
        ]
        coordinators.append({"email": email, "areas": areas})
    secretariat = []
    for number in range(1, 26):
        email = f"load.secretariat{number}@load.example"
        user = User.objects.create_user(
            email, LOAD_PASSWORD, full_name=f"Load secretariat {number}"
        )
        grant_role(user, Role.SECRETARIAT, granted_by=None)
        secret = generate_totp_secret()
        TOTP.activate(user, secret)
        secretariat.append({"email": email, "totp_secret": secret})
    cities = list(City.objects.filter(status=City.Status.MEMBER).values_list("slug", flat=True))
    practices = Practice.objects.filter(status=Practice.Status.PUBLISHED)
    manifest = {
        "password": LOAD_PASSWORD,
        "login": reverse("account_login"),
        "home": reverse("network:home"),
        "directory": reverse("network:city-list"),
        "profiles": [reverse("network:city-detail", args=[slug]) for slug in cities],
        "results_table": reverse("index:results"),
        "results": [reverse("index:city-report", args=[slug]) for slug in cities],
        "practice_search": reverse("practices:practice-list"),
        "practices": [practice.get_absolute_url() for practice in practices[:40]],
        "dashboard": reverse("commitment:dashboard"),
        "round": reverse("index:round-detail", args=[index_round.pk]),
        "coordinators": coordinators,
        "secretariat": secretariat,
    }
    MANIFEST.write_text(json.dumps(manifest, indent=1))
    print(
        f"Load accounts: {len(coordinators)} coordinators with a draft response, "
        f"{len(secretariat)} secretariat; {len(cities)} member cities."
    )


def wait_until_up(base_url: str) -> None:
    """Wait until the server answers its readiness check."""
    for _ in range(120):
        try:
            with urllib.request.urlopen(base_url + "/healthz", timeout=2):  # noqa: S310
                return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"The server did not start: see {VAR_DIR / 'server.log'}")


def start_locust(base_url: str, args: argparse.Namespace) -> subprocess.Popen[bytes]:
    """Start locust headless on the load's locustfile for the given minutes."""
    print(
        f"Loading {base_url} with {args.users} people for {args.minutes:g} min "
        f"(load average {os.getloadavg()[0]:.1f})…",
        flush=True,
    )
    command = [
        str(VENV_BIN / "locust"),
        "--locustfile",
        str(ROOT / "benchmarks" / "long_load_locust.py"),
        "--headless",
        "--users",
        str(args.users),
        "--spawn-rate",
        str(args.spawn_rate),
        "--run-time",
        f"{int(args.minutes * 60)}s",
        "--host",
        base_url,
        "--csv",
        str(VAR_DIR / "locust"),
        "--only-summary",
        "--loglevel",
        "WARNING",
    ]
    env = {
        **os.environ,
        "LOAD_MANIFEST": str(MANIFEST),
        "LOAD_REQUEST_LOG": str(VAR_DIR / "requests.csv"),
    }
    log = (VAR_DIR / "locust.log").open("wb")
    return subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603


def with_signal(process: subprocess.Popen[bytes], number: int) -> None:
    """Send a signal to a process group we started, if it still runs."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, number)


def children(pid: int) -> list[int]:
    """Return the direct children of a process (gunicorn's workers)."""
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(child) for child in text.split()]


def rss_kib(pid: int) -> int | None:
    """Return a process's resident memory in KiB, or None once it has gone."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    match = re.search(r"^VmRSS:\s+(\d+) kB", status, re.MULTILINE)
    return int(match.group(1)) if match else None


def sample_memory(
    gunicorn_pid: int, worker_pid: int, samples: dict[str, list[tuple[float, int]]], minute: int
) -> None:
    """Record the RSS of every gunicorn worker and of the task worker."""
    named = {f"web worker {pid}": pid for pid in children(gunicorn_pid)}
    named["task worker"] = worker_pid
    for name, pid in named.items():
        rss = rss_kib(pid)
        if rss is not None:
            samples.setdefault(name, []).append((minute, rss))
    (VAR_DIR / "memory.json").write_text(json.dumps(samples))


def report(
    args: argparse.Namespace,
    samples: dict[str, list[tuple[float, int]]],
    load_averages: list[float],
    log_path: Path,
    seconds: float,
) -> None:
    """Print requests, errors and p95 per page kind, the log's findings and memory."""
    engine = "PostgreSQL" if args.database_url else "SQLite"
    ordered = sorted(load_averages) or [0.0]
    print(
        f"\n{engine}, {args.users} people, {args.minutes:g} min of load "
        f"({seconds / 60:.1f} min in all) on {os.cpu_count()} CPUs; 1-minute load average "
        f"sampled each minute: min {ordered[0]:.1f}, median {ordered[len(ordered) // 2]:.1f}, "
        f"max {ordered[-1]:.1f}\n"
    )
    stats_path = VAR_DIR / "locust_stats.csv"
    if stats_path.exists():
        with stats_path.open() as stats:
            rows = list(csv.DictReader(stats))
        print(f"{'page kind':<28} {'requests':>9} {'failures':>9} {'p50 ms':>8} {'p95 ms':>8}")
        for row in rows:
            print(
                f"{row['Name']:<28} {int(row['Request Count']):>9} "
                f"{int(row['Failure Count']):>9} {row['50%']:>8} {row['95%']:>8}"
            )
    report_steady_state(VAR_DIR / "requests.csv")
    failures_path = VAR_DIR / "locust_failures.csv"
    if failures_path.exists():
        with failures_path.open() as failures:
            for row in csv.DictReader(failures):
                print(f"  failure: {row['Name']}: {row['Error']} × {row['Occurrences']}")
    text = log_path.read_text(errors="replace")
    locked = text.count("database is locked")
    status_5xx = len(re.findall(r'" 5\d\d \d+ ', text))
    # A PDF refused because every render slot was taken (503 with Retry-After).
    pdf_busy = len(re.findall(r'format=pdf HTTP/1\.1" 503 ', text))
    status_5xx -= pdf_busy
    tracebacks = text.count("Traceback (most recent call last)")
    print(
        f"\nServer log: {locked} 'database is locked', {status_5xx} answers 5xx, "
        f"{tracebacks} tracebacks, {text.count('WORKER TIMEOUT')} worker timeouts; "
        f"{pdf_busy} PDFs refused 503 (every render slot taken)"
    )
    print(
        f"\n{'process':<22} {'minutes':>8} {'RSS start':>10} {'warm (5 min)':>13} "
        f"{'RSS end':>10} {'end/warm':>9} {'end/half':>9}"
    )
    for name, points in sorted(samples.items()):
        first, last = points[0][1], points[-1][1]
        lived = f"{points[0][0]:g}-{points[-1][0]:g}"
        # Warm: five minutes after this process started (gunicorn replaces a worker it
        # had to kill, and the new one warms up again).
        if len(points) > 5:
            warm = points[5][1]
            # Half: the middle of this process's life, after its first PDF in every run
            # seen (a worker grows ~45 MB at its first PDF, which may come after 5 min).
            half = points[len(points) // 2][1]
            print(
                f"{name:<22} {lived:>8} {first / 1024:9.0f}M {warm / 1024:12.0f}M "
                f"{last / 1024:9.0f}M {last / warm - 1:+9.1%} {last / half - 1:+9.1%}"
            )
        else:
            print(
                f"{name:<22} {lived:>8} {first / 1024:9.0f}M {'-':>13} {last / 1024:9.0f}M {'-':>9}"
            )


def report_steady_state(path: Path) -> None:
    """Print the p95 of each page kind after the warm-up (sign-ins, first renders)."""
    if not path.exists():
        return
    with path.open() as requests_file:
        rows = list(csv.reader(requests_file))
    if not rows:
        return
    first = min(float(row[0]) for row in rows)
    times: dict[str, list[float]] = {}
    for at, name, milliseconds, failed in rows:
        if float(at) - first >= WARM_UP_MINUTES * 60 and failed == "0":
            times.setdefault(name, []).append(float(milliseconds))
    print(f"\nAfter the first {WARM_UP_MINUTES} minutes (successes only):")
    print(f"{'page kind':<28} {'requests':>9} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for name, values in sorted(times.items()):
        values.sort()
        p50 = values[len(values) // 2]
        p95 = values[min(len(values) - 1, int(len(values) * 0.95))]
        print(f"{name:<28} {len(values):>9} {p50:>8.0f} {p95:>8.0f} {values[-1]:>8.0f}")
    print()


if __name__ == "__main__":
    sys.exit(main())
