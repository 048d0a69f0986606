"""A new secretariat member goes from the invitation to a working second factor."""

import re
import time
from typing import Any

from allauth.mfa.models import Authenticator
from django.core import mail
from playwright.sync_api import Page, expect
from pytest_django.fixtures import Settings
from pytest_django.live_server_helper import LiveServer

from conftest import Persona
from e2e.conftest import NewPage, current_totp_code, field_name, in_language, sign_in, url, user_of
from icc.accounts.models import Role
from icc.accounts.services import invite_person

NEWCOMER = "nadia.secretariat@test.example"
NEW_PASSWORD = "strasbourg-palais-2026"


def en(text: str) -> str:
    return in_language("en", text)


def accept_invitation(page: Page, link: str) -> None:
    page.goto(link)
    form = page.get_by_role("main")
    form.get_by_role("textbox", name=field_name("en", "Password", required=True), exact=True).fill(
        NEW_PASSWORD
    )
    form.get_by_role(
        "textbox", name=field_name("en", "Password (again)", required=True), exact=True
    ).fill(NEW_PASSWORD)
    form.get_by_role("button", name=en("Create my account")).click()


def activate_authenticator(page: Page) -> str:
    """Type the code of an authenticator app set up from the page's secret; return the secret."""
    expect(page).to_have_url(re.compile(re.escape(url("en", "mfa_activate_totp"))))
    secret = page.get_by_role("textbox", name=en("Authenticator secret")).input_value()
    assert secret
    page.get_by_role("textbox", name=re.compile(re.escape(en("Authenticator code")))).fill(
        current_totp_code(secret)
    )
    page.get_by_role("button", name=en("Activate")).click()
    return secret


def test_new_secretariat_member_sets_up_two_factor_and_signs_in_with_it(
    new_page: NewPage,
    live_server: LiveServer,
    settings: Settings,
    secretariat: Persona,
    django_capture_on_commit_callbacks: Any,
) -> None:
    settings.SITE_URL = live_server.url
    with django_capture_on_commit_callbacks(execute=True):
        invite_person(
            email=NEWCOMER,
            full_name="Nadia Haddad",
            role=Role.SECRETARIAT,
            invited_by=user_of(secretariat),
        )
    link = re.search(re.escape(live_server.url) + r"/\S+", str(mail.outbox[-1].body))
    assert link is not None

    page = new_page()
    accept_invitation(page, link.group())
    # Every page waits until two-factor is set up; the set-up itself must be reachable.
    page.goto(url("en", "accounts:invitation-list"))
    secret = activate_authenticator(page)

    expect(page).not_to_have_url(re.compile(re.escape(url("en", "mfa_activate_totp"))))
    newcomer = Authenticator.objects.get(user__email=NEWCOMER, type=Authenticator.Type.TOTP).user
    response = page.goto(url("en", "accounts:invitation-list"))
    assert response is not None and response.status == 200
    expect(page.get_by_role("heading", level=1)).to_have_text(en("Invitations"))

    page.get_by_role("navigation", name=en("Main menu")).get_by_text(
        str(newcomer), exact=True
    ).click()
    page.get_by_role("button", name=en("Sign out")).click()
    expect(page.get_by_role("link", name=en("Sign in"), exact=True)).to_be_visible()

    # The code just used is spent: the next sign-in waits for the app's next code.
    other = new_page()
    time.sleep(30 - time.time() % 30 + 0.2)
    sign_in(other, NEWCOMER, password=NEW_PASSWORD, totp_secret=secret)
    response = other.goto(url("en", "accounts:invitation-list"))
    assert response is not None and response.status == 200
    expect(other.get_by_role("heading", level=1)).to_have_text(en("Invitations"))
