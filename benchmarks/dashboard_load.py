"""Load the secretariat's dashboard on the demo network and print its latency percentiles.

Builds a demo database of its own in var/bench/dashboard/ (migrate, load_demo), starts
gunicorn with config/gunicorn.py on a free loopback port as `make demo` does, signs the
demo secretariat in by creating a session, then requests /en/dashboard/ from
--connections client threads for --duration seconds. Goal: p95 under 150 ms.

    .venv/bin/python benchmarks/dashboard_load.py
    .venv/bin/python benchmarks/dashboard_load.py --connections 8 --duration 20 --reuse-db
"""

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VAR_DIR = ROOT / "var" / "bench" / "dashboard"
GOAL_P95_MS = 150.0
PYTHON = ROOT / ".venv" / "bin" / "python"


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


def build(reuse: bool) -> None:
    if not reuse and VAR_DIR.exists():
        shutil.rmtree(VAR_DIR)
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    for command in (
        ["migrate", "--noinput", "-v", "0"],
        ["load_demo"],
        ["collectstatic", "--noinput", "-v", "0"],
    ):
        subprocess.run(  # noqa: S603 — our own commands
            [str(PYTHON), "manage.py", *command],
            cwd=ROOT,
            env=environment(),
            check=True,
            stdout=subprocess.DEVNULL,
        )


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
    result = subprocess.run(  # noqa: S603 — our own commands
        [str(PYTHON), "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=environment(),
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout.strip().splitlines()[-1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--duration", type=float, default=20.0)
    parser.add_argument("--reuse-db", action="store_true")
    options = parser.parse_args()
    build(options.reuse_db)
    key = session_cookie()
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
    request = urllib.request.Request(url, headers={"Cookie": f"sessionid={key}"})
    try:
        for _attempt in range(100):
            try:
                with urllib.request.urlopen(request) as response:  # noqa: S310 — an http:// URL built here
                    assert response.status == 200 and b"<svg" in response.read()
                break
            except OSError:
                time.sleep(0.2)
        timings: list[float] = []
        errors = 0
        stop = time.monotonic() + options.duration
        lock = threading.Lock()

        def client() -> None:
            nonlocal errors
            while time.monotonic() < stop:
                start = time.perf_counter()
                try:
                    with urllib.request.urlopen(request) as response:  # noqa: S310 — an http:// URL built here
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

        threads = [threading.Thread(target=client) for _ in range(options.connections)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        server.terminate()
        server.wait(timeout=10)
    timings.sort()
    p95 = timings[int(len(timings) * 0.95) - 1] if timings else float("inf")
    print(
        f"/en/dashboard/ as the secretariat, {options.connections} connections, "
        f"{options.duration:.0f} s: {len(timings)} responses, {errors} errors, "
        f"{len(timings) / options.duration:.1f} req/s, "
        f"p50 {statistics.median(timings):.0f} ms, p95 {p95:.0f} ms"
    )
    ok = p95 < GOAL_P95_MS and not errors
    print(f"Goal: p95 under {GOAL_P95_MS:.0f} ms — {'met' if ok else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
