"""Sign-in limits stop guessing without letting anyone lock a person out.

Failures count per client address and per account. After five failures the account
cools off for strangers, but the person's own browser (one that completed a sign-in
before) still gets in with the right password and code. Behind a reverse proxy each
client has its own address bucket once ICC_TRUSTED_PROXIES says how many proxies
stand in front.
"""

import time

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.test import Client, override_settings

from conftest import PASSWORD, Persona

LOGIN = "/en/accounts/login/"
CODE = "/en/accounts/2fa/authenticate/"


def _sign_in(client: Client, email: str, password: str, **headers: str) -> bool:
    client.post(LOGIN, {"login": email, "password": password}, **headers)
    return "_auth_user_id" in client.session


def _fail_five_times(email: str, **headers: str) -> None:
    attacker = Client()
    for _attempt in range(5):
        assert not _sign_in(attacker, email, "wrong-password", **headers)


def _own_browser(email: str) -> Client:
    """Return a browser that signed in to the account once, then signed out."""
    browser = Client()
    assert _sign_in(browser, email, PASSWORD)
    browser.post("/en/accounts/logout/")
    assert "_auth_user_id" not in browser.session
    return browser


def test_a_stranger_is_refused_even_the_right_password_during_the_cool_off(
    lyon_coordinator: Persona,
) -> None:
    _fail_five_times("coordinator@lyon.test")
    assert not _sign_in(Client(), "coordinator@lyon.test", PASSWORD)


def test_the_persons_own_browser_gets_in_during_the_cool_off(lyon_coordinator: Persona) -> None:
    browser = _own_browser("coordinator@lyon.test")
    _fail_five_times("coordinator@lyon.test")
    assert _sign_in(browser, "coordinator@lyon.test", PASSWORD)


def test_the_own_browser_is_still_limited_per_address(lyon_coordinator: Persona) -> None:
    browser = _own_browser("coordinator@lyon.test")
    for _attempt in range(10):
        assert not _sign_in(browser, "coordinator@lyon.test", "wrong-password")
    assert not _sign_in(browser, "coordinator@lyon.test", PASSWORD)


def test_a_forged_device_cookie_is_ignored(lyon_coordinator: Persona) -> None:
    assert lyon_coordinator.user is not None
    _fail_five_times("coordinator@lyon.test")
    forger = Client()
    forger.cookies["icc_device"] = str(lyon_coordinator.user.pk)
    assert not _sign_in(forger, "coordinator@lyon.test", PASSWORD)


@override_settings(ICC_TRUSTED_PROXIES=1)
def test_behind_a_proxy_each_client_has_its_own_address_bucket(
    lyon_coordinator: Persona, oslo_coordinator: Persona
) -> None:
    noisy = {"HTTP_X_FORWARDED_FOR": "203.0.113.7", "REMOTE_ADDR": "10.0.0.2"}
    quiet = {"HTTP_X_FORWARDED_FOR": "198.51.100.4", "REMOTE_ADDR": "10.0.0.2"}
    client = Client()
    for email in ["a@x.test", "b@x.test", "c@x.test", "d@x.test", "e@x.test"] * 2:
        _sign_in(client, email, "wrong-password", **noisy)
    assert not _sign_in(Client(), "coordinator@oslo.test", PASSWORD, **noisy)
    assert _sign_in(Client(), "coordinator@oslo.test", PASSWORD, **quiet)


def test_without_trusted_proxies_a_forwarded_address_is_not_believed(
    oslo_coordinator: Persona,
) -> None:
    client = Client()
    for number in range(10):
        forged = {"HTTP_X_FORWARDED_FOR": f"192.0.2.{number}"}
        _sign_in(client, f"nobody{number}@x.test", "wrong-password", **forged)
    # Every attempt counted against the one real address, whatever the header said.
    assert not _sign_in(Client(), "coordinator@oslo.test", PASSWORD)


def _code(secret: str, offset: int = 0) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30 + offset))


# Codes of the neighbouring periods are accepted, so the test need not wait for a new one.
@override_settings(MFA_TOTP_TOLERANCE=1)
def test_wrong_codes_do_not_lock_the_secretariat_out_of_its_own_browser(
    secretariat: Persona, secretariat_totp_secret: str
) -> None:
    own = Client()
    own.post(LOGIN, {"login": "secretariat@test.example", "password": PASSWORD})
    own.post(CODE, {"code": _code(secretariat_totp_secret)})
    assert "_auth_user_id" in own.session
    own.post("/en/accounts/logout/")

    # Someone who has the password types wrong codes until the account cools off.
    thief = Client()
    thief.post(LOGIN, {"login": "secretariat@test.example", "password": PASSWORD})
    for _attempt in range(6):
        thief.post(CODE, {"code": "000000"})
    thief.post(CODE, {"code": _code(secretariat_totp_secret, offset=-1)})
    assert "_auth_user_id" not in thief.session

    own.post(LOGIN, {"login": "secretariat@test.example", "password": PASSWORD})
    own.post(CODE, {"code": _code(secretariat_totp_secret, offset=1)})
    assert "_auth_user_id" in own.session
