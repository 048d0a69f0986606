"""Measure public pages and the API against a bare view, on the production stack.

Builds a demo database of its own under var/bench/web/, starts gunicorn with
config/gunicorn.py exactly as `make demo` does (WhiteNoise, DEBUG off), then
loads each URL with wrk in alternating rounds so that a noisy machine slows
every URL alike and the ratios to the bare view still hold. Prints a table,
writes benchmarks/results/latest.json, and exits 1 when a goal is missed.

One run reports, each apart: anonymous pages from the page cache; the same pages from a
second server whose page cache is off (ICC_PUBLIC_PAGE_CACHE_SECONDS=0); pages of
people signed in through the sign-in form (the secretariat with its two-factor code);
the practice search with a different word on every request; and a mix of public pages
while a background process edits a city through the service every few seconds.

    make bench                                   # 32 connections, 20 s a run, 2 rounds
    .venv/bin/python benchmarks/web_throughput.py --duration 5 --rounds 1 --reuse-db
"""

import argparse
import csv
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from web_server import (
    ROOT,
    VAR_DIR,
    VENV_BIN,
    background_writer,
    build_database,
    fetch,
    free_port,
    running_server,
    server_env,
    sign_in,
    wait_until_idle,
    warn_if_busy,
)

BENCH_DIR = ROOT / "benchmarks"
RESULTS = BENCH_DIR / "results" / "latest.json"

# Knobs worth trying by hand; their values are recorded with the figures.
SERVER_KNOBS = (
    "WEB_CONCURRENCY",
    "WEB_WORKER_CLASS",
    "WEB_THREADS",
    "ICC_PUBLIC_PAGE_CACHE_SECONDS",
    "CONN_MAX_AGE",
)


@dataclass(frozen=True)
class Target:
    """A URL under load and the goal it must meet relative to the bare view."""

    name: str
    path: str
    min_share: float | None = None
    max_p95_ms: float | None = None
    # What is measured, for the report's grouping.
    kind: str = "cached anonymous"
    # Answered by the second server, whose page cache is off: the views themselves.
    uncached: bool = False
    # Signed in as this demo account (its session cookie is sent with every request).
    persona: str | None = None
    # ``path`` holds "%s", replaced by one of these words on each request.
    words: tuple[str, ...] = ()
    # Each request picks one of these paths instead of ``path``.
    mix: tuple[str, ...] = ()
    # A background process edits a city every --write-every seconds during the run.
    writes: bool = False

    def goal(self) -> str:
        """Return the goal in words, or the role of the reference."""
        if self.min_share is None:
            return "reference" if self.kind == "reference" else "-"
        goal = f">= {self.min_share:.0%} of bare"
        if self.max_p95_ms is not None:
            goal += f", p95 < {self.max_p95_ms:g} ms"
        return goal


COORDINATOR = "coordinator.lyon@icc.example"
SECRETARIAT = "secretariat@icc.example"
SEARCH_WORDS = (
    "refugees",
    "school",
    "language",
    "sport",
    "women",
    "youth",
    "housing",
    "culture",
    "dialogue",
    "festival",
    "migrants",
    "library",
    "jobs",
    "health",
    "police",
    "theatre",
)
PUBLIC_MIX = (
    "/en/cities/",
    "/en/cities/lyon/",
    "/en/cities/oslo/",
    "/en/index/results/lyon/",
    "/api/v1/cities",
    "/en/practices/",
)
BARE = Target("hello", "/healthz", kind="reference")
TARGETS = (
    BARE,
    Target("directory", "/en/cities/", min_share=0.50, max_p95_ms=30),
    Target("profile", "/en/cities/lyon/", min_share=0.50, max_p95_ms=30),
    Target("api", "/api/v1/cities", min_share=0.25),
    Target("index report", "/en/index/results/lyon/", min_share=0.25, max_p95_ms=60),
    Target("directory, uncached", "/en/cities/", kind="uncached anonymous", uncached=True),
    Target("profile, uncached", "/en/cities/lyon/", kind="uncached anonymous", uncached=True),
    Target("api, uncached", "/api/v1/cities", kind="uncached anonymous", uncached=True),
    Target(
        "index report, uncached",
        "/en/index/results/lyon/",
        kind="uncached anonymous",
        uncached=True,
    ),
    Target("profile, signed in", "/en/cities/lyon/", kind="signed in", persona=COORDINATOR),
    Target("results, signed in", "/en/index/results/lyon/", kind="signed in", persona=COORDINATOR),
    Target(
        "practice search, signed in",
        "/en/practices/?q=refugees",
        kind="signed in",
        persona=COORDINATOR,
    ),
    Target("dashboard", "/en/dashboard/", kind="signed in", persona=SECRETARIAT),
    Target("search, varying", "/en/practices/?q=%s", kind="varying search", words=SEARCH_WORDS),
    Target(
        "search, varying, signed in",
        "/en/practices/?q=%s",
        kind="varying search",
        words=SEARCH_WORDS,
        persona=COORDINATOR,
    ),
    Target("public mix", "(6 pages)", kind="mix with writes", mix=PUBLIC_MIX),
    Target("public mix, writes", "(6 pages)", kind="mix with writes", mix=PUBLIC_MIX, writes=True),
)


@dataclass(frozen=True)
class Run:
    """The figures of one load run against one URL."""

    requests: int
    requests_per_s: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    errors: int


def main() -> int:
    """Build the database, start the server, measure, report; return the exit status."""
    args = parse_args()
    tool = "wrk" if shutil.which("wrk") else "locust"
    if tool == "locust":
        print(
            "wrk is not installed; falling back to locust, which saturates sooner.\n"
            "  Install wrk for comparable figures: sudo apt-get install -y wrk\n",
            file=sys.stderr,
        )
    signal.signal(signal.SIGTERM, _exit_on_signal)
    signal.signal(signal.SIGHUP, _exit_on_signal)

    port = free_port()
    env = server_env(port)
    if args.reuse_db and (VAR_DIR / "icc.sqlite3").exists():
        shutil.rmtree(VAR_DIR / "cache", ignore_errors=True)
    else:
        build_database(env)

    load_at_start = warn_if_busy()
    base_url = f"http://127.0.0.1:{port}"
    # The same database and code, the page cache off: what a miss costs on every page.
    uncached_port = free_port()
    uncached_env = {
        **server_env(uncached_port),
        "ICC_PUBLIC_PAGE_CACHE_SECONDS": "0",
        # Its own metric files: gunicorn empties the folder when it starts.
        "PROMETHEUS_MULTIPROC_DIR": str(VAR_DIR / "metrics-uncached"),
    }
    uncached_url = f"http://127.0.0.1:{uncached_port}"
    runs: dict[str, list[Run]] = {target.name: [] for target in TARGETS}
    writes: list[int] = []
    with (
        running_server(env, base_url) as server,
        running_server(uncached_env, uncached_url, name="uncached") as uncached_server,
    ):
        cookies = {
            COORDINATOR: sign_in(base_url, COORDINATOR),
            SECRETARIAT: sign_in(base_url, SECRETARIAT, env=env),
        }
        for target in TARGETS:
            check_target(uncached_url if target.uncached else base_url, target, cookies)
        print(f"Warming up each URL for {args.warmup} s…")
        for target in TARGETS:
            url = uncached_url if target.uncached else base_url
            load(tool, url, target, args.warmup, args, cookies)
            wait_until_idle(server)
            wait_until_idle(uncached_server)
        for round_number in range(1, args.rounds + 1):
            for target in TARGETS:
                url = uncached_url if target.uncached else base_url
                with background_writer(env, args.write_every if target.writes else 0) as done:
                    run = load(tool, url, target, args.duration, args, cookies)
                if target.writes:
                    writes.append(done())
                wait_until_idle(server)
                wait_until_idle(uncached_server)
                runs[target.name].append(run)
                print(
                    f"  round {round_number}/{args.rounds}  {target.name:<28} "
                    f"{run.requests_per_s:8.1f} req/s  p95 {run.p95_ms:6.1f} ms"
                    + (f"  {run.errors} errors" if run.errors else "")
                    + (f"  ({writes[-1]} writes)" if target.writes else "")
                    + f"  load {os.getloadavg()[0]:.1f}"
                )

    summary = summarise(runs)
    for row in summary:
        if row["name"] == "public mix, writes":
            row["writes"] = sum(writes)
    print_table(summary, args, tool)
    write_results(summary, runs, args, tool, env, load_at_start)
    return 0 if all(row["passed"] is not False for row in summary) else 1


def parse_args() -> argparse.Namespace:
    """Read the command line; the defaults are the figures of issue 2."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=20, help="seconds per run (20)")
    parser.add_argument("--connections", type=int, default=32, help="open connections (32)")
    parser.add_argument("--rounds", type=int, default=2, help="rounds over all URLs (2)")
    parser.add_argument("--warmup", type=int, default=3, help="seconds of warm-up per URL (3)")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (2)")
    parser.add_argument(
        "--write-every",
        type=float,
        default=3,
        help="seconds between the city edits of the mix with writes (3)",
    )
    parser.add_argument(
        "--reuse-db",
        action="store_true",
        help="keep the database already in var/bench/web/ instead of building it again",
    )
    args = parser.parse_args()
    if min(args.duration, args.connections, args.rounds, args.threads) < 1 or args.warmup < 0:
        parser.error("durations, connections, rounds and threads must be positive")
    args.threads = min(args.threads, args.connections)
    return args


def _exit_on_signal(signum: int, _frame: object) -> None:
    # Turn a termination into an exception so the server is stopped on the way out.
    raise SystemExit(128 + signum)


def target_paths(target: Target) -> list[str]:
    """Return every path the target's requests may ask for."""
    if target.mix:
        return list(target.mix)
    if target.words:
        return [target.path % word for word in target.words]
    return [target.path]


def check_target(base_url: str, target: Target, cookies: dict[str, str]) -> None:
    """Refuse to measure a URL that does not answer 200 with a body (signed in: not a redirect)."""
    headers = {"Cookie": cookies[target.persona]} if target.persona else {}
    for path in target_paths(target):
        status, body = fetch(base_url + path, headers)
        if status != 200 or not body:
            raise RuntimeError(f"{path} answered {status}; the demo data may be missing")


def load(
    tool: str,
    base_url: str,
    target: Target,
    seconds: int,
    args: argparse.Namespace,
    cookies: dict[str, str],
) -> Run:
    """Load the target for the given time with wrk, or locust when wrk is absent."""
    if tool == "wrk":
        return load_with_wrk(base_url, target, seconds, args, cookies)
    if target.persona or target.words or target.mix:
        raise RuntimeError("without wrk only the anonymous single pages are measured")
    return load_with_locust(base_url + target.path, seconds, args.connections)


def load_with_wrk(
    base_url: str,
    target: Target,
    seconds: int,
    args: argparse.Namespace,
    cookies: dict[str, str],
) -> Run:
    """Run wrk with the Lua script that varies the requests and adds the 95th percentile."""
    command = [
        shutil.which("wrk") or "wrk",
        f"--threads={args.threads}",
        f"--connections={args.connections}",
        f"--duration={seconds}s",
        "--timeout=10s",
        "--latency",
        "--script",
        str(BENCH_DIR / "wrk_vary.lua"),
    ]
    if target.persona:
        command += ["--header", f"Cookie: {cookies[target.persona]}"]
    command.append(base_url + ("/" if target.mix else target.path))
    if target.words:
        command += ["--", "words", target.path, *target.words]
    elif target.mix:
        command += ["--", "paths", *target.mix]
    env = {**os.environ, "WRK_REPORT": str(BENCH_DIR / "wrk_report.lua")}
    output = subprocess.run(  # noqa: S603
        command, capture_output=True, text=True, check=True, env=env
    ).stdout
    line = next(line for line in output.splitlines() if line.startswith("WRK_JSON "))
    report = json.loads(line.removeprefix("WRK_JSON "))
    latency = report["latency_us"]
    return Run(
        requests=report["requests"],
        requests_per_s=report["requests"] / (report["duration_us"] / 1e6),
        p50_ms=latency["p50"] / 1000,
        p95_ms=latency["p95"] / 1000,
        p99_ms=latency["p99"] / 1000,
        errors=sum(report["errors"].values()),
    )


def load_with_locust(url: str, seconds: int, connections: int) -> Run:
    """Run locust headless with one user per connection; read its CSV summary."""
    host, _, path = url.partition("://")[2].partition("/")
    with tempfile.TemporaryDirectory() as scratch:
        prefix = Path(scratch) / "run"
        command = [
            str(VENV_BIN / "locust"),
            "--locustfile",
            str(BENCH_DIR / "locustfile.py"),
            "--headless",
            "--users",
            str(connections),
            "--spawn-rate",
            str(connections),
            "--run-time",
            f"{seconds}s",
            "--host",
            f"http://{host}",
            "--csv",
            str(prefix),
            "--only-summary",
            "--loglevel",
            "WARNING",
        ]
        env = {**os.environ, "BENCH_PATH": "/" + path}
        # Locust exits 1 when a request failed; the failures are counted from its CSV instead.
        subprocess.run(command, env=env, capture_output=True, check=False)  # noqa: S603
        stats_path = Path(f"{prefix}_stats.csv")
        if not stats_path.exists():
            raise RuntimeError("locust wrote no statistics; run it by hand to see why")
        with stats_path.open() as stats:
            row = next(row for row in csv.DictReader(stats) if row["Name"] == "target")
    return Run(
        requests=int(row["Request Count"]),
        requests_per_s=float(row["Requests/s"]),
        p50_ms=float(row["50%"]),
        p95_ms=float(row["95%"]),
        p99_ms=float(row["99%"]),
        errors=int(row["Failure Count"]),
    )


def summarise(runs: dict[str, list[Run]]) -> list[dict[str, Any]]:
    """Average each URL's rounds and judge it against its goal.

    The share of the bare view is taken round by round, each page against the
    bare view measured just before it, then averaged.
    """
    bare_runs = runs[BARE.name]
    rows = []
    for target in TARGETS:
        target_runs = runs[target.name]
        shares = [
            run.requests_per_s / bare.requests_per_s
            for run, bare in zip(target_runs, bare_runs, strict=True)
        ]
        row: dict[str, Any] = {
            "name": target.name,
            "kind": target.kind,
            "path": target.path,
            "requests_per_s": statistics.mean(run.requests_per_s for run in target_runs),
            "p95_ms": statistics.mean(run.p95_ms for run in target_runs),
            "share_of_bare": statistics.mean(shares),
            "errors": sum(run.errors for run in target_runs),
            "goal": target.goal(),
            "passed": None,
        }
        if target.min_share is not None:
            row["passed"] = (
                row["share_of_bare"] >= target.min_share
                and (target.max_p95_ms is None or row["p95_ms"] < target.max_p95_ms)
                and row["errors"] == 0
            )
        rows.append(row)
    return rows


def print_table(summary: list[dict[str, Any]], args: argparse.Namespace, tool: str) -> None:
    """Print the figures and the verdict of each URL."""
    workers = os.environ.get("WEB_CONCURRENCY", str(2 * (os.cpu_count() or 1)))
    worker_class = os.environ.get("WEB_WORKER_CLASS", "sync")
    threads = os.environ.get("WEB_THREADS", "1")
    print(
        f"\n{tool}, {args.connections} connections, {args.duration} s a run, "
        f"{args.rounds} round(s); gunicorn {workers} {worker_class} workers x {threads} "
        "thread(s), "
        f"{os.cpu_count()} CPUs\n"
    )
    print(
        f"{'what':<28} {'path':<26} {'req/s':>9} {'p95 ms':>8} {'% of bare':>10}  "
        f"{'goal':<28} result"
    )
    kind = ""
    for row in summary:
        if row["kind"] != kind:
            kind = row["kind"]
            print(f"-- {kind}")
        verdict = {None: "", True: "PASS", False: "FAIL"}[row["passed"]]
        if row["errors"]:
            verdict += f" ({row['errors']} errors)"
        if row.get("writes"):
            verdict += f" ({row['writes']} writes)"
        print(
            f"{row['name']:<28} {row['path']:<26} {row['requests_per_s']:9.1f} "
            f"{row['p95_ms']:8.1f} {row['share_of_bare']:10.0%}  {row['goal']:<28} {verdict}"
        )
    print()


def write_results(
    summary: list[dict[str, Any]],
    runs: dict[str, list[Run]],
    args: argparse.Namespace,
    tool: str,
    env: dict[str, str],
    load_at_start: float,
) -> None:
    """Write the figures and the conditions they were measured in to results/latest.json."""
    commit = subprocess.run(
        ["git", "describe", "--always", "--dirty"],  # noqa: S607
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    document = {
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "commit": commit,
        "tool": tool,
        "duration_s": args.duration,
        "connections": args.connections,
        "rounds": args.rounds,
        "cpus": os.cpu_count(),
        "load_average_at_start": round(load_at_start, 2),
        "server": {knob: env.get(knob) for knob in SERVER_KNOBS},
        "passed": all(row["passed"] is not False for row in summary),
        "targets": [{**row, "runs": [asdict(run) for run in runs[row["name"]]]} for row in summary],
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(document, indent=2) + "\n")
    print(f"Figures written to {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        print("\nInterrupted; the server is stopped.", file=sys.stderr)
        sys.exit(130)
