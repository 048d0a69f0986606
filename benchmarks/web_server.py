"""The web benchmarks' server: build its database, start gunicorn as `make demo` does, sign in.

Shared by web_throughput.py, two_servers.py and pdf_overload.py.
"""

import contextlib
import http.cookiejar
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEMO_PASSWORD = "icc-demo-2026"  # noqa: S105 (icc/network/demo_data.py, the demo's accounts)
# A folder of its own, emptied at each build; other benchmarks keep theirs in var/bench/.
VAR_DIR = ROOT / "var" / "bench" / "web"
VENV_BIN = ROOT / ".venv" / "bin"
PYTHON = VENV_BIN / "python"
# Settings that would point the server at the developer's data or change what is measured.
SCRUBBED_ENV = (
    "DEBUG",
    "DATABASE_URL",
    "CACHE_DIR",
    "ACCESS_LOG",
    "ALLOWED_HOSTS",
    "BEHIND_PROXY",
    "SITE_URL",
    "TASKS_BACKEND",
    "EMAIL_BACKEND",
    "LOG_LEVEL",
)
# The bare view: the server is ready once it answers.
READY_PATH = "/healthz"


def warn_if_busy() -> float:
    """Say so when other work shares the CPUs: absolute figures then mean little."""
    load_average = os.getloadavg()[0]
    cpus = os.cpu_count() or 1
    if load_average > cpus / 2:
        print(
            f"The machine is busy (load {load_average:.1f} on {cpus} CPUs): trust the ratios "
            "to the bare view more than the absolute figures and the p95.",
            file=sys.stderr,
        )
    return load_average


def free_port() -> int:
    """Return a loopback port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def server_env(port: int) -> dict[str, str]:
    """Return the environment of the demo, pointed at var/bench/web/ and the given port."""
    env = {name: value for name, value in os.environ.items() if name not in SCRUBBED_ENV}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        ICC_HTTPS="0",
        ICC_VAR_DIR=str(VAR_DIR),
        HOST="127.0.0.1",
        PORT=str(port),
        SITE_URL=f"http://127.0.0.1:{port}",
        EMAIL_BACKEND="django.core.mail.backends.console.EmailBackend",
    )
    return env


def build_database(env: dict[str, str]) -> None:
    """Build the demo database and static files afresh in var/bench/web/, as `make demo` does."""
    print(f"Building the demo database in {VAR_DIR.relative_to(ROOT)}/…")
    shutil.rmtree(VAR_DIR, ignore_errors=True)
    VAR_DIR.mkdir(parents=True)
    steps = (
        ["migrate", "--noinput", "-v", "0"],
        ["load_demo"],
        ["collectstatic", "--noinput", "-v", "0"],
    )
    for step in steps:
        subprocess.run([PYTHON, "manage.py", *step], cwd=ROOT, env=env, check=True)  # noqa: S603


@contextlib.contextmanager
def running_server(
    env: dict[str, str], base_url: str, name: str = "gunicorn"
) -> Iterator[subprocess.Popen[bytes]]:
    """Run gunicorn with config/gunicorn.py until the block ends, however it ends."""
    log_path = VAR_DIR / f"{name}.log"
    with log_path.open("wb") as log:
        server = subprocess.Popen(  # noqa: S603
            [
                VENV_BIN / "gunicorn",
                "config.wsgi:application",
                "--config",
                "config/gunicorn.py",
                # Its own control socket, so a `make demo` running meanwhile keeps its own.
                "--control-socket",
                VAR_DIR / f"{name}.ctl",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            # Its own session: Ctrl-C reaches this script, which then stops it gracefully.
            start_new_session=True,
        )
        try:
            wait_until_ready(server, base_url, log_path)
            yield server
        finally:
            stop_server(server)


def wait_until_ready(server: subprocess.Popen[bytes], base_url: str, log_path: Path) -> None:
    """Return once the bare view answers; fail with the server's log if it never does."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited at start-up:\n{log_path.read_text()[-3000:]}")
        with contextlib.suppress(OSError):
            if fetch(base_url + READY_PATH)[0] == 200:
                return
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer within 60 s:\n{log_path.read_text()[-3000:]}")


def wait_until_idle(server: subprocess.Popen[bytes], timeout: float = 120) -> None:
    """Wait until gunicorn has answered the requests still queued when the load stopped.

    A slow URL leaves a backlog that would otherwise be served during the next
    run and slow it down. Idle means its processes used under 5% of a CPU for
    half a second; without /proc there is nothing to read, so this returns.
    """
    started = time.monotonic()
    before = _cpu_seconds(server.pid)
    while before is not None and time.monotonic() - started < timeout:
        time.sleep(0.5)
        after = _cpu_seconds(server.pid)
        if after is None or after - before < 0.025:
            break
        before = after
    waited = time.monotonic() - started
    if waited > 2:
        print(f"  (waited {waited:.0f} s for the server to drain its queue)")


def _cpu_seconds(process_group: int) -> float | None:
    """Return the CPU time used so far by every process of the group, or None without /proc."""
    proc = Path("/proc")
    if not (proc / str(process_group)).exists():
        return None
    ticks = 0
    for stat_path in proc.glob("[0-9]*/stat"):
        with contextlib.suppress(OSError):
            # Fields after the command name, which may hold spaces: state is [0], pgrp [2].
            fields = stat_path.read_text().rpartition(")")[2].split()
            if int(fields[2]) == process_group:
                ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def stop_server(server: subprocess.Popen[bytes]) -> None:
    """Ask gunicorn to stop, then kill its process group if it lingers."""
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        if server.poll() is None:
            server.terminate()
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()
    finally:
        signal.signal(signal.SIGINT, previous)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def fetch(url: str, headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    """Return the status and body of a GET as a load tool sends it, redirects not followed."""
    opener = urllib.request.build_opener(_NoRedirect)
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310
    try:
        with opener.open(request, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def sign_in(base_url: str, email: str, env: dict[str, str] | None = None) -> str:
    """Sign in through the sign-in form (and the two-factor form); return the Cookie header.

    ``env`` is the server's environment, given for the secretariat: its code comes from
    ``manage.py demo_code``, as a person reads it from the demo's authenticator.
    """
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    login = base_url + "/en/accounts/login/"
    with opener.open(login, timeout=30) as page:
        token = _csrf_token(page.read().decode())
    data = {"csrfmiddlewaretoken": token, "login": email, "password": DEMO_PASSWORD}
    request = urllib.request.Request(  # noqa: S310 (loopback)
        login, urllib.parse.urlencode(data).encode(), headers={"Referer": login}
    )
    with opener.open(request, timeout=30) as answer:
        after_url, page_text = answer.url, answer.read().decode()
    if "2fa" in after_url:
        if env is None:
            raise RuntimeError(f"{email} needs a two-factor code")
        code = _demo_code(env)
        request = urllib.request.Request(  # noqa: S310 (loopback)
            after_url,
            urllib.parse.urlencode(
                {"csrfmiddlewaretoken": _csrf_token(page_text), "code": code}
            ).encode(),
            headers={"Referer": after_url},
        )
        with opener.open(request, timeout=30) as answer:
            after_url = answer.url
    cookie = "; ".join(f"{item.name}={item.value}" for item in jar)
    if "sessionid" not in cookie or "/login/" in after_url or "2fa" in after_url:
        raise RuntimeError(f"{email} could not sign in (ended on {after_url})")
    return cookie


def _csrf_token(html: str) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    if match is None:
        raise RuntimeError("the sign-in page has no CSRF token")
    return match.group(1)


def _demo_code(env: dict[str, str]) -> str:
    # A code is accepted only in its own 30 s period: never take one about to expire.
    if 30 - time.time() % 30 < 3:
        time.sleep(30 - time.time() % 30 + 0.1)
    result = subprocess.run(  # noqa: S603
        [PYTHON, "manage.py", "demo_code"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    return result.stdout.strip()


@contextlib.contextmanager
def background_writer(env: dict[str, str], every: float) -> Iterator[Callable[[], int]]:
    """Edit Lyon's population through the service every ``every`` seconds during the block.

    Each edit retires the network's cached pages on commit, so the mix pays for the misses
    every write causes, as visitors do. Yields a function that returns the edits made.
    """
    if not every:
        yield lambda: 0
        return
    code = (
        "import itertools, sys, time\n"
        "from icc.network.models import City\n"
        "from icc.network.services import update_city\n"
        "city = City.objects.get(slug='lyon')\n"
        "for n in itertools.count(1):\n"
        "    update_city(city, changed_by=None, data={'population': 500000 + n})\n"
        "    print('write', flush=True)\n"
        f"    time.sleep({every})\n"
    )
    with tempfile.TemporaryFile() as output:
        writer = subprocess.Popen(  # noqa: S603
            [PYTHON, "manage.py", "shell", "-c", code], cwd=ROOT, env=env, stdout=output
        )
        count = 0

        def made() -> int:
            return count

        # Django starts slowly on a busy machine: load only once the edits have begun.
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and writer.poll() is None:
            output.seek(0)
            if b"write" in output.read():
                break
            time.sleep(0.2)
        try:
            yield made
        finally:
            writer.terminate()
            writer.wait(timeout=15)
            output.seek(0)
            # The first edit was made before the load started.
            count = output.read().count(b"write") - 1
