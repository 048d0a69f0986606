"""The page cache never serves a page older than a write it shows, whatever it evicts."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from icc.core.page_cache import MAX_VARIANTS_PER_PAGE
from icc.network.services import update_city
from icc.practices.tests.conftest import write_practice

CACHED = {"ICC_PUBLIC_PAGE_CACHE_SECONDS": 600}


def _entries() -> int:
    keys: list[str] = list(cache._cache)  # type: ignore[attr-defined]
    return sum(1 for key in keys if ":public-page:" in key)


@pytest.fixture
def small_file_cache(tmp_path, settings) -> None:
    """A file cache that culls a third of its entries once it holds 20 (Django swaps caches)."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "cache"),
            "OPTIONS": {"MAX_ENTRIES": 20, "CULL_FREQUENCY": 3},
        }
    }


@override_settings(**CACHED)
def test_no_page_is_older_than_the_last_write_after_the_cache_fills(
    lyon, lyon_coordinator, small_file_cache, django_capture_on_commit_callbacks
) -> None:
    client = Client()
    for step in range(6):
        population = 600_000 + step
        lyon.refresh_from_db()
        with django_capture_on_commit_callbacks(execute=True):
            update_city(lyon, changed_by=lyon_coordinator.user, data={"population": population})
        # Fill the cache past its limit so it culls, sometimes everything at once.
        for page in range(12):
            client.get(f"/en/cities/?page={page}&step={step}")
        if step % 3 == 2:
            cache.clear()
        assert f"{population:,}".encode() in client.get("/en/cities/lyon/").content


@override_settings(**CACHED)
def test_unknown_query_parameters_do_not_create_entries(lyon) -> None:
    client = Client()
    client.get("/en/cities/lyon/")
    before = _entries()
    for n in range(50):
        response = client.get(f"/en/cities/lyon/?utm_source={n}")
        assert response.status_code == 200
    assert _entries() == before


@override_settings(**CACHED)
def test_the_variants_of_one_page_are_bounded(lyon) -> None:
    client = Client()
    for n in range(MAX_VARIANTS_PER_PAGE + 40):
        client.get(f"/en/cities/?q=x{n}")
    assert _entries() <= MAX_VARIANTS_PER_PAGE + 1


@override_settings(**CACHED)
def test_a_practice_write_leaves_the_index_pages_cached(
    lyon, django_capture_on_commit_callbacks, django_assert_num_queries
) -> None:
    client = Client()
    for path in ("/en/index/results/", "/en/practices/", "/en/"):
        client.get(path)
    with django_capture_on_commit_callbacks(execute=True):
        write_practice(lyon, en={"title": "Welcome desks", "problem": "p"}, publish=True)
    with django_assert_num_queries(1):
        assert client.get("/en/index/results/").status_code == 200
    assert b"Welcome desks" in client.get("/en/practices/").content
    # The home page shows every kind of content: it is rendered again.
    with CaptureQueriesContext(connection) as home:
        client.get("/en/")
    assert len(home.captured_queries) > 1


@override_settings(**CACHED, ALLOWED_HOSTS=["testserver", "localhost"])
def test_a_forged_host_never_reaches_a_cached_page(lyon) -> None:
    practice = write_practice(lyon, en={"title": "Sport for all", "problem": "p"}, publish=True)
    forged = Client(HTTP_HOST="localhost:31337")
    forged.get(practice.get_absolute_url())
    forged.get("/en/events/calendar.ics")
    page = Client().get(practice.get_absolute_url()).content
    assert b"31337" not in page
    assert b"http%3A//testserver" + practice.get_absolute_url().encode() in page


@override_settings(**CACHED)
def test_an_anonymous_pdf_is_rendered_once(lyon, django_assert_max_num_queries) -> None:
    client = Client()
    first = client.get("/en/cities/lyon/?format=pdf")
    assert first["Content-Type"] == "application/pdf"
    with django_assert_max_num_queries(1):
        second = client.get("/en/cities/lyon/?format=pdf")
    assert second.content == first.content


@override_settings(ICC_PDF_RENDERS_PER_MINUTE=2)
def test_pdf_renders_are_limited_per_client(lyon, oslo, lyon_coordinator) -> None:
    cache.clear()
    client = lyon_coordinator.client()
    assert client.get("/en/cities/lyon/?format=pdf").status_code == 200
    assert client.get("/en/cities/oslo/?format=pdf").status_code == 200
    refused = client.get("/fr/villes/lyon/?format=pdf")
    assert refused.status_code == 429
    assert refused["Retry-After"] == "60"
    assert "Trop de demandes" in refused.content.decode()
    # Another client is not held back by the first one's renders.
    assert Client().get("/en/cities/lyon/?format=pdf").status_code == 200
