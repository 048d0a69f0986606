"""Anonymous visitors get cached pages; any write makes them fresh again."""

from django.test import Client, override_settings

from icc.network.services import update_city


@override_settings(ICC_PUBLIC_PAGE_CACHE_SECONDS=600)
def test_a_write_invalidates_cached_pages(
    lyon, lyon_coordinator, django_capture_on_commit_callbacks
) -> None:
    client = Client()
    assert b"522,000" in client.get("/en/cities/lyon/").content
    lyon.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        update_city(lyon, changed_by=lyon_coordinator.user, data={"population": 530_000})
    assert b"530,000" in client.get("/en/cities/lyon/").content


@override_settings(ICC_PUBLIC_PAGE_CACHE_SECONDS=600)
def test_cached_page_is_served_without_running_the_view(lyon, django_assert_num_queries) -> None:
    client = Client()
    client.get("/en/cities/lyon/")
    # The one query reads the generation numbers that prove the copy is still fresh.
    with django_assert_num_queries(1):
        response = client.get("/en/cities/lyon/")
    assert response.status_code == 200
    assert b"Lyon" in response.content
    # Answered before the session and authentication middleware ran.
    assert not hasattr(response.wsgi_request, "session")
    assert not hasattr(response.wsgi_request, "user")


@override_settings(ICC_PUBLIC_PAGE_CACHE_SECONDS=600)
def test_api_answers_are_cached_per_language(lyon) -> None:
    client = Client()
    english = client.get("/api/v1/cities", headers={"accept-language": "en"})
    french = client.get("/api/v1/cities", headers={"accept-language": "fr"})
    assert english["Content-Language"] == "en" and french["Content-Language"] == "fr"


@override_settings(ICC_PUBLIC_PAGE_CACHE_SECONDS=600)
def test_signed_in_people_always_get_a_fresh_page(lyon, secretariat) -> None:
    client = secretariat.client()
    client.get("/en/cities/lyon/")
    assert b"Timeline" in client.get("/en/cities/lyon/").content
    assert b"Timeline" not in Client().get("/en/cities/lyon/").content


@override_settings(ICC_PUBLIC_PAGE_CACHE_SECONDS=600)
def test_pages_are_cached_per_language(lyon) -> None:
    client = Client()
    english = client.get("/en/cities/lyon/")
    french = client.get("/fr/villes/lyon/")
    assert english.content != french.content
    assert b'lang="fr"' in french.content
