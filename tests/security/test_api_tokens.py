"""A token must not carry secretariat rights past the two-factor rule (decision 0016)."""

import json

import pytest
from allauth.mfa.models import Authenticator
from django.test import Client

from conftest import Persona, activate_totp, make_person
from icc.accounts.models import ApiToken, Role, User
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
def new_secretariat(db: None) -> User:
    """Return a person just made secretariat, with TOTP set up as the platform requires."""
    user = make_person("new-secretariat@test.example")
    grant_role(user, Role.SECRETARIAT, granted_by=None)
    activate_totp(user)
    return user


def test_a_token_held_before_becoming_secretariat_stops_working(oslo: City) -> None:
    holder = make_person("future-secretariat@test.example")
    _token, key = create_api_token(holder, name="sync")
    grant_role(holder, Role.SECRETARIAT, granted_by=None)
    status, _body = _patch_oslo(key)
    assert status == 401
    assert not ApiToken.objects.filter(user=holder, revoked_at__isnull=True).exists()
    oslo.refresh_from_db()
    assert oslo.region != "Østlandet"


def test_secretariat_token_works_with_two_factor(oslo: City, new_secretariat: User) -> None:
    _token, key = create_api_token(new_secretariat, name="sync")
    status, body = _patch_oslo(key)
    assert status == 200, body
    oslo.refresh_from_db()
    assert oslo.region == "Østlandet"


def test_secretariat_token_is_refused_once_two_factor_is_removed(
    oslo: City, new_secretariat: User
) -> None:
    _token, key = create_api_token(new_secretariat, name="sync")
    Authenticator.objects.filter(user=new_secretariat).delete()
    status, body = _patch_oslo(key)
    assert status == 403
    assert body["error"]["code"] == "two_factor_required"
    oslo.refresh_from_db()
    assert oslo.region != "Østlandet"
    reading = Client().get("/api/v1/cities/oslo/membership", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert reading.status_code == 403


def test_a_coordinators_token_needs_no_second_factor(lyon: City, lyon_coordinator: Persona) -> None:
    assert lyon_coordinator.user is not None
    _token, key = create_api_token(lyon_coordinator.user, name="sync")
    response = Client().get("/api/v1/index/responses", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 200
