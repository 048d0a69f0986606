"""A suspended city is told why, menus lead only where people may go, records read as
sentences, and the join steps follow the order the secretariat sets (issue 10, items 7, 8,
12 and 14)."""

import re
from datetime import date

from playwright.sync_api import Locator, Page, expect

from conftest import Persona
from e2e.conftest import NewPage, in_language, sign_in, url, user_of
from icc.commitment import services as commitment_services
from icc.network import services
from icc.network.models import City, JoinStepDefinition
from icc.practices.tests.conftest import write_practice

REASON = "Membership fees for 2025 unpaid after three reminders."


def account_menu(page: Page, language: str) -> Locator:
    menu = page.get_by_role("navigation", name=in_language(language, "Main menu"))
    menu.locator("summary").click()
    return menu


def test_suspended_coordinator_is_told_why_and_whom_to_contact_in_french(
    page: Page, lyon: City, lyon_coordinator: Persona, secretariat: Persona
) -> None:
    services.change_city_status(
        lyon,
        to="suspended",
        reason=REASON,
        changed_on=date(2026, 3, 3),
        changed_by=secretariat.user,
    )
    # Camille reads the platform in French.
    sign_in(page, user_of(lyon_coordinator).email)
    page.goto(url("fr", "index:home"))

    notice = page.get_by_role("region", name=re.compile(r"^Lyon\s:\sSuspendue$"))
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("Lyon est suspendue")
    expect(notice).to_contain_text(REASON)
    expect(notice).to_contain_text("3 mars 2026")
    expect(notice.get_by_role("link", name="secretariat@test.example")).to_have_attribute(
        "href", "mailto:secretariat@test.example"
    )

    # Her practices stay readable; writing a new one is no longer offered.
    page.goto(url("fr", "practices:workspace"))
    expect(page.get_by_role("region", name=re.compile(r"^Lyon\s:\sSuspendue$"))).to_be_visible()
    expect(page.get_by_role("link", name=in_language("fr", "Write a practice"))).to_have_count(0)


def test_menus_lead_only_to_pages_that_open(
    new_page: NewPage, lyon: City, lyon_coordinator: Persona, expert: Persona
) -> None:
    page = new_page()
    sign_in(page, user_of(lyon_coordinator).email)
    page.goto(url("fr", "network:home"))
    menu = account_menu(page, "fr")
    menu.get_by_role("link", name=re.compile(r"^Ma ville\s:\sLyon$")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lyon")
    # A city with no Index result yet still offers to propose a connection.
    page.get_by_role("link", name=in_language("fr", "Propose a connection")).click()
    expect(page).to_have_url(
        re.compile(re.escape(url("fr", "connections:connection-create", slug="lyon")))
    )
    menu = account_menu(page, "fr")
    menu.get_by_role("link", name="Engagement politique de Lyon").click()
    expect(page).to_have_url(url("fr", "commitment:city-commitment", slug="lyon"))

    expert_page = new_page()
    sign_in(expert_page, user_of(expert).email)
    expert_page.goto(url("en", "network:home"))
    menu = account_menu(expert_page, "en")
    expect(menu.get_by_role("link", name="My practices")).to_have_count(0)
    expect(menu.get_by_role("link", name="Connections")).to_have_count(0)


def test_secretariat_reads_changes_as_sentences_and_reorders_the_join_steps(
    page: Page,
    lyon: City,
    lyon_coordinator: Persona,
    secretariat: Persona,
    secretariat_totp_secret: str,
) -> None:
    commitment_services.open_reengagement_task(
        lyon,
        reason="new_office_holder",
        trigger_key="term:e2e",
        detail={},
        due_on=date(2026, 9, 1),
        queue=False,
    )
    write_practice(
        lyon, en={"title": "Welcome desk"}, areas=("anti_discrimination",), by=lyon_coordinator.user
    )
    sign_in(page, user_of(secretariat).email, totp_secret=secretariat_totp_secret)

    page.goto(url("en", "network:city-detail", slug="lyon"))
    timeline = page.get_by_role("region", name="Timeline")
    expect(timeline).to_contain_text("wrote the practice: “Welcome desk”")
    for summary in timeline.locator("summary").all():
        summary.click()
    expect(timeline).to_contain_text("New office-holder")
    expect(timeline).to_contain_text("Anti-discrimination")
    expect(timeline).not_to_contain_text("new_office_holder")
    expect(timeline).not_to_contain_text("anti_discrimination")

    # The Index questionnaire moves before the statement of intent for cities starting now.
    page.goto(url("fr", "network:join-step-definition-list"))
    page.get_by_role("row", name=re.compile("Questionnaire de l’Index")).get_by_role("link").click()
    page.get_by_label(re.compile("^Rang dans l’ordre")).fill("15")
    page.get_by_role("button", name=in_language("fr", "Save")).click()
    expect(page.get_by_role("main").get_by_role("status")).to_contain_text(
        "Les villes déjà engagées gardent leur ordre"
    )
    assert JoinStepDefinition.objects.get(key="index_questionnaire").position == 15

    bergen = services.create_city(created_by=None, name="Bergen", slug="bergen", country="NO")
    page.goto(url("fr", "network:city-membership", slug="bergen"))
    steps = page.get_by_role("table").first.get_by_role("rowheader")
    expect(steps.nth(1)).to_have_text("Questionnaire de l’Index")
    page.goto(url("fr", "network:city-membership", slug="lyon"))
    steps = page.get_by_role("table").first.get_by_role("rowheader")
    expect(steps.nth(1)).to_have_text("Déclaration d’intention")
    assert bergen.join_sequence[1] == "index_questionnaire"
