"""The secretariat invites Oslo's new coordinator, who joins through the mailed link."""

import re

from django.core import mail
from playwright.sync_api import Page, expect
from pytest_django.fixtures import Settings
from pytest_django.live_server_helper import LiveServer

from conftest import Persona
from e2e.conftest import NewPage, field_name, in_language, sign_in, url, user_of, verbose_name
from icc.accounts.models import Invitation, Role, RoleGrant
from icc.network.models import City

NEW_COORDINATOR = "kari.nordmann@oslo.test"
NEW_PASSWORD = "fjord-lights-2024"


def en(text: str) -> str:
    return in_language("en", text)


def open_account_menu(page: Page, name: str) -> None:
    page.get_by_role("navigation", name=en("Main menu")).get_by_text(name, exact=True).click()


def invite_oslo_coordinator(page: Page) -> None:
    page.get_by_role("link", name=en("Invite a person")).click()
    form = page.get_by_role("main")
    form.get_by_role(
        "textbox",
        name=field_name("en", verbose_name(Invitation, "email"), required=True),
    ).fill(NEW_COORDINATOR)
    form.get_by_label(field_name("en", verbose_name(Invitation, "full_name")), exact=True).fill(
        "Kari Nordmann"
    )
    form.get_by_role(
        "combobox",
        name=field_name("en", verbose_name(Invitation, "role"), required=True),
    ).select_option(label=str(Role.CITY_COORDINATOR.label))
    form.get_by_label(field_name("en", verbose_name(Invitation, "city")), exact=True).select_option(
        label="Oslo"
    )
    form.get_by_role("button", name=en("Send the invitation")).click()


def accept_invitation(page: Page, link: str) -> None:
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text(en("Accept the invitation"))
    form = page.get_by_role("main")
    expect(
        form.get_by_role("textbox", name=field_name("en", "Full name", required=True))
    ).to_have_value("Kari Nordmann")
    form.get_by_role("textbox", name=field_name("en", "Password", required=True), exact=True).fill(
        NEW_PASSWORD
    )
    form.get_by_role(
        "textbox", name=field_name("en", "Password (again)", required=True), exact=True
    ).fill(NEW_PASSWORD)
    form.get_by_role("button", name=en("Create my account")).click()


def test_secretariat_invites_a_coordinator_who_joins_and_edits_the_city(
    page: Page,
    new_page: NewPage,
    live_server: LiveServer,
    settings: Settings,
    oslo: City,
    secretariat: Persona,
    secretariat_totp_secret: str,
) -> None:
    settings.SITE_URL = live_server.url
    secretary = user_of(secretariat)
    sign_in(page, secretary.email, totp_secret=secretariat_totp_secret)

    open_account_menu(page, str(secretary))
    page.get_by_role("link", name=en("Invitations")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(en("Invitations"))
    invite_oslo_coordinator(page)

    expect(page.get_by_role("status")).to_have_text(
        en("The invitation is on its way to %(email)s.") % {"email": NEW_COORDINATOR}
    )
    expect(page.get_by_role("row", name=re.compile(re.escape(NEW_COORDINATOR)))).to_contain_text(
        en("Waiting")
    )
    assert [message.to for message in mail.outbox] == [[NEW_COORDINATOR]]
    assert mail.outbox[0].subject == en("Your invitation to the Intercultural Cities platform")
    body = str(mail.outbox[0].body)
    link = re.search(re.escape(live_server.url) + r"/\S+", body)
    assert link is not None, body

    newcomer = new_page()
    accept_invitation(newcomer, link.group())
    expect(newcomer.get_by_role("status")).to_have_text(
        en("Welcome to the Intercultural Cities platform.")
    )
    open_account_menu(newcomer, "Kari Nordmann")
    newcomer.get_by_role("button", name=en("Sign out")).click()
    expect(newcomer.get_by_role("link", name=en("Sign in"), exact=True)).to_be_visible()

    sign_in(newcomer, NEW_COORDINATOR, password=NEW_PASSWORD)
    response = newcomer.goto(url("en", "network:city-edit", slug="oslo"))
    assert response is not None and response.status == 200
    expect(newcomer.get_by_role("heading", level=1)).to_have_text(
        en("Edit %(name)s") % {"name": "Oslo"}
    )
    assert (
        RoleGrant.objects.active()
        .filter(user__email=NEW_COORDINATOR, role=Role.CITY_COORDINATOR, city=oslo)
        .exists()
    )
