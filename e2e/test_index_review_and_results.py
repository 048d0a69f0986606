"""The Index fixes of issue 10 (items 2, 5, 6, 13, 15) and issue 11 (item 7), in the browser.

A city that earns no point reads 0.00, not "no score"; one publication in a new round
leaves the network's results on the settled round, and a round of one city says
"1 ville"; a reviewer accepts the remaining answers from a dialog that says the count
and only then validates; the questionnaire names each control by its question, keeps
its sidebar counts current and offers no form for a question that does not apply; the
progress chart keeps its round labels inside the picture; withdrawing an invitation
asks first, through the same dialog.
"""

import re
from datetime import date

from django.utils import translation
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from conftest import Persona
from e2e.conftest import NewPage, in_language, sign_in, url, user_of
from e2e.test_index_answering import sign_in_by_session
from icc.index.models import Answer, Response
from icc.index.services.answers import save_answers, start_response
from icc.index.services.review import reply_to_query, review_answer, submit_response
from icc.index.tests.factories import publish_result, shipped_round
from icc.network.models import City


def message(page: Page):
    """Return the page's message region (the text-size control has a status of its own)."""
    return page.locator(".messages[role=status]")


def visible(text: str) -> str:
    """Return a catalogue string as a reader sees it: without its visually hidden markup."""
    return re.sub(r"<[^>]+>", "", text)


def test_zero_scores_and_the_default_round_in_both_languages(
    page: Page, lyon: City, oslo: City, barcelona: City
) -> None:
    earlier = shipped_round("2019", label="2022", opens_on=date(2022, 1, 15))
    newer = shipped_round("2019", label="2025", opens_on=date(2025, 1, 15))
    publish_result(earlier, lyon, 0.0)
    publish_result(earlier, oslo, 0.8)
    publish_result(earlier, barcelona, 0.6)
    publish_result(newer, oslo, 0.9)

    page.goto(url("en", "index:results"))
    expect(page.get_by_text("Round 2022 — 3 cities with published results")).to_be_visible()
    lyon_row = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name="Lyon"))
    expect(lyon_row.get_by_role("cell").nth(1)).to_have_text("0.00")
    expect(lyon_row).not_to_contain_text("—")

    page.goto(url("fr", "index:city-report", slug="lyon"))
    expect(page.get_by_text("Une comparaison entre 3 villes")).to_be_visible()
    areas = page.get_by_role("table", name=in_language("fr", "Score per area, 0 to 100"))
    expect(areas.get_by_role("row").nth(1).get_by_role("cell").first).to_have_text("0,00")

    page.goto(url("fr", "index:results") + f"?round={newer.pk}")
    expect(page.get_by_text(re.compile(r"Cycle 2025 — 1 ville ayant publié"))).to_be_visible()
    page.goto(url("fr", "index:city-report", slug="oslo") + f"?round={newer.pk}")
    expect(page.get_by_text("Une comparaison entre 1 ville", exact=True)).to_be_visible()


def test_a_reviewer_accepts_the_rest_from_a_dialog_then_validates(
    new_page: NewPage,
    lyon: City,
    lyon_coordinator: Persona,
    expert: Persona,
    secretariat: Persona,
    live_server: LiveServer,
) -> None:
    index_round = shipped_round("2019", label="2025")
    response = start_response(index_round, lyon, started_by=None)
    save_answers(
        response,
        {
            "language.mother_tongues": {"value": "yes"},
            "commitment.statement": {"value": "yes"},
            "education.school_powers": {"value": "yes"},
        },
        saved_by=None,
        source="form",
    )
    submit_response(response, submitted_by=None)
    question = index_round.edition.method.question("language.mother_tongues")
    review_answer(
        Answer.objects.get(question_id=question.id),
        reviewer=None,
        decision="query",
        comment="Which languages?",
    )

    # The expert is told what to do next, in French.
    reviewer = new_page()
    sign_in(reviewer, user_of(expert).email, language="fr")
    reviewer.goto(url("fr", "index:response-detail", pk=response.pk))
    steps = reviewer.get_by_role("region", name=in_language("fr", "Next steps"))
    expect(steps).to_contain_text("1 mise en question attend la réponse de la ville.")
    expect(
        steps.get_by_role("link", name=in_language("fr", "Review the answers, area by area"))
    ).to_be_visible()
    # The open query is listed by its question, not its id.
    expect(reviewer.get_by_role("link", name=question.text.fr)).to_be_visible()

    accept = steps.get_by_role("button", name="Accepter les 2 réponses restantes")
    accept.click()
    dialog = reviewer.get_by_role("dialog")
    expect(dialog).to_contain_text("Accepter les 2 réponses pas encore examinées")
    dialog.get_by_role("button", name=in_language("fr", "Cancel")).click()
    expect(dialog).to_have_count(0)
    expect(accept).to_be_focused()
    assert Answer.objects.filter(review_status=Answer.ReviewStatus.ACCEPTED).count() == 0

    accept.click()
    reviewer.get_by_role("dialog").get_by_role(
        "button", name="Accepter les 2 réponses restantes"
    ).click()
    expect(message(reviewer)).to_have_text("2 réponses acceptées.")
    assert Answer.objects.filter(review_status=Answer.ReviewStatus.ACCEPTED).count() == 2

    # The query still waits: the secretariat cannot validate yet.
    staff = new_page()
    sign_in_by_session(staff, user_of(secretariat), live_server.url)
    staff.goto(url("en", "index:response-detail", pk=response.pk))
    expect(staff.get_by_role("button", name="Validate and score")).to_have_count(0)
    expect(staff.get_by_role("region", name="Next steps")).to_contain_text(
        "1 query waits for the city's reply."
    )

    review = Answer.objects.get(question_id=question.id).reviews.get()
    reply_to_query(review, replied_by=None, reply="Twelve.")
    staff.reload()
    expect(staff.get_by_role("button", name="Validate and score")).to_have_count(0)
    staff.get_by_role("button", name="Accept the remaining answer (1)").click()
    staff.get_by_role("dialog").get_by_role(
        "button", name="Accept the remaining answer (1)"
    ).click()
    expect(message(staff)).to_have_text("1 answer accepted.")

    staff.get_by_role("button", name="Validate and score").click()
    dialog = staff.get_by_role("dialog")
    expect(dialog).to_contain_text("Validate the answers of Lyon and compute the scores?")
    dialog.get_by_role("button", name="Validate and score").click()
    expect(message(staff)).to_have_text("The answers are validated and scored.")
    assert Response.objects.get().status == Response.Status.VALIDATED


def test_the_questionnaire_names_its_controls_and_counts_as_one_answers(
    page: Page, lyon: City, lyon_coordinator: Persona
) -> None:
    index_round = shipped_round("2019", label="2025")
    response = start_response(index_round, lyon, started_by=None)
    area = index_round.edition.method.area("education")
    powers = area.questions[0]
    assert powers.id == "education.school_powers"
    segregation = index_round.edition.method.question("education.segregation_policy")
    sign_in(page, user_of(lyon_coordinator).email, language="fr")
    page.goto(url("fr", "index:response-area", pk=response.pk, area="education"))

    def save_name(number: int) -> str:
        with translation.override("fr"):
            text = translation.gettext(
                'Save<span class="visually-hidden"> the answer to question %(number)s</span>'
            )
        return visible(text % {"number": number})

    # Every Save button is named by its question: one each.
    for number in range(1, len(area.questions) + 1):
        expect(page.get_by_role("button", name=save_name(number), exact=True)).to_have_count(1)
    region = page.get_by_role("region", name=re.compile(re.escape(powers.text.fr[:30])))
    radios = region.get_by_role("group").first
    if powers.help:
        expect(radios).to_have_accessible_description(powers.help.fr)

    # Answering "no" takes the next question out: the sidebar's count follows at once.
    sidebar = page.get_by_role("navigation", name=in_language("fr", "Areas of the questionnaire"))
    count = sidebar.get_by_role("listitem").filter(has_text=area.title.fr)
    total = len([q for q in area.questions])
    region.get_by_role("radio", name=in_language("fr", "No")).check()
    expect(region.get_by_role("status")).to_contain_text("Enregistré")
    expect(count).to_contain_text(f"1/{total - 1}")

    page.reload()
    held_back = page.get_by_role("region", name=re.compile(re.escape(segregation.text.fr[:30])))
    expect(held_back).to_contain_text(
        in_language(
            "fr",
            "This question does not apply to your city, given its profile or its other answers.",
        )
    )
    expect(held_back.get_by_role("radio")).to_have_count(0)
    expect(held_back.get_by_role("button")).to_have_count(0)


def test_the_progress_chart_keeps_its_round_labels_inside(
    page: Page, lyon: City, oslo: City
) -> None:
    earlier = shipped_round("2019", label="2022 (demo)", opens_on=date(2022, 1, 15))
    newer = shipped_round("2019", label="2025 (demo)", opens_on=date(2025, 1, 15))
    for index_round in (earlier, newer):
        publish_result(index_round, lyon, 0.6)
        publish_result(index_round, oslo, 0.7)

    page.goto(url("en", "index:city-report", slug="lyon") + f"?round={newer.pk}")
    chart = page.get_by_role("img", name=re.compile("Line chart of the overall index of Lyon"))
    box = chart.bounding_box()
    assert box is not None
    for label in ("2022 (demo)", "2025 (demo)"):
        text = chart.locator("text", has_text=label)
        expect(text).to_have_count(1)
        inner = text.bounding_box()
        assert inner is not None
        assert box["x"] <= inner["x"] and inner["x"] + inner["width"] <= box["x"] + box["width"]


def test_withdrawing_an_invitation_asks_first_in_french(
    new_page: NewPage, lyon: City, secretariat: Persona, live_server: LiveServer
) -> None:
    from icc.accounts.models import Invitation, Role
    from icc.accounts.services import invite_person

    invite_person(
        email="new.editor@lyon.test",
        role=Role.CITY_EDITOR,
        invited_by=user_of(secretariat),
        city=lyon,
    )
    page = new_page()
    sign_in_by_session(page, user_of(secretariat), live_server.url)
    page.goto(url("fr", "accounts:invitation-list"))

    withdraw = page.get_by_role("button", name=re.compile("new.editor@lyon.test"))
    withdraw.click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("Retirer l’invitation envoyée à new.editor@lyon.test")
    dialog.get_by_role("button", name=in_language("fr", "Cancel")).click()
    assert Invitation.objects.get().revoked_at is None

    withdraw.click()
    page.get_by_role("dialog").get_by_role(
        "button", name=in_language("fr", "Withdraw the invitation")
    ).click()
    expect(page.get_by_role("cell", name=in_language("fr", "Withdrawn"))).to_be_visible()
    assert Invitation.objects.get().revoked_at is not None
