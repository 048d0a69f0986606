"""Signing in: by e-mail, throttled, two-factor for the secretariat, in one's language."""

from django.test import Client

from conftest import PASSWORD, make_person
from icc.accounts.models import Role
from icc.accounts.services import grant_role


def sign_in(client: Client, email: str, password: str) -> int:
    return client.post("/en/accounts/login/", {"login": email, "password": password}).status_code


def test_person_signs_in_from_an_english_page_and_stays_in_english(lyon_coordinator) -> None:
    assert lyon_coordinator.user.language == "fr"
    client = Client()
    response = client.post(
        "/en/accounts/login/",
        {"login": "coordinator@lyon.test", "password": PASSWORD, "next": "/en/cities/"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/en/cities/"
    page = client.get("/en/", follow=True)
    assert page.wsgi_request.path.startswith("/en/")
    lyon_coordinator.user.refresh_from_db()
    assert lyon_coordinator.user.language == "fr"


def test_person_signs_in_from_a_french_page_and_stays_in_french(oslo_coordinator) -> None:
    response = Client().post(
        "/fr/accounts/login/", {"login": "coordinator@oslo.test", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == "/fr/"


def test_repeated_failures_lock_the_account_for_a_while(lyon_coordinator) -> None:
    client = Client()
    for _attempt in range(5):
        assert sign_in(client, "coordinator@lyon.test", "wrong-password") == 200
    response = client.post(
        "/en/accounts/login/", {"login": "coordinator@lyon.test", "password": PASSWORD}
    )
    assert response.status_code in (200, 429)
    assert "_auth_user_id" not in client.session


def test_lock_is_per_account_not_for_everyone(lyon_coordinator, oslo_coordinator) -> None:
    client = Client()
    for _attempt in range(5):
        sign_in(client, "coordinator@lyon.test", "wrong-password")
    assert sign_in(Client(), "coordinator@oslo.test", PASSWORD) == 302


def test_secretariat_without_two_factor_must_set_it_up_first(db) -> None:
    user = make_person("new-staff@test.example")
    grant_role(user, Role.SECRETARIAT, granted_by=None)
    client = Client()
    client.force_login(user)
    response = client.get("/en/cities/")
    assert response.status_code == 302
    assert "/2fa/totp/activate/" in response["Location"]


def test_secretariat_sign_in_asks_for_the_code(secretariat) -> None:
    response = Client().post(
        "/en/accounts/login/", {"login": "secretariat@test.example", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert "/2fa/authenticate/" in response["Location"]


def test_sign_up_is_closed(client, db) -> None:
    response = client.post(
        "/en/accounts/signup/",
        {
            "email": "someone@example.org",
            "password1": "long-enough-pass-1",
            "password2": "long-enough-pass-1",
        },
    )
    assert b"closed" in response.content.lower() or response.status_code != 302
    from icc.accounts.models import User

    assert not User.objects.filter(email="someone@example.org").exists()


def test_language_choice_is_remembered_for_signed_in_people(lyon_coordinator) -> None:
    client = lyon_coordinator.client()
    response = client.post("/fr/accounts/language/", {"language": "en", "next": "/fr/villes/"})
    assert response.status_code == 302
    assert response["Location"] == "/en/cities/"
    lyon_coordinator.user.refresh_from_db()
    assert lyon_coordinator.user.language == "en"


def test_language_switch_refuses_a_foreign_next_address(lyon_coordinator) -> None:
    response = lyon_coordinator.client().post(
        "/en/accounts/language/", {"language": "fr", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/fr/"
