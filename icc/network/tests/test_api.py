"""The JSON API for cities and national networks, its one error shape and its schema."""

import json
from pathlib import Path

import pytest
from django.test import override_settings

from config.api import openapi_schema
from icc.accounts.services import create_api_token, revoke_api_token
from icc.core.models import Activity
from icc.network.services import update_city

SCHEMA_FILE = Path(__file__).resolve().parents[3] / "docs" / "api" / "openapi.json"


@pytest.fixture
def lyon_key(lyon_coordinator) -> str:
    return create_api_token(lyon_coordinator.user, name="sync")[1]


def auth(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def test_city_list_is_public_paginated_and_filtered(client, lyon, oslo, barcelona) -> None:
    body = client.get("/api/v1/cities", {"limit": 2}).json()
    assert body["count"] == 3
    assert [city["slug"] for city in body["items"]] == ["barcelona", "lyon"]
    filtered = client.get("/api/v1/cities", {"network": "reci"}).json()
    assert [city["slug"] for city in filtered["items"]] == ["barcelona"]
    assert filtered["items"][0]["national_network"] == {"slug": "reci", "name": "RECI"}


def test_city_detail_has_the_profile_fields(client, lyon) -> None:
    city = client.get("/api/v1/cities/lyon").json()
    assert city["country"] == "FR"
    assert city["population"] == 522_000
    assert city["status"] == "member"
    assert city["has_demo_figures"] is False


def test_unknown_city_gets_the_error_shape(client, lyon) -> None:
    response = client.get("/api/v1/cities/atlantis")
    assert response.status_code == 404
    assert response.json() == {
        "error": {"status": 404, "code": "not_found", "message": "Not found.", "fields": {}}
    }


def test_coordinator_updates_own_city_with_a_token(client, lyon, lyon_key) -> None:
    response = client.patch(
        "/api/v1/cities/lyon",
        {"population": 530_000, "region": "Rhône"},
        content_type="application/json",
        headers=auth(lyon_key),
    )
    assert response.status_code == 200
    assert response.json()["population"] == 530_000
    lyon.refresh_from_db()
    assert lyon.region == "Rhône"
    assert Activity.objects.about(lyon).filter(verb="city.updated").count() == 1


def test_bad_input_gets_field_messages_and_changes_nothing(client, lyon, lyon_key) -> None:
    response = client.patch(
        "/api/v1/cities/lyon",
        {"foreign_born_share": 150, "population": "many"},
        content_type="application/json",
        headers=auth(lyon_key),
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert "population" in error["fields"]
    lyon.refresh_from_db()
    assert lyon.population == 522_000


def test_out_of_range_value_gets_a_field_message(client, lyon, lyon_key) -> None:
    response = client.patch(
        "/api/v1/cities/lyon",
        {"foreign_born_share": 150, "foreign_born_year": 2023},
        content_type="application/json",
        headers=auth(lyon_key),
    )
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["foreign_born_share"]


def test_coordinator_may_not_change_the_status(client, lyon, lyon_key) -> None:
    response = client.patch(
        "/api/v1/cities/lyon",
        {"status": "left"},
        content_type="application/json",
        headers=auth(lyon_key),
    )
    assert response.status_code == 400
    assert "status" in response.json()["error"]["fields"]


def test_malformed_json_is_a_400_not_a_500(client, lyon, lyon_key) -> None:
    response = client.patch(
        "/api/v1/cities/lyon", "{not json", content_type="application/json", headers=auth(lyon_key)
    )
    assert response.status_code == 400
    assert response.json()["error"]["status"] == 400


def test_another_citys_token_is_refused(client, lyon, oslo_coordinator) -> None:
    key = create_api_token(oslo_coordinator.user, name="x")[1]
    response = client.patch(
        "/api/v1/cities/lyon", {"region": "X"}, content_type="application/json", headers=auth(key)
    )
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"


def test_revoked_token_is_refused(client, lyon, lyon_coordinator) -> None:
    token, key = create_api_token(lyon_coordinator.user, name="old")
    revoke_api_token(token, revoked_by=lyon_coordinator.user)
    response = client.patch(
        "/api/v1/cities/lyon", {"region": "X"}, content_type="application/json", headers=auth(key)
    )
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthenticated"


def test_api_list_query_count_is_fixed(
    client, lyon, oslo, barcelona, django_assert_num_queries
) -> None:
    with django_assert_num_queries(2):
        client.get("/api/v1/cities")


def test_committed_schema_matches_the_api() -> None:
    committed = json.loads(SCHEMA_FILE.read_text())
    assert committed == json.loads(json.dumps(openapi_schema())), (
        "The API changed: run `make schema` and commit docs/api/openapi.json."
    )


@override_settings(ICC_PUBLIC_PAGE_CACHE_SECONDS=600)
def test_cached_city_list_runs_one_query_and_is_fresh_after_a_write(
    client, lyon, lyon_coordinator, django_assert_num_queries, django_capture_on_commit_callbacks
) -> None:
    assert client.get("/api/v1/cities").json()["items"][0]["population"] == 522_000
    # One query: the generation numbers that prove the cached copy is still fresh.
    with django_assert_num_queries(1):
        client.get("/api/v1/cities")
    lyon.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        update_city(lyon, changed_by=lyon_coordinator.user, data={"population": 530_000})
    assert client.get("/api/v1/cities").json()["items"][0]["population"] == 530_000
