"""The Index from answer to published result, in the browser.

Lyon's coordinator answers part of the questionnaire in French and finds her answers
after a reload (and after the connection drops), then submits; an expert queries an
answer; the coordinator replies; the secretariat validates and publishes; a visitor
reads the result page with its chart and downloads the PDF.
"""

import re

from django.conf import settings
from django.test import Client
from django.utils import translation
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from conftest import Persona
from e2e.conftest import NewPage, in_language, sign_in, url, user_of
from icc.accounts.models import User
from icc.index.models import Answer, Response
from icc.index.tests.factories import publish_result, shipped_round
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


def fr(text: str) -> str:
    return in_language("fr", text)


def named(index_round, language: str, msgid: str) -> str:
    """Return the accessible name of one of the question's controls: named by its number."""
    area = index_round.edition.method.area_of(QUESTION)
    number = [q.id for q in area.questions].index(QUESTION) + 1
    return re.sub(r"<[^>]+>", "", in_language(language, msgid) % {"number": number})


def evidence_label(index_round, language: str) -> str:
    return named(
        index_round,
        language,
        'Evidence<span class="visually-hidden"> for question %(number)s</span>: '
        "examples and references",
    )


def message(page: Page):
    """Return the page's message region (the text-size control has a status of its own)."""
    return page.locator(".messages[role=status]")


def confirm(page: Page, button: str) -> None:
    """Press a button that asks first, and confirm in its dialog."""
    page.get_by_role("button", name=button).click()
    page.get_by_role("dialog").get_by_role("button", name=button).click()


def question_text(index_round, language: str) -> str:
    return index_round.edition.method.question(QUESTION).text.in_language(language)


def answer_region(page: Page, index_round, language: str):
    # The start of the question is enough, and avoids the non-breaking spaces of French.
    start = question_text(index_round, language)[:30]
    return page.get_by_role("region", name=re.compile(re.escape(start)))


def open_language_area(page: Page, index_round) -> None:
    page.goto(url("fr", "index:home"))
    page.get_by_role("button", name=fr("Start the questionnaire")).click()
    with translation.override("fr"):
        area = index_round.edition.method.area("language").title.fr
    page.get_by_role("link", name=area, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(area)


def test_coordinator_answers_in_french_and_keeps_her_work(
    new_page: NewPage, lyon: City, lyon_coordinator: Persona
) -> None:
    index_round = shipped_round("2019", label="2025")
    page = new_page()
    sign_in(page, user_of(lyon_coordinator).email, language="fr")
    open_language_area(page, index_round)

    region = answer_region(page, index_round, "fr")
    region.get_by_role("radio", name=fr("Yes")).check()
    evidence = region.get_by_role("textbox", name=evidence_label(index_round, "fr"))
    evidence.fill("Cours dans douze langues")
    expect(region.get_by_role("status")).to_contain_text("Enregistré")

    page.reload()
    region = answer_region(page, index_round, "fr")
    expect(region.get_by_role("radio", name=fr("Yes"))).to_be_checked()
    expect(region.get_by_role("textbox", name=evidence_label(index_round, "fr"))).to_have_value(
        "Cours dans douze langues"
    )

    # The connection drops while she types: the text waits in the browser, then is sent.
    page.context.set_offline(True)
    region.get_by_role("textbox", name=evidence_label(index_round, "fr")).fill(
        "Cours dans douze langues, écoles du samedi"
    )
    expect(region.get_by_role("status")).to_contain_text("connexion")
    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(region.get_by_role("status")).to_contain_text("Enregistré")
    page.reload()
    expect(
        answer_region(page, index_round, "fr").get_by_role(
            "textbox", name=evidence_label(index_round, "fr")
        )
    ).to_have_value("Cours dans douze langues, écoles du samedi")

    page.goto(url("fr", "index:response-detail", pk=Response.objects.get().pk))
    confirm(page, fr("Submit the answers for review"))
    expect(message(page)).to_have_text(fr("The answers are submitted for review."))
    assert Response.objects.get().status == Response.Status.SUBMITTED
    assert Answer.objects.get(question_id=QUESTION).value == "yes"


def test_query_reply_validation_publication_and_the_public_report(
    new_page: NewPage,
    lyon: City,
    oslo: City,
    barcelona: City,
    lyon_coordinator: Persona,
    expert: Persona,
    secretariat: Persona,
    live_server: LiveServer,
) -> None:
    from icc.index.services.answers import save_answer, start_response
    from icc.index.services.review import submit_response

    index_round = shipped_round("2019", label="2025")
    publish_result(index_round, oslo, 0.8, spread=0.3)
    publish_result(index_round, barcelona, 0.5, spread=0.3)
    response = start_response(index_round, lyon, started_by=None)
    save_answer(response, QUESTION, saved_by=None, expected_version=0, value="yes")
    submit_response(response, submitted_by=None)
    with translation.override("en"):
        area_url = url("en", "index:response-area", pk=response.pk, area="language")

    reviewer = new_page()
    sign_in(reviewer, user_of(expert).email)
    reviewer.goto(area_url)
    form = answer_region(reviewer, index_round, "en")
    form.get_by_role("radio", name="Query").check()
    form.get_by_role("textbox", name="Comment for the city").fill("Which languages?")
    form.get_by_role("button", name="Record the review").click()
    expect(message(reviewer)).to_have_text("Review recorded.")

    coordinator = new_page()
    sign_in(coordinator, user_of(lyon_coordinator).email, language="fr")
    coordinator.goto(url("fr", "index:response-area", pk=response.pk, area="language"))
    region = answer_region(coordinator, index_round, "fr")
    expect(region).to_contain_text("Which languages?")
    region.get_by_role(
        "textbox",
        name=named(
            index_round,
            "fr",
            'Your reply<span class="visually-hidden"> to the query on question %(number)s</span>',
        ),
    ).fill("Douze, dont l’arabe et le turc.")
    region.get_by_role(
        "button",
        name=named(
            index_round,
            "fr",
            'Send the reply<span class="visually-hidden"> on question %(number)s</span>',
        ),
    ).click()
    expect(message(coordinator)).to_have_text(fr("Reply sent."))
    coordinator.goto(url("fr", "index:response-detail", pk=response.pk))
    coordinator.get_by_role("button", name=fr("Consent to public results")).click()

    staff = new_page()
    sign_in_by_session(staff, user_of(secretariat), live_server.url)
    staff.goto(url("en", "index:response-detail", pk=response.pk))
    # The city's reply is read and accepted before validation.
    confirm(staff, "Accept the remaining answer (1)")
    expect(message(staff)).to_have_text("1 answer accepted.")
    confirm(staff, "Validate and score")
    expect(message(staff)).to_have_text("The answers are validated and scored.")
    confirm(staff, "Publish the results")
    expect(message(staff)).to_have_text("The results are published.")

    visitor = new_page()
    visitor.goto(url("en", "index:city-report", slug="lyon"))
    expect(visitor.get_by_role("heading", level=1)).to_have_text(
        "Lyon: Results of the Intercultural Cities Index"
    )
    expect(visitor.get_by_text("A comparison between 3 cities")).to_be_visible()
    expect(visitor.get_by_role("img", name=re.compile("Bar chart of Lyon"))).to_be_visible()
    pdf_link = visitor.get_by_role("link", name="PDF in English")
    pdf = visitor.request.get(pdf_link.get_attribute("href") or "", timeout=60_000)
    assert pdf.headers["content-type"] == "application/pdf"
