"""With CACHE_URL, every app server shares one Redis (or Valkey) cache, and pages stay fresh."""

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator

import pytest
from django.core.cache import cache
from django.test import Client, override_settings

from icc.core.tests.test_settings import run_manage
from icc.network.services import update_city

REDIS = shutil.which("redis-server") or shutil.which("valkey-server")


@pytest.fixture
def redis_url(tmp_path) -> Iterator[str]:
    """Start a throw-away Redis server on a free loopback port."""
    if REDIS is None:
        pytest.skip("redis-server is not installed (CI installs it)")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [REDIS, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
                break
            except OSError:
                time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_a_cache_url_that_is_not_redis_is_refused() -> None:
    result = run_manage("check", CACHE_URL="memcached://127.0.0.1:11211")
    assert result.returncode != 0
    assert "CACHE_URL" in result.stderr


def test_the_settings_choose_redis_when_asked(redis_url) -> None:
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.CACHES['default'])",
        CACHE_URL=redis_url,
    )
    assert result.returncode == 0, result.stderr
    assert "RedisCache" in result.stdout and redis_url in result.stdout


def test_pages_cached_in_redis_stay_fresh_after_a_flush(
    redis_url, settings, lyon, lyon_coordinator, django_capture_on_commit_callbacks
) -> None:
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis_url}
    }
    with override_settings(ICC_PUBLIC_PAGE_CACHE_SECONDS=600):
        client = Client()
        assert b"522,000" in client.get("/en/cities/lyon/").content
        cache.clear()  # the cache server restarted, or evicted everything
        lyon.refresh_from_db()
        with django_capture_on_commit_callbacks(execute=True):
            update_city(lyon, changed_by=lyon_coordinator.user, data={"population": 530_000})
        assert b"530,000" in client.get("/en/cities/lyon/").content
        assert b"530,000" in Client().get("/en/cities/lyon/").content
