"""Walk every URL pattern, HTML and API, as every persona, and check allow or refuse.

Each app lists its URLs in ``icc/<app>/tests/url_walk.py``; the project's own and the
third-party ones are below. A URL pattern without an expectation fails the walk: no
page can escape the permission review.
"""

import importlib
from collections.abc import Iterator
from types import ModuleType
from typing import Any

import pytest
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from conftest import PERSONA_NAMES, Persona
from icc.accounts.services import create_api_token
from tests.url_walk import everyone, signed_in

# The project's own URLs and the sign-in pages of allauth: visitors sign in, signed-in
# people are sent on; without TOTP there is nothing to re-authenticate with or deactivate.
PROJECT_EXPECTED = {
    "health": ("get", "", everyone(200)),
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
    "mfa_reauthenticate": ("get", "", signed_in(302) | {"secretariat": 200}),
    "mfa_activate_totp": ("get", "", signed_in(302)),
    "mfa_deactivate_totp": ("get", "", signed_in(404) | {"secretariat": 302}),
    "mfa_view_recovery_codes": ("get", "", signed_in(404)),
    "mfa_generate_recovery_codes": ("get", "", signed_in(302)),
    "mfa_download_recovery_codes": ("get", "", signed_in(404)),
    "api-v1:api-root": ("get", "", everyone(404)),
    "api-v1:openapi-json": ("get", "", everyone(200)),
    # The reference page made from the schema (decision 0037); the old address sends there.
    "api-v1:openapi-view": ("get", "", everyone(302)),
    "api-reference": ("get", "", everyone(200)),
}


def project_kwargs(key: str, personas: dict[str, Any]) -> dict[str, Any] | None:
    return {
        "email_key": {"key": "not-a-real-key"},
        "reset_key": {"uidb36": "zz", "key": "not-a-real-key"},
    }.get(key)


def _walk_modules() -> list[ModuleType]:
    modules = []
    for config in apps.get_app_configs():
        if config.name.startswith("icc."):
            try:
                modules.append(importlib.import_module(f"{config.name}.tests.url_walk"))
            except ModuleNotFoundError as error:
                if error.name != f"{config.name}.tests.url_walk":
                    raise
    return modules


WALK_MODULES = _walk_modules()
EXPECTED: dict[str, tuple[str, str, dict[str, int]]] = dict(PROJECT_EXPECTED)
PATCH_BODIES: dict[str, dict[str, Any]] = {}
# More cases of one URL name, by case name: (url name, method, kwargs key, expectation).
CASES: dict[str, tuple[str, str, str, dict[str, int]]] = {}
for _module in WALK_MODULES:
    EXPECTED |= _module.EXPECTED
    PATCH_BODIES |= getattr(_module, "PATCH_BODIES", {})
    CASES |= getattr(_module, "CASES", {})


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
    assert not missing, f"Add these URL names to the app's tests/url_walk.py: {missing}"


def test_every_expectation_names_a_real_pattern() -> None:
    assert not sorted(set(EXPECTED) - set(all_url_names()))
    assert not sorted({case[0] for case in CASES.values()} - set(all_url_names()))


def _kwargs(key: str, personas: dict[str, Persona]) -> dict[str, Any]:
    if not key:
        return {}
    for finder in [
        project_kwargs,
        *(m.url_kwargs for m in WALK_MODULES if hasattr(m, "url_kwargs")),
    ]:
        found = finder(key, personas)
        if found is not None:
            return found
    raise LookupError(f"No url_kwargs() knows the key {key!r}")


@pytest.mark.parametrize("url_name", sorted(EXPECTED))
def test_url_allows_or_refuses_every_persona(url_name: str, personas: dict[str, Persona]) -> None:
    method, key, expected = EXPECTED[url_name]
    _check(url_name, method, key, expected, personas)


@pytest.mark.parametrize("case", sorted(CASES))
def test_more_cases_allow_or_refuse_every_persona(case: str, personas: dict[str, Persona]) -> None:
    url_name, method, key, expected = CASES[case]
    _check(url_name, method, key, expected, personas)


def _check(
    url_name: str, method: str, key: str, expected: dict[str, int], personas: dict[str, Persona]
) -> None:
    wrong = []
    for persona_name in PERSONA_NAMES:
        status = _request(method, url_name, key, personas[persona_name], personas)
        if status != expected[persona_name]:
            wrong.append(f"{persona_name}: got {status}, expected {expected[persona_name]}")
    assert not wrong, f"{method.upper()} {url_name}: " + "; ".join(wrong)


def _request(
    method: str, url_name: str, key: str, persona: Persona, personas: dict[str, Persona]
) -> int:
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
    if method == "put":
        return client.put(
            url, data={}, content_type="application/json", headers=headers
        ).status_code
    return client.patch(
        url,
        data=PATCH_BODIES.get(url_name, {}),
        content_type="application/json",
        headers=headers,
    ).status_code
