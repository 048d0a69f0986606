"""A token must not carry secretariat rights past the two-factor rule."""

import json

import pytest
from django.test import Client

from conftest import Persona, activate_totp, make_person
from icc.accounts.models import Role
from icc.accounts.services import create_api_token, grant_role
from icc.network.models import City


def _patch_oslo(key: str) -> tuple[int, dict]:
    response = Client().patch(
        "/api/v1/cities/oslo",
        data=json.dumps({"region": "Østlandet"}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )
    return response.status_code, response.json()


@pytest.fixture
def token_holder(db: None) -> tuple[Persona, str]:
    """Return a person with a token who holds no role yet, and the token's key."""
    user = make_person("future-secretariat@test.example")
    _token, key = create_api_token(user, name="sync")
    return Persona("future_secretariat", user), key


def test_token_of_new_secretariat_without_two_factor_is_refused(
    oslo: City, token_holder: tuple[Persona, str]
) -> None:
    holder, key = token_holder
    grant_role(holder.user, Role.SECRETARIAT, granted_by=None)
    status, body = _patch_oslo(key)
    assert status == 403
    assert body["error"]["code"] == "two_factor_required"
    oslo.refresh_from_db()
    assert oslo.region != "Østlandet"


def test_token_of_secretariat_with_two_factor_works(
    oslo: City, token_holder: tuple[Persona, str]
) -> None:
    holder, key = token_holder
    grant_role(holder.user, Role.SECRETARIAT, granted_by=None)
    activate_totp(holder.user)
    status, body = _patch_oslo(key)
    assert status == 200, body
    oslo.refresh_from_db()
    assert oslo.region == "Østlandet"


def test_token_read_by_new_secretariat_without_two_factor_is_refused(
    oslo: City, token_holder: tuple[Persona, str]
) -> None:
    holder, key = token_holder
    grant_role(holder.user, Role.SECRETARIAT, granted_by=None)
    response = Client().get("/api/v1/cities/oslo/membership", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "two_factor_required"
