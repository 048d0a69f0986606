"""Headers every response carries, and private downloads that no cache may keep."""

from django.test import Client, override_settings

from conftest import Persona
from icc.network.models import City


def test_every_kind_of_response_switches_off_unused_browser_features(lyon: City) -> None:
    client = Client()
    for path in ("/en/", "/en/cities/lyon/", "/api/v1/cities", "/api/v1/no-such-thing"):
        policy = client.get(path)["Permissions-Policy"]
        assert "camera=()" in policy and "geolocation=()" in policy, path


@override_settings(ICC_PUBLIC_PAGE_CACHE_SECONDS=600)
def test_a_page_answered_from_the_cache_keeps_the_policy(lyon: City) -> None:
    client = Client()
    client.get("/en/cities/")
    assert "microphone=()" in client.get("/en/cities/")["Permissions-Policy"]


def test_personal_data_export_is_not_kept_by_caches(
    secretariat: Persona, lyon_coordinator: Persona
) -> None:
    assert lyon_coordinator.user is not None
    response = secretariat.client().get(f"/en/accounts/people/{lyon_coordinator.user.pk}/export/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_a_private_pdf_is_not_kept_by_caches(lyon: City, secretariat: Persona) -> None:
    response = secretariat.client().get("/en/dashboard/?format=pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
