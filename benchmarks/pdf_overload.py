"""Pile PDF renders onto the server and watch what happens to them and to the pages.

Starts gunicorn with config/gunicorn.py (two sync workers a CPU) on a demo database of
its own (var/bench/pdf-overload/), the page cache off so that every PDF is rendered,
and the per-client PDF limit lifted (every request comes from 127.0.0.1). Then, for
--seconds, --clients threads ask for city PDFs without pause (each a different city or
language in turn) while one probe opens an ordinary page every half second, as a
visitor reading the site would. It does so three times:

- "no bound": ``ICC_PDF_CONCURRENT_RENDERS=0``, every worker may render at once;
- "bounded, 2 s wait": one render a CPU at once, 2 s of waiting for a free slot
  (``ICC_PDF_WAIT_SECONDS=2``), then 503 with ``Retry-After``;
- "bounded, no wait": the default (decision 0037), a 503 at once when no slot is free.

Prints, for each, the PDFs answered by status (200, 503, 429, 5xx, connection closed or
timed out), the p50/p95 of the rendered ones, the probe's p50/p95/max and failures, and
the "WORKER TIMEOUT" lines of the server log; with the load average.

    .venv/bin/python benchmarks/pdf_overload.py                   # 16 clients, 40 s each
    .venv/bin/python benchmarks/pdf_overload.py --reuse-db --clients 8 --seconds 20
"""

import argparse
import contextlib
import os
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from web_throughput import ROOT, VENV_BIN, free_port

VAR_DIR = ROOT / "var" / "bench" / "pdf-overload"
PYTHON = VENV_BIN / "python"
CITIES = ("lyon", "oslo", "bergen", "botkyrka", "reggio-emilia", "geneva", "limassol", "lisbon")
PROBE_PATH = "/en/cities/"
REQUEST_TIMEOUT = 60
# Name, concurrent renders, seconds of waiting for a slot (None: the settings' default).
SCENARIOS = (
    ("no bound", "0", None),
    ("bounded, 2 s wait", None, "2"),
    ("bounded, no wait", None, None),
)
SCRUBBED_ENV = ("DEBUG", "DATABASE_URL", "CACHE_DIR", "CACHE_URL", "TASKS_BACKEND", "SITE_URL")


def main() -> int:
    """Build, run both scenarios, print the figures."""
    args = parse_args()
    signal.signal(signal.SIGTERM, lambda signum, _frame: sys.exit(128 + signum))
    if not (args.reuse_db and (VAR_DIR / "icc.sqlite3").exists()):
        build()
    cities = existing_cities()
    for name, slots, wait in SCENARIOS:
        port = free_port()
        env = server_env(port, slots, wait)
        log_path = VAR_DIR / f"server-{name.replace(' ', '-')}.log"
        with running_server(env, port, log_path) as base_url:
            statuses, rendered, probe, probe_failures = pile_up(base_url, cities, args)
        timeouts = log_path.read_text(errors="replace").count("WORKER TIMEOUT")
        print(
            f"\n{name} (ICC_PDF_CONCURRENT_RENDERS={slots or 'default: one a CPU'}, "
            f"ICC_PDF_WAIT_SECONDS={wait or 'default'}), "
            f"{args.clients} clients for {args.seconds} s; load average {load_average()}"
        )
        print("  PDFs answered: " + ", ".join(f"{k} × {v}" for k, v in sorted(statuses.items())))
        if rendered:
            print(f"  rendered PDFs: p50 {pct(rendered, 50):.1f} s, p95 {pct(rendered, 95):.1f} s")
        print(
            f"  page {PROBE_PATH} meanwhile: {len(probe)} answered, p50 {pct(probe, 50):.2f} s, "
            f"p95 {pct(probe, 95):.2f} s, max {max(probe, default=0):.2f} s; "
            f"{probe_failures} failed"
        )
        print(f"  gunicorn WORKER TIMEOUT lines: {timeouts}", flush=True)
    return 0


def parse_args() -> argparse.Namespace:
    """Read the command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=16, help="PDF clients at once (16)")
    parser.add_argument("--seconds", type=int, default=40, help="length of each pile-up (40)")
    parser.add_argument("--reuse-db", action="store_true", help="keep the database built before")
    return parser.parse_args()


def load_average() -> str:
    """Return the 1, 5 and 15-minute load averages."""
    return " ".join(f"{value:.1f}" for value in os.getloadavg())


def pct(values: list[float], percent: int) -> float:
    """Return a percentile of the values (0 when there are none)."""
    if len(values) < 2:
        return values[0] if values else 0.0
    return statistics.quantiles(values, n=100)[percent - 1]


def server_env(port: int, slots: str | None, wait: str | None = None) -> dict[str, str]:
    """Return the server's environment; ``slots`` and ``wait`` set the bound if given."""
    env = {name: value for name, value in os.environ.items() if name not in SCRUBBED_ENV}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        ICC_HTTPS="0",
        ICC_VAR_DIR=str(VAR_DIR),
        DATABASE_URL=f"sqlite:///{VAR_DIR / 'icc.sqlite3'}",
        HOST="127.0.0.1",
        PORT=str(port),
        SITE_URL=f"http://127.0.0.1:{port}",
        MAIL_BACKEND="console",
        ACCESS_LOG="-",
        LOG_LEVEL="WARNING",
        ICC_PUBLIC_PAGE_CACHE_SECONDS="0",
        ICC_PDF_RENDERS_PER_MINUTE="100000",
    )
    for name, value in (("ICC_PDF_CONCURRENT_RENDERS", slots), ("ICC_PDF_WAIT_SECONDS", wait)):
        env.pop(name, None)
        if value is not None:
            env[name] = value
    return env


def build() -> None:
    """Build the demo database and static files afresh."""
    print(f"Building the demo database (load average {load_average()})…", flush=True)
    shutil.rmtree(VAR_DIR, ignore_errors=True)
    VAR_DIR.mkdir(parents=True)
    env = server_env(0, None)
    for step in (
        ["migrate", "--noinput", "-v", "0"],
        ["load_demo"],
        ["collectstatic", "--noinput", "-v", "0"],
    ):
        subprocess.run(  # noqa: S603
            [PYTHON, "manage.py", *step], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
        )


def existing_cities() -> list[str]:
    """Return the demo cities of CITIES that the database has."""
    import sqlite3

    with contextlib.closing(sqlite3.connect(VAR_DIR / "icc.sqlite3")) as database:
        found = {row[0] for row in database.execute("SELECT slug FROM network_city")}
    return [slug for slug in CITIES if slug in found] or ["lyon"]


@contextlib.contextmanager
def running_server(env: dict[str, str], port: int, log_path: Path) -> Iterator[str]:
    """Run gunicorn until the block ends; yield its base URL."""
    base_url = f"http://127.0.0.1:{port}"
    with log_path.open("wb") as log:
        process = subprocess.Popen(  # noqa: S603
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
        try:
            for _ in range(300):
                with (
                    contextlib.suppress(OSError),
                    urllib.request.urlopen(base_url + "/healthz", timeout=5),  # noqa: S310
                ):
                    break
                time.sleep(0.2)
            # Each worker loads WeasyPrint on its first PDF: do that before measuring.
            for slug in ("lyon",) * 8:
                with contextlib.suppress(OSError):
                    get(f"{base_url}/en/cities/{slug}/?format=pdf")
            yield base_url
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)


def get(url: str) -> int:
    """Return the status of a GET; raise OSError when the connection fails or times out."""
    try:
        with urllib.request.urlopen(url, timeout=REQUEST_TIMEOUT) as answer:  # noqa: S310
            answer.read()
            return int(answer.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


def pile_up(
    base_url: str, cities: list[str], args: argparse.Namespace
) -> tuple[Counter[str], list[float], list[float], int]:
    """Ask for PDFs from many clients while a probe reads a page; return what happened."""
    stop = time.monotonic() + args.seconds
    statuses: Counter[str] = Counter()
    rendered: list[float] = []
    probe: list[float] = []
    probe_failures = 0
    lock = threading.Lock()

    def client(number: int) -> None:
        turn = number
        while time.monotonic() < stop:
            slug = cities[turn % len(cities)]
            language = ("en", "fr")[turn // len(cities) % 2]
            path = f"/{language}/cities/{slug}/" if language == "en" else f"/fr/villes/{slug}/"
            turn += 1
            started = time.monotonic()
            try:
                status = str(get(base_url + path + "?format=pdf"))
            except OSError as error:
                status = "timed out" if "timed out" in str(error) else "connection failed"
            with lock:
                statuses[status] += 1
                if status == "200":
                    rendered.append(time.monotonic() - started)
            if status == "503":
                time.sleep(1)  # a person reads the page before trying again

    def prober() -> None:
        nonlocal probe_failures
        while time.monotonic() < stop:
            started = time.monotonic()
            try:
                ok = get(base_url + PROBE_PATH) == 200
            except OSError:
                ok = False
            if ok:
                probe.append(time.monotonic() - started)
            else:
                probe_failures += 1
            time.sleep(0.5)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(args.clients)]
    threads.append(threading.Thread(target=prober))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses, rendered, probe, probe_failures


if __name__ == "__main__":
    sys.exit(main())
