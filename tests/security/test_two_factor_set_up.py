"""A new secretariat member reaches a working second factor instead of a redirect loop."""

import re
import time
from typing import Any

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core import mail
from django.test import Client

from conftest import Persona, make_person
from icc.accounts.models import Role
from icc.accounts.services import grant_role, invite_person

ACTIVATE = "/en/accounts/2fa/totp/activate/"


def _code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def _activate(client: Client) -> str:
    """Open the set-up page, post the app's code; return the secret."""
    page = client.get(ACTIVATE)
    assert page.status_code == 200
    secret = page.context["form"].secret
    response = client.post(ACTIVATE, {"code": _code(secret)})
    assert response.status_code == 302, response.content
    return secret


def test_invited_secretariat_member_activates_totp_right_after_choosing_a_password(
    secretariat: Persona, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        invite_person(
            email="nadia@test.example", role=Role.SECRETARIAT, invited_by=secretariat.user
        )
    link = re.search(r"http://testserver(/\S+)", str(mail.outbox[-1].body))
    assert link is not None
    client = Client()
    password = "strasbourg-palais-2026"
    response = client.post(
        link.group(1), {"full_name": "Nadia", "password1": password, "password2": password}
    )
    assert response.status_code == 302
    assert client.get("/en/accounts/invitations/")["Location"] == ACTIVATE
    _activate(client)
    assert Authenticator.objects.filter(
        user__email="nadia@test.example", type=Authenticator.Type.TOTP
    ).exists()
    assert client.get("/en/accounts/invitations/").status_code == 200


def test_secretariat_member_with_old_sign_in_confirms_password_then_activates(db: None) -> None:
    user = make_person("late@test.example")
    grant_role(user, Role.SECRETARIAT, granted_by=None)
    client = Client()
    client.force_login(user)
    asked = client.get(ACTIVATE)
    # The password is asked again first; that page must not send the person back.
    assert asked.status_code == 302 and "reauthenticate" in asked["Location"]
    assert client.get(asked["Location"]).status_code == 200
    confirmed = client.post(asked["Location"], {"password": "a-long-test-password"})
    assert confirmed.status_code == 302 and confirmed["Location"] == ACTIVATE
    _activate(client)
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def test_the_secretariat_cannot_remove_its_authenticator_app(
    secretariat: Persona, lyon_coordinator: Persona
) -> None:
    from allauth.mfa.adapter import get_adapter

    from conftest import activate_totp

    assert lyon_coordinator.user is not None
    activate_totp(lyon_coordinator.user)
    own = Authenticator.objects.get(user=secretariat.user, type=Authenticator.Type.TOTP)
    theirs = Authenticator.objects.get(user=lyon_coordinator.user, type=Authenticator.Type.TOTP)
    assert not get_adapter().can_delete_authenticator(own)
    assert get_adapter().can_delete_authenticator(theirs)
