"""Walk every URL pattern, HTML and API, as every persona, and check allow or refuse.

A new URL pattern without an entry in EXPECTED fails this test: no page can
escape the permission review.
"""

from collections.abc import Iterator
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from conftest import PERSONA_NAMES, Persona
from icc.accounts.models import Role
from icc.accounts.services import create_api_token, invite_person

SIGNED_IN = [name for name in PERSONA_NAMES if name != "visitor"]
LOGIN = 302  # login_required sends visitors to the sign-in page


def everyone(status: int) -> dict[str, int]:
    return dict.fromkeys(PERSONA_NAMES, status)


def only(allowed: list[str], *, status: int = 200, refused: int = 403,
         visitor: int = LOGIN) -> dict[str, int]:
    """Allow ``allowed`` personas, refuse the other signed-in ones, send visitors to sign in."""
    return {name: status if name in allowed else refused for name in SIGNED_IN} | {
        "visitor": visitor
    }


def signed_in(status: int = 200, *, visitor: int = LOGIN) -> dict[str, int]:
    return dict.fromkeys(SIGNED_IN, status) | {"visitor": visitor}


CITY_EDITORS = ["secretariat", "lyon_coordinator", "lyon_editor"]
HAS_ROLE = SIGNED_IN

# name -> (method, kwargs key, {persona: expected status})
EXPECTED: dict[str, tuple[str, str, dict[str, int]]] = {
    "health": ("get", "", everyone(200)),
    # The network
    "network:home": ("get", "", everyone(200)),
    "network:city-list": ("get", "", everyone(200)),
    "network:city-detail": ("get", "city", everyone(200)),
    "network:city-edit": ("get", "city", only(CITY_EDITORS)),
    "network:city-create": ("get", "", only(["secretariat"])),
    "network:national-network-list": ("get", "", everyone(200)),
    "network:national-network-detail": ("get", "network", everyone(200)),
    "network:national-network-edit": ("get", "network", only(["secretariat", "reci_coordinator"])),
    "network:national-network-create": ("get", "", only(["secretariat"])),
    # People
    "accounts:set-language": ("get", "", everyone(405)),
    "accounts:invitation-list": ("get", "", only(["secretariat"])),
    "accounts:invitation-create": ("get", "", only(["secretariat"])),
    "accounts:invitation-revoke": ("post", "invitation", only(["secretariat"], status=302)),
    "accounts:invitation-accept": ("get", "bad_token", everyone(404)),
    "accounts:people-list": ("get", "", only(["secretariat"])),
    "accounts:api-token-list": ("get", "", only(HAS_ROLE)),
    # Only the owner (Lyon's coordinator) finds the token; others get 404.
    "accounts:api-token-revoke": (
        "post", "api_token", only(["lyon_coordinator"], status=302, refused=404)
    ),
    # Sign-in pages (allauth): visitors sign in, signed-in people are sent on.
    "account_login": ("get", "", signed_in(302, visitor=200)),
    "account_logout": ("get", "", signed_in(200, visitor=302)),
    "account_inactive": ("get", "", everyone(200)),
    "account_signup": ("get", "", signed_in(302, visitor=200)),
    "account_reauthenticate": ("get", "", signed_in()),
    "account_request_reauthentication_code": ("get", "", signed_in(302)),
    "account_confirm_reauthentication_code": ("get", "", signed_in(302)),
    "account_email": ("get", "", signed_in()),
    "account_email_verification_sent": ("get", "", everyone(200)),
    "account_change_password": ("get", "", signed_in()),
    "account_set_password": ("get", "", signed_in(302)),
    "account_reset_password": ("get", "", everyone(200)),
    "account_confirm_login_code": ("get", "", everyone(302)),
    "account_confirm_email": ("get", "email_key", everyone(200)),
    "account_reset_password_from_key_done": ("get", "", everyone(200)),
    "account_reset_password_from_key": ("get", "reset_key", everyone(200)),
    "account_reset_password_done": ("get", "", everyone(200)),
    "mfa_index": ("get", "", signed_in()),
    "mfa_authenticate": ("get", "", everyone(302)),
    # Without TOTP there is nothing to re-authenticate with or deactivate; activating
    # asks for a recent sign-in first.
    "mfa_reauthenticate": ("get", "", signed_in(302) | {"secretariat": 200}),
    "mfa_activate_totp": ("get", "", signed_in(302)),
    "mfa_deactivate_totp": ("get", "", signed_in(404) | {"secretariat": 302}),
    "mfa_view_recovery_codes": ("get", "", signed_in(404)),
    "mfa_generate_recovery_codes": ("get", "", signed_in(302)),
    "mfa_download_recovery_codes": ("get", "", signed_in(404)),
    # The API
    "api-v1:api-root": ("get", "", everyone(404)),
    "api-v1:openapi-json": ("get", "", everyone(200)),
    "api-v1:openapi-view": ("get", "", everyone(200)),
    "api-v1:list_cities": ("get", "", everyone(200)),
    "api-v1:get_city": ("get", "slug", everyone(200)),
    "api-v1:update_city": (
        "patch", "slug",
        {name: 200 if name in CITY_EDITORS else 403 for name in SIGNED_IN} | {"visitor": 401},
    ),
    "api-v1:list_national_networks": ("get", "", everyone(200)),
    "api-v1:get_national_network": ("get", "slug_network", everyone(200)),
}


def _walk(patterns: list[Any], namespace: str | None = None) -> Iterator[str]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(part for part in (namespace, pattern.namespace) if part) or None
            yield from _walk(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def all_url_names() -> list[str]:
    return sorted(set(_walk(get_resolver().url_patterns)))


def test_every_url_pattern_has_an_expectation() -> None:
    missing = sorted(set(all_url_names()) - set(EXPECTED))
    assert not missing, f"Add these URL names to EXPECTED in {__file__}: {missing}"


def test_every_expectation_names_a_real_pattern() -> None:
    assert not sorted(set(EXPECTED) - set(all_url_names()))


def _kwargs(key: str, personas: dict[str, Persona]) -> dict[str, Any]:
    if key == "city":
        return {"slug": "lyon"}
    if key in ("network", "slug_network"):
        return {"slug": "reci"}
    if key == "slug":
        return {"slug": "lyon"}
    if key == "bad_token":
        return {"token": "not-a-real-token"}
    if key == "email_key":
        return {"key": "not-a-real-key"}
    if key == "reset_key":
        return {"uidb36": "zz", "key": "not-a-real-key"}
    if key == "invitation":
        invitation = invite_person(
            email="new@lyon.test", role=Role.CITY_EDITOR, invited_by=personas["secretariat"].user,
            city=personas["lyon_coordinator"].user.grants.get().city,
        )
        return {"pk": invitation.pk}
    if key == "api_token":
        token, _key = create_api_token(personas["lyon_coordinator"].user, name="sync")
        return {"pk": token.pk}
    return {}


@pytest.mark.parametrize("url_name", sorted(EXPECTED))
def test_url_allows_or_refuses_every_persona(url_name: str, personas: dict[str, Persona]) -> None:
    method, key, expected = EXPECTED[url_name]
    wrong = []
    for persona_name in PERSONA_NAMES:
        status = _request(method, url_name, key, personas[persona_name], personas)
        if status != expected[persona_name]:
            wrong.append(f"{persona_name}: got {status}, expected {expected[persona_name]}")
    assert not wrong, f"{method.upper()} {url_name}: " + "; ".join(wrong)


def _request(method: str, url_name: str, key: str, persona: Persona,
             personas: dict[str, Persona]) -> int:
    url = reverse(url_name, kwargs=_kwargs(key, personas))
    client = persona.client()
    headers = {}
    if url_name.startswith("api-v1:") and persona.user is not None:
        _token, api_key = create_api_token(persona.user, name="walk")
        headers["Authorization"] = f"Bearer {api_key}"
    if method == "get":
        return client.get(url, headers=headers).status_code
    if method == "post":
        return client.post(url, headers=headers).status_code
    return client.patch(
        url, data={"region": "Rhône"}, content_type="application/json", headers=headers
    ).status_code
