"""Load the secretariat's dashboard on the demo network and print its latency percentiles.

Builds a demo database of its own in var/bench/dashboard/ (migrate, load_demo), starts
gunicorn with config/gunicorn.py on a free loopback port as `make demo` does, signs the
demo secretariat in by creating a session, then requests /en/dashboard/ at each number
of connections in turn (1, 8 and 32 by default) for --duration seconds, with wrk when it
is installed (Python client threads otherwise). Each run is preceded by a warm-up and
printed with the load average of the machine. Goal: p95 under 150 ms at 8 connections.

    .venv/bin/python benchmarks/dashboard_load.py
    .venv/bin/python benchmarks/dashboard_load.py --connections 8 --duration 20 --reuse-db
    .venv/bin/python benchmarks/dashboard_load.py --reuse-db --write-every 2   # writes too
"""

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VAR_DIR = ROOT / "var" / "bench" / "dashboard"
GOAL_P95_MS = 150.0
# The goal is set at the concurrency a secretariat of a few people could reach at worst.
GOAL_CONNECTIONS = 8
PYTHON = ROOT / ".venv" / "bin" / "python"
WRK_REPORT = ROOT / "benchmarks" / "wrk_report.lua"


@dataclass(frozen=True)
class Run:
    connections: int
    tool: str
    responses: int
    errors: int
    seconds: float
    p50_ms: float
    p95_ms: float
    loadavg: str
    server_cpu_ms: float = 0.0
    error_kinds: str = ""

    def line(self) -> str:
        per_response = self.server_cpu_ms / self.responses if self.responses else float("inf")
        return (
            f"{self.connections:>3} connections ({self.tool}, {self.seconds:.0f} s): "
            f"{self.responses} responses, {self.errors} errors{self.error_kinds}, "
            f"{self.responses / self.seconds:.1f} req/s, "
            f"p50 {self.p50_ms:.0f} ms, p95 {self.p95_ms:.0f} ms, "
            f"server CPU {per_response:.1f} ms a response — load average {self.loadavg}"
        )


def environment() -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "CACHE_DIR", "TASKS_BACKEND", "DEBUG")
    }
    env |= {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "ICC_HTTPS": "0",
        "ICC_VAR_DIR": str(VAR_DIR),
        "MAIL_BACKEND": "console",
    }
    return env


def manage(*command: str) -> str:
    result = subprocess.run(  # noqa: S603 — our own commands
        [str(PYTHON), "manage.py", *command],
        cwd=ROOT,
        env=environment(),
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout


def build(reuse: bool) -> None:
    if not reuse and VAR_DIR.exists():
        shutil.rmtree(VAR_DIR)
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    manage("migrate", "--noinput", "-v", "0")
    manage("load_demo")
    manage("collectstatic", "--noinput", "-v", "0")
    # A reused database starts with a cold cache, as after a deploy.
    shutil.rmtree(VAR_DIR / "cache", ignore_errors=True)


def session_cookie() -> str:
    """Return the session key of the demo secretariat, signed in as the sign-in page would."""
    code = (
        "from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY\n"
        "from django.contrib.sessions.backends.db import SessionStore\n"
        "from icc.accounts.models import User\n"
        "user = User.objects.get(email='secretariat@icc.example')\n"
        "s = SessionStore()\n"
        "s[SESSION_KEY] = str(user.pk)\n"
        "s[BACKEND_SESSION_KEY] = 'django.contrib.auth.backends.ModelBackend'\n"
        "s[HASH_SESSION_KEY] = user.get_session_auth_hash()\n"
        "s.create()\n"
        "print(s.session_key)\n"
    )
    return manage("shell", "-c", code).strip().splitlines()[-1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def server_cpu_ms(master_pid: int) -> float:
    """Return the CPU time the gunicorn workers have used so far, in milliseconds.

    Unlike the latencies, this does not grow when other work shares the machine.
    """
    ticks = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == master_pid:  # the parent's pid: a worker of this server
            ticks += int(fields[11]) + int(fields[12])  # utime + stime
    return ticks * 1000 / os.sysconf("SC_CLK_TCK")


def loadavg() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def load_with_wrk(url: str, cookie: str, connections: int, duration: float) -> Run:
    threads = min(connections, 2)
    wrk = shutil.which("wrk") or "wrk"
    output = subprocess.run(  # noqa: S603 — wrk on our own loopback server
        [
            wrk,
            f"-t{threads}",
            f"-c{connections}",
            f"-d{duration:.0f}s",
            "--timeout",
            "10s",
            "-H",
            f"Cookie: sessionid={cookie}",
            "-s",
            str(WRK_REPORT),
            url,
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    line = next(row for row in output.splitlines() if row.startswith("WRK_JSON "))
    report = json.loads(line.removeprefix("WRK_JSON "))
    errors = sum(report["errors"].values())
    kinds = ", ".join(f"{kind} {n}" for kind, n in report["errors"].items() if n)
    return Run(
        connections=connections,
        tool="wrk",
        responses=report["requests"] - report["errors"]["status"],
        errors=errors,
        seconds=report["duration_us"] / 1e6,
        p50_ms=report["latency_us"]["p50"] / 1000,
        p95_ms=report["latency_us"]["p95"] / 1000,
        loadavg=loadavg(),
        error_kinds=f" ({kinds})" if kinds else "",
    )


def load_with_threads(url: str, cookie: str, connections: int, duration: float) -> Run:
    request = urllib.request.Request(url, headers={"Cookie": f"sessionid={cookie}"})  # noqa: S310 — http:// built here
    timings: list[float] = []
    errors = 0
    stop = time.monotonic() + duration
    lock = threading.Lock()

    def client() -> None:
        nonlocal errors
        while time.monotonic() < stop:
            start = time.perf_counter()
            try:
                with urllib.request.urlopen(request) as response:  # noqa: S310 — http:// built here
                    response.read()
                    ok = response.status == 200
            except OSError:
                ok = False
            elapsed = (time.perf_counter() - start) * 1000
            with lock:
                if ok:
                    timings.append(elapsed)
                else:
                    errors += 1

    threads = [threading.Thread(target=client) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    timings.sort()
    return Run(
        connections=connections,
        tool="Python threads",
        responses=len(timings),
        errors=errors,
        seconds=duration,
        p50_ms=statistics.median(timings) if timings else float("inf"),
        p95_ms=timings[max(int(len(timings) * 0.95) - 1, 0)] if timings else float("inf"),
        loadavg=loadavg(),
    )


def writer(every: float, stop: threading.Event) -> None:
    """Record an election through the service every ``every`` seconds, as the secretariat would.

    Each write retires the cached dashboard, so the runs measure misses as well as hits.
    """
    code = (
        "import time, datetime\n"
        "from icc.accounts.models import User\n"
        "from icc.commitment import services\n"
        "from icc.network.models import City\n"
        "user = User.objects.get(email='secretariat@icc.example')\n"
        "city = City.objects.get(slug='lyon')\n"
        "day = datetime.date(2031, 1, 1)\n"
        "while True:\n"
        "    services.record_election(city, office_kind='council', held_on=day, recorded_by=user,"
        " notes='benchmark')\n"
        f"    time.sleep({every})\n"
    )
    process = subprocess.Popen(  # noqa: S603 — our own command
        [str(PYTHON), "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=environment(),
        stdout=subprocess.DEVNULL,
    )
    stop.wait()
    process.terminate()
    process.wait(timeout=10)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--connections", type=int, nargs="+", default=[1, GOAL_CONNECTIONS, 32])
    parser.add_argument("--duration", type=float, default=20.0)
    parser.add_argument("--warmup", type=float, default=3.0)
    parser.add_argument("--reuse-db", action="store_true")
    parser.add_argument(
        "--write-every",
        type=float,
        default=0.0,
        help="also record an election every this many seconds (0: read only)",
    )
    parser.add_argument("--threads-client", action="store_true", help="use Python threads, not wrk")
    options = parser.parse_args()
    build(options.reuse_db)
    cookie = session_cookie()
    port = free_port()
    env = environment() | {"PORT": str(port), "SITE_URL": f"http://127.0.0.1:{port}"}
    server = subprocess.Popen(  # noqa: S603 — our own commands
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "config.wsgi:application",
            "--config",
            "config/gunicorn.py",
        ],
        cwd=ROOT,
        env=env,
    )
    url = f"http://127.0.0.1:{port}/en/dashboard/"
    use_wrk = shutil.which("wrk") is not None and not options.threads_client
    load = load_with_wrk if use_wrk else load_with_threads
    stop_writer = threading.Event()
    runs: list[Run] = []
    try:
        request = urllib.request.Request(url, headers={"Cookie": f"sessionid={cookie}"})
        for _attempt in range(100):
            try:
                with urllib.request.urlopen(request) as response:  # noqa: S310 — http:// built here
                    assert response.status == 200 and b"<svg" in response.read()
                break
            except OSError:
                time.sleep(0.2)
        if options.write_every:
            threading.Thread(target=writer, args=(options.write_every, stop_writer)).start()
        for connections in options.connections:
            load(url, cookie, connections, options.warmup)
            cpu_before = server_cpu_ms(server.pid)
            run = load(url, cookie, connections, options.duration)
            run = replace(run, server_cpu_ms=server_cpu_ms(server.pid) - cpu_before)
            print(run.line(), flush=True)
            runs.append(run)
    finally:
        stop_writer.set()
        server.terminate()
        server.wait(timeout=10)
    print(f"Machine: {os.cpu_count()} CPUs; gunicorn as config/gunicorn.py sets it.")
    goal_runs = [run for run in runs if run.connections == GOAL_CONNECTIONS] or runs
    ok = all(run.p95_ms < GOAL_P95_MS and not run.errors for run in goal_runs)
    print(
        f"Goal: p95 under {GOAL_P95_MS:.0f} ms at {goal_runs[0].connections} connections — "
        f"{'met' if ok else 'MISSED'}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
