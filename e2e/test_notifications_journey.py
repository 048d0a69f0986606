"""Notifications and role changes in the browser, in English and in French.

An expert queries one of Lyon's Index answers: Lyon's coordinator gets a mail in her
language, sees the unread count in the header, opens the notification and lands on
the answers. The secretariat withdraws a Lyon editor's role with a reason, after a
page that says what will happen; the editor is told why.
"""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.core import mail
from django.test import Client
from django.utils.text import Truncator
from playwright.sync_api import Page, expect
from pytest_django.fixtures import Settings
from pytest_django.live_server_helper import LiveServer

from conftest import Persona
from e2e.conftest import NewPage, field_name, in_language, sign_in, url, user_of
from icc.accounts.models import RoleGrant, User
from icc.core.models import Activity
from icc.index.tests.factories import shipped_round
from icc.network.models import City

QUESTION = "language.mother_tongues"


def sign_in_by_session(page: Page, user: User, base_url: str) -> None:
    """Give the browser a signed-in session; the two-factor journey has tests of its own."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": base_url}]
    )


def assert_usable(page: Page) -> None:
    """Check the page against axe-core and at a phone's width, with no sideways scroll."""
    violations = Axe().run(page).response["violations"]
    blocking = [v["id"] for v in violations if v["impact"] in ("serious", "critical")]
    assert not blocking, f"axe-core found on {page.url}: {blocking}"
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.set_viewport_size({"width": 1280, "height": 800})


def unread_link_name(language: str, count: int) -> re.Pattern[str]:
    """Return the header link's accessible name: its word, then the count read aloud."""
    word = in_language(language, "Notifications")
    unread = in_language(language, ", %(counter)s unread").replace("%(counter)s", str(count))
    # The browser may put a space where the hidden text starts.
    return re.compile("^" + re.escape(word) + r"\s?" + re.escape(unread) + "$")


@pytest.mark.parametrize("language", ["en", "fr"])
def test_an_expert_queries_and_lyons_coordinator_is_told_in_her_language(
    language: str,
    new_page: NewPage,
    lyon: City,
    lyon_coordinator: Persona,
    expert: Persona,
    live_server: LiveServer,
    settings: Settings,
) -> None:
    from icc.index.services.answers import save_answer, start_response
    from icc.index.services.review import submit_response

    settings.SITE_URL = live_server.url
    coordinator_user = user_of(lyon_coordinator)
    User.objects.filter(pk=coordinator_user.pk).update(language=language)
    index_round = shipped_round("2019", label="2026")
    response = start_response(index_round, lyon, started_by=None)
    save_answer(response, QUESTION, saved_by=None, expected_version=0, value="yes")
    submit_response(response, submitted_by=None)

    reviewer = new_page()
    sign_in(reviewer, user_of(expert).email)
    reviewer.goto(url("en", "index:response-area", pk=response.pk, area="language"))
    start = index_round.edition.method.question(QUESTION).text.in_language("en")[:30]
    form = reviewer.get_by_role("region", name=re.compile(re.escape(start)))
    form.get_by_role("radio", name="Query").check()
    form.get_by_role("textbox", name="Comment for the city").fill("Which languages?")
    form.get_by_role("button", name="Record the review").click()
    expect(reviewer.get_by_role("main").get_by_role("status")).to_have_text("Review recorded.")
    # The expert is never told of their own query.
    expect(reviewer.get_by_role("link", name="Notifications", exact=True)).to_be_visible()

    [message] = [m for m in mail.outbox if m.to == [coordinator_user.email]]
    question = index_round.edition.method.question(QUESTION).text.in_language(language)
    queried = in_language(
        language,
        "%(city)s: %(actor)s queried the answer to “%(question)s” (%(round)s); the city may reply.",
    ) % {
        "city": "Lyon",
        "actor": "Elena Expert",
        "round": "2026",
        "question": Truncator(question).chars(90),
    }
    assert message.subject == Truncator(queried).chars(120)
    assert url(language, "index:response-detail", pk=response.pk) in message.body

    coordinator = new_page()
    sign_in(coordinator, coordinator_user.email, language=language)
    coordinator.get_by_role("link", name=unread_link_name(language, 1)).click()
    main = coordinator.get_by_role("main")
    expect(main.get_by_role("heading", level=1)).to_have_text(
        in_language(language, "Notifications")
    )
    assert_usable(coordinator)
    main.get_by_role("link", name=queried, exact=True).click()
    expect(coordinator).to_have_url(
        re.compile(re.escape(url(language, "index:response-detail", pk=response.pk)) + "$")
    )
    expect(
        coordinator.get_by_role("link", name=in_language(language, "Notifications"), exact=True)
    ).to_be_visible()


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_secretariat_withdraws_a_role_with_a_reason(
    language: str,
    page: Page,
    lyon: City,
    lyon_editor: Persona,
    secretariat: Persona,
    live_server: LiveServer,
    settings: Settings,
) -> None:
    settings.SITE_URL = live_server.url
    editor = user_of(lyon_editor)
    sign_in_by_session(page, user_of(secretariat), live_server.url)
    page.goto(url(language, "accounts:people-list"))

    withdraw = in_language(
        language, 'Withdraw<span class="visually-hidden"> the role of %(name)s</span>'
    )
    page.get_by_role(
        "link", name=re.sub("<[^>]+>", "", withdraw % {"name": editor}), exact=True
    ).click()
    main = page.get_by_role("main")
    expect(main.get_by_role("heading", level=2)).to_have_text(
        in_language(language, "What will happen")
    )
    assert RoleGrant.objects.active().filter(user=editor).exists()
    assert_usable(page)
    main.get_by_role("button", name=in_language(language, "Withdraw the role")).click()
    expect(main.get_by_role("alert")).to_be_visible()  # the reason is required
    main.get_by_role("textbox", name=field_name(language, "Reason", required=True)).fill(
        "Louis a quitté le service."
    )
    main.get_by_role("button", name=in_language(language, "Withdraw the role")).click()

    done = in_language(language, "The role of %(person)s is withdrawn; they will be told why.") % {
        "person": editor
    }
    expect(page.get_by_role("main").get_by_role("status")).to_have_text(done)
    assert not RoleGrant.objects.active().filter(user=editor).exists()
    activity = Activity.objects.get(verb="role.revoked")
    assert activity.changes["reason"] == ["", "Louis a quitté le service."]
    [message] = mail.outbox
    assert message.to == [editor.email]
    # The editor reads French, whatever the secretariat's language.
    assert message.subject.startswith("Sam Secretariat vous a retiré le rôle")
    assert "Louis a quitté le service." in message.body
