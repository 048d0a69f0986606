"""The account menu, the dashboard and the Index questionnaire, used with the keyboard alone.

Every step is a key press: the journeys find where focus is, never click. They also
prove that focus never lands on something hidden and that Escape gives it back.
"""

import re

from playwright.sync_api import Locator, Page, expect
from pytest_django.live_server_helper import LiveServer

from conftest import Persona
from e2e.conftest import in_language, url, user_of
from e2e.test_index_answering import sign_in_by_session
from icc.index.models import Answer
from icc.index.tests.factories import shipped_round
from icc.network.models import City
from tests.test_url_permissions import _kwargs

# More Tab presses than any page here has stops before the one sought.
MAX_TABS = 80


def focused(page: Page) -> Locator:
    return page.locator("*:focus")


def tab_until(page: Page, target: Locator, *, key: str = "Tab") -> None:
    """Press Tab until ``target`` has focus, failing if it never gets it."""
    for _ in range(MAX_TABS):
        page.keyboard.press(key)
        if target.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"Tab never reached {target}")


def test_escape_closes_the_account_menu_and_leaving_it_closes_it(
    page: Page, live_server: LiveServer, lyon_coordinator: Persona
) -> None:
    sign_in_by_session(page, user_of(lyon_coordinator), live_server.url)
    page.goto(url("en", "network:home"))
    menu = page.locator("details.account-menu")
    summary = menu.locator("summary")
    first_item = menu.get_by_role("link").first

    tab_until(page, summary)
    page.keyboard.press("Enter")
    expect(menu).to_have_attribute("open", "")
    page.keyboard.press("Tab")
    expect(first_item).to_be_focused()
    page.keyboard.press("Escape")

    expect(menu).not_to_have_attribute("open", re.compile(".*"))
    expect(summary).to_be_focused()

    page.keyboard.press("Enter")
    sign_out = menu.get_by_role("button", name=in_language("en", "Sign out"))
    tab_until(page, sign_out)
    page.keyboard.press("Tab")
    # Focus went on past the menu's last item: the menu folds away behind it.
    expect(menu).not_to_have_attribute("open", re.compile(".*"))
    assert not focused(page).evaluate("element => element.closest('details.account-menu')")


def test_secretariat_reads_the_dashboard_by_keyboard_on_a_narrow_screen(
    page: Page, live_server: LiveServer, personas: dict[str, Persona]
) -> None:
    _kwargs("task", personas)  # an open re-engagement task, so the task table has a row
    sign_in_by_session(page, user_of(personas["secretariat"]), live_server.url)
    # 320 px is WCAG's reflow width: the page must not scroll sideways, its tables may.
    page.set_viewport_size({"width": 320, "height": 700})
    page.goto(url("fr", "commitment:dashboard"))
    # The section and the scroll region inside it both bear the heading's name.
    region = page.get_by_role("region", name=page.locator("#tasks-title").inner_text()).and_(
        page.locator(".table-scroll")
    )
    page.keyboard.press("Tab")
    expect(focused(page)).to_have_text(in_language("fr", "Skip to main content"))
    page.keyboard.press("Enter")

    tab_until(page, region)
    page.keyboard.press("ArrowRight")

    # Keyboard scrolling may be animated: wait for it to move.
    page.wait_for_function("region => region.scrollLeft > 0", arg=region.element_handle())
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    # Past the region, Tab reaches the links of the task table it holds.
    page.keyboard.press("Tab")
    inside = "(element, region) => region.contains(element)"
    assert focused(page).evaluate(inside, region.element_handle())


def test_coordinator_answers_a_question_by_keyboard(
    page: Page, live_server: LiveServer, lyon: City, lyon_coordinator: Persona
) -> None:
    from icc.index.services.answers import start_response

    index_round = shipped_round("2019", label="2025")
    response = start_response(index_round, lyon, started_by=None)
    sign_in_by_session(page, user_of(lyon_coordinator), live_server.url)
    page.goto(url("en", "index:response-area", pk=response.pk, area="language"))
    question = index_round.edition.method.question("language.mother_tongues")
    start = re.escape(question.text.in_language("en")[:30])
    region = page.get_by_role("region", name=re.compile(start))
    yes = region.get_by_role("radio", name=in_language("en", "Yes"))

    tab_until(page, region.get_by_role("radio").first)
    # Arrow keys move within a radio group and choose as they go.
    for _ in range(MAX_TABS):
        if yes.is_checked():
            break
        page.keyboard.press("ArrowDown")
    tab_until(page, region.locator("textarea[name=evidence_text]"))
    page.keyboard.type("Courses in twelve languages")

    expect(region.get_by_role("status")).to_contain_text(in_language("en", "Saved"))
    answer = Answer.objects.get(response=response, question_id="language.mother_tongues")
    assert answer.value == "yes"
    assert answer.evidence_text == "Courses in twelve languages"
