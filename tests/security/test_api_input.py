"""Odd input against every API operation of the OpenAPI schema: a clear 4xx, never a 500.

Lone surrogates, integers past 64 bits, bodies that are not objects, unknown fields,
invalid JSON, unknown paths and methods: each gets the API's one JSON error shape.
"""

import json
from typing import Any

import pytest
from django.test import Client

from config.api import openapi_schema
from conftest import Persona
from icc.accounts.services import create_api_token
from icc.network.models import City

HUGE = [2**63, 2**64, -(2**63) - 1]
SURROGATE = "\ud800"


def operations() -> list[tuple[str, str, dict[str, Any]]]:
    """Return (method, path, operation) for every operation the API documents."""
    return [
        (method, path, operation)
        for path, methods in openapi_schema()["paths"].items()
        for method, operation in methods.items()
    ]


def _fill_path(path: str, operation: dict[str, Any], **values: Any) -> str:
    for parameter in operation.get("parameters", []):
        if parameter["in"] == "path":
            is_integer = parameter["schema"].get("type") == "integer"
            value = values.get(parameter["name"], 1 if is_integer else "lyon")
            path = path.replace("{" + parameter["name"] + "}", str(value))
    return path


def _is_error_shape(body: dict[str, Any], status: int) -> bool:
    error = body.get("error", {})
    return error.get("status") == status and bool(error.get("code")) and "message" in error


@pytest.fixture
def api(lyon: City, oslo: City, lyon_coordinator: Persona) -> Client:
    """Return a client that sends the token of Lyon's coordinator."""
    _token, key = create_api_token(lyon_coordinator.user, name="attack")
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}")


def _is_integer(parameter: dict[str, Any]) -> bool:
    schema = parameter["schema"]
    options = [schema, *schema.get("anyOf", [])]
    return any(option.get("type") == "integer" for option in options)


def _integer_parameters(operation: dict[str, Any]) -> list[dict[str, Any]]:
    return [p for p in operation.get("parameters", []) if _is_integer(p)]


WITH_INTEGERS = [(m, p, o) for m, p, o in operations() if _integer_parameters(o)]


@pytest.mark.parametrize(
    ("method", "path", "operation"),
    WITH_INTEGERS,
    ids=[f"{m.upper()} {p}" for m, p, _o in WITH_INTEGERS],
)
def test_huge_integers_get_a_400_not_a_500(
    api: Client, method: str, path: str, operation: dict[str, Any]
) -> None:
    for parameter in _integer_parameters(operation):
        for number in HUGE:
            if parameter["in"] == "path":
                url = _fill_path(path, operation, **{parameter["name"]: number})
                query = ""
            else:
                url, query = _fill_path(path, operation), f"?{parameter['name']}={number}"
            response = getattr(api, method)(url + query, content_type="application/json")
            assert response.status_code in (400, 404), (url + query, response.content[:300])
            assert _is_error_shape(response.json(), response.status_code)


@pytest.mark.parametrize(
    ("method", "path", "operation"),
    [(m, p, o) for m, p, o in operations() if "requestBody" in o],
    ids=[f"{m.upper()} {p}" for m, p, o in operations() if "requestBody" in o],
)
def test_lone_surrogate_in_a_body_is_refused_and_nothing_is_stored(
    api: Client, lyon: City, method: str, path: str, operation: dict[str, Any]
) -> None:
    before = City.objects.get(pk=lyon.pk).region
    for body in (
        f'{{"region": "{SURROGATE.encode("unicode_escape").decode()}"}}',
        '{"name": "ok", "texts": {"en": {"title": "\\udfff"}}}',
        '{"\\ud800": 1}',
        # PostgreSQL's text cannot hold a NUL: refused before any query, on every engine.
        '{"region": "Rh\\u0000ne", "challenges": ["a\\u0000b"]}',
    ):
        response = getattr(api, method)(
            _fill_path(path, operation), data=body, content_type="application/json"
        )
        assert response.status_code == 400, (path, body, response.content[:300])
        assert response.json()["error"]["code"] == "invalid_text"
    assert City.objects.get(pk=lyon.pk).region == before


@pytest.mark.parametrize(
    "path", ["/api/v1/cities?q=Ly%00on", "/api/v1/practices?q=a%00b", "/api/v1/cities?a%00=1"]
)
def test_a_nul_in_a_query_is_refused_before_any_query(api: Client, path: str) -> None:
    response = api.get(path)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_text"


@pytest.mark.parametrize("body", ["[1, 2]", "null", '"x"', "3"])
def test_a_body_that_is_not_an_object_is_refused(api: Client, lyon: City, body: str) -> None:
    response = api.patch("/api/v1/cities/lyon", data=body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"]["message"] == "The body must be a JSON object."


def test_unknown_field_is_refused_with_its_name(api: Client, lyon: City) -> None:
    response = api.patch(
        "/api/v1/cities/lyon",
        data=json.dumps({"region": "Rhône", "mayor": "x"}),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "mayor" in response.json()["error"]["fields"]
    lyon.refresh_from_db()
    assert lyon.region != "Rhône"


def test_invalid_json_has_its_own_code(api: Client, lyon: City) -> None:
    response = api.patch("/api/v1/cities/lyon", data="{bad", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_json"


def test_deeply_nested_json_is_refused(api: Client, lyon: City) -> None:
    for depth in (50, 100_000):
        body = '{"languages": ' + "[" * depth + "]" * depth + "}"
        response = api.patch("/api/v1/cities/lyon", data=body, content_type="application/json")
        assert response.status_code == 400
        assert response.json()["error"]["code"] == "too_deep"


def test_languages_list_and_long_text_are_bounded(api: Client, lyon: City) -> None:
    many = api.patch(
        "/api/v1/cities/lyon",
        data=json.dumps({"languages": ["fr"] * 10_000}),
        content_type="application/json",
    )
    assert many.status_code == 400 and "languages" in many.json()["error"]["fields"]
    long = api.patch(
        "/api/v1/cities/lyon",
        data=json.dumps({"region": "x" * 60_000}),
        content_type="application/json",
    )
    assert long.status_code == 400 and "region" in long.json()["error"]["fields"]


def test_unknown_api_path_answers_the_json_error_shape(api: Client) -> None:
    response = Client().get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert _is_error_shape(response.json(), 404)


def test_wrong_method_answers_the_json_error_shape_with_allow(api: Client) -> None:
    response = api.delete("/api/v1/cities")
    assert response.status_code == 405
    assert response.json()["error"]["code"] == "method_not_allowed"
    assert "GET" in response["Allow"]


def test_huge_limit_and_offset_are_refused_on_every_list(api: Client) -> None:
    lists = [path for method, path, o in operations() if _has_parameter(o, "offset")]
    assert len(lists) >= 3
    for path in lists:
        for query in ("limit=9223372036854775808", "offset=9223372036854775808", "limit=0"):
            response = api.get(f"{path}?{query}")
            assert response.status_code == 400, (path, query)
            assert _is_error_shape(response.json(), 400)


def _has_parameter(operation: dict[str, Any], name: str) -> bool:
    return any(p["name"] == name for p in operation.get("parameters", []))
