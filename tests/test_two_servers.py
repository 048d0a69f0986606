"""Two app servers with their own var/ folders, sharing PostgreSQL and a Redis cache.

Runs where the suite runs on PostgreSQL and redis-server is installed (CI installs both);
skipped elsewhere. Each server is a real gunicorn process.
"""

import os
import secrets
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
from django.conf import settings

from icc.core.tests.test_shared_cache import redis_url  # noqa: F401  (a fixture)

ROOT = Path(__file__).resolve().parents[1]
ON_POSTGRES = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
PASSWORD = "a-long-shared-password"
# Generous: a loaded CI machine renders PDFs slowly; a hang still fails the test.
TIMEOUT = 60

pytestmark = pytest.mark.skipif(not ON_POSTGRES, reason="needs PostgreSQL (CI runs it)")

SEED = f"""
from icc.accounts.models import Role, User
from icc.accounts.services import create_api_token, grant_role
from icc.network import services
from icc.network.models import City
lyon = services.create_city(created_by=None, name="Lyon", slug="lyon", country="FR",
    population=522000, status=City.Status.MEMBER)
for n in range(4):
    services.create_city(created_by=None, name=f"Town {{n}}", slug=f"town-{{n}}", country="FR",
        status=City.Status.MEMBER)
user = User.objects.create_user("coordinator@lyon.test", "{PASSWORD}", full_name="Camille Martin")
grant_role(user, Role.CITY_COORDINATOR, granted_by=None, city=lyon)
_token, secret = create_api_token(user, name="two servers")
print(secret)
"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Server:
    url: str
    process: subprocess.Popen[bytes]


@pytest.fixture
def shared_database() -> Iterator[str]:
    import psycopg

    db = settings.DATABASES["default"]
    name = f"icc_two_servers_{uuid.uuid4().hex[:8]}"
    admin = psycopg.connect(
        host=db["HOST"] or "localhost",
        port=db["PORT"] or 5432,
        user=db["USER"],
        password=db["PASSWORD"],
        dbname="postgres",
        autocommit=True,
    )
    admin.execute(f'CREATE DATABASE "{name}"')
    host = f"{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}"
    try:
        yield f"postgres://{db['USER']}:{db['PASSWORD']}@{host}/{name}"
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


@pytest.fixture
def servers(tmp_path, shared_database, redis_url) -> Iterator[tuple[Server, Server, str]]:  # noqa: F811
    """Start servers A and B; return them and an API token of Lyon's coordinator."""
    common = {k: v for k, v in os.environ.items() if k not in {"DJANGO_ALLOW_ASYNC_UNSAFE"}} | {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": shared_database,
        "CACHE_URL": redis_url,
        "SECRET_KEY": secrets.token_urlsafe(40),
        "ALLOWED_HOSTS": "127.0.0.1",
        "ICC_HTTPS": "0",
        "SITE_URL": "http://127.0.0.1",
        "ICC_PUBLIC_PAGE_CACHE_SECONDS": "600",
        "ICC_PDF_RENDERS_PER_MINUTE": "3",
        "WEB_CONCURRENCY": "1",
    }
    manage = [sys.executable, "manage.py"]
    seed_env = common | {"ICC_VAR_DIR": str(tmp_path / "seed")}
    subprocess.run([*manage, "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=seed_env, check=True)
    seeded = subprocess.run(
        [*manage, "shell", "--no-imports", "-c", SEED],
        cwd=ROOT,
        env=seed_env,
        check=True,
        capture_output=True,
        text=True,
    )
    token = seeded.stdout.strip().splitlines()[-1]
    # Static files are collected once, as a deploy does, and shared by both servers.
    subprocess.run(
        [*manage, "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, env=seed_env, check=True
    )
    started = []
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "static").symlink_to(tmp_path / "seed" / "static")
        port = _free_port()
        env = common | {"ICC_VAR_DIR": str(tmp_path / name), "PORT": str(port)}
        process = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "config.wsgi:application",
                "--config",
                "config/gunicorn.py",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        started.append(Server(f"http://127.0.0.1:{port}", process))
    try:
        for server in started:
            for _ in range(300):
                try:
                    if requests.get(f"{server.url}/healthz", timeout=TIMEOUT).status_code == 200:
                        break
                except requests.ConnectionError:
                    time.sleep(0.1)
            else:
                pytest.fail(f"{server.url} did not start")
        yield started[0], started[1], token
    finally:
        for server in started:
            server.process.terminate()
            server.process.wait(timeout=30)


def _sign_in(server: Server) -> requests.Session:
    session = requests.Session()
    page = session.get(f"{server.url}/en/accounts/login/", timeout=TIMEOUT)
    csrf = session.cookies["csrftoken"]
    assert page.status_code == 200
    response = session.post(
        f"{server.url}/en/accounts/login/",
        data={"login": "coordinator@lyon.test", "password": PASSWORD, "csrfmiddlewaretoken": csrf},
        headers={"Referer": f"{server.url}/en/accounts/login/"},
        allow_redirects=False,
        timeout=TIMEOUT,
    )
    assert response.status_code == 302, response.text[:500]
    return session


def test_two_servers_share_writes_sessions_and_throttles(servers) -> None:
    a, b, token = servers
    # B caches Lyon's profile for visitors.
    assert "522,000" in requests.get(f"{b.url}/en/cities/lyon/", timeout=TIMEOUT).text
    # A write through A…
    response = requests.patch(
        f"{a.url}/api/v1/cities/lyon",
        json={"population": 530000, "population_year": 2024},
        headers={"Authorization": f"Bearer {token}"},
        timeout=TIMEOUT,
    )
    assert response.status_code == 200, response.text
    # …makes the next anonymous page on B fresh.
    assert "530,000" in requests.get(f"{b.url}/en/cities/lyon/", timeout=TIMEOUT).text

    # A session opened on A works on B.
    session = _sign_in(a)
    cookies = {"sessionid": session.cookies["sessionid"]}
    on_b = requests.get(
        f"{b.url}/en/cities/lyon/edit/", cookies=cookies, allow_redirects=False, timeout=TIMEOUT
    )
    assert on_b.status_code == 200
    assert "Lyon" in on_b.text

    # A per-client limit counts the requests made to both servers.
    renders = [
        requests.get(f"{server.url}/en/cities/town-{n}/?format=pdf", timeout=TIMEOUT).status_code
        for n, server in enumerate([a, b, a, b])
    ]
    assert renders == [200, 200, 200, 429]
