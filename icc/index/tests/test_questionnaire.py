"""The questionnaire pages: queries named by their question, live area counts, questions
that do not apply, and controls named by their question for screen readers."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from icc.index.models import Answer
from icc.index.services.answers import save_answer, start_response
from icc.index.services.review import review_answer, submit_response
from icc.index.tests.factories import shipped_round

pytestmark = pytest.mark.django_db

POWERS = "education.school_powers"  # yes/no
SEGREGATION = "education.segregation_policy"  # does not apply when POWERS is "no"


def url(name, language="en", **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs)


@pytest.fixture
def draft(lyon, lyon_coordinator):
    index_round = shipped_round("2019", label="2025")
    return start_response(index_round, lyon, started_by=lyon_coordinator.user)


def autosave(client, response, question, data):
    return client.post(
        url("index:answer-save", pk=response.pk, question=question),
        data,
        HTTP_X_REQUESTED_WITH="fetch",
        HTTP_ACCEPT="application/json",
    )


def test_open_queries_are_listed_by_their_question(draft, lyon_coordinator, expert):
    save_answer(draft, "language.mother_tongues", saved_by=None, expected_version=0, value="yes")
    submit_response(draft, submitted_by=None)
    review_answer(Answer.objects.get(), reviewer=expert.user, decision="query", comment="Which?")
    question = draft.round.edition.method.question("language.mother_tongues")
    client = lyon_coordinator.client()

    english = client.get(url("index:response-detail", pk=draft.pk)).content.decode()
    french = client.get(url("index:response-detail", "fr", pk=draft.pk)).content.decode()

    queries = english.split('id="queries-title"', 1)[1].split("</section>", 1)[0]
    assert f">{escape(question.text.en)}</a> — Which?" in queries
    assert ">language.mother_tongues<" not in queries
    assert escape(question.text.fr) in french


def test_an_autosave_returns_the_count_of_every_area(draft, lyon_coordinator):
    client = lyon_coordinator.client()
    page = client.get(url("index:response-area", pk=draft.pk, area="education")).content.decode()
    assert 'data-area-count="education"' in page and 'data-area-count="language"' in page

    saved = autosave(client, draft, POWERS, {"version": 0, "value": "no"}).json()

    assert saved["areas"]["education"]["answered"] == 1
    # "no" takes the segregation question out of the area's total.
    totals = {area: counts["total"] for area, counts in saved["areas"].items()}
    before = autosave(client, draft, POWERS, {"version": 1, "value": "yes"}).json()["areas"]
    assert before["education"]["total"] == totals["education"] + 1
    assert set(saved["areas"]) == {area.id for area in draft.round.edition.method.areas}


def test_a_question_that_does_not_apply_cannot_be_answered(draft, lyon_coordinator):
    save_answer(draft, POWERS, saved_by=lyon_coordinator.user, expected_version=0, value="no")

    with pytest.raises(ValidationError):
        save_answer(
            draft, SEGREGATION, saved_by=lyon_coordinator.user, expected_version=0, value="yes"
        )
    refused = autosave(
        lyon_coordinator.client(), draft, SEGREGATION, {"version": 0, "value": "yes"}
    )

    assert refused.status_code == 400
    assert "does not apply" in refused.json()["error"]
    assert not Answer.objects.filter(question_id=SEGREGATION, value="yes").exists()


def test_a_question_that_does_not_apply_shows_no_answer_form(draft, lyon_coordinator):
    save_answer(draft, POWERS, saved_by=lyon_coordinator.user, expected_version=0, value="no")

    page = lyon_coordinator.client().get(url("index:response-area", pk=draft.pk, area="education"))

    html = page.content.decode()
    section = html.split(f'id="q-{SEGREGATION}"', 1)[1].split("</section>", 1)[0]
    assert "does not apply to your city" in section
    assert "<form" not in section
    assert f'id="q-{POWERS}"' in html and f"/answers/{POWERS}/" in html


def test_the_platform_still_imports_a_sheet_whole(draft):
    save_answer(draft, POWERS, saved_by=None, expected_version=0, value="no")

    save_answer(draft, SEGREGATION, saved_by=None, expected_version=0, value="yes")

    assert Answer.objects.get(question_id=SEGREGATION).value == "yes"


def test_every_control_is_named_by_its_question(draft, lyon_coordinator):
    page = lyon_coordinator.client().get(url("index:response-area", pk=draft.pk, area="education"))
    html = page.content.decode()
    questions = draft.round.edition.method.area("education").questions

    saves = re.findall(
        r'Save<span class="visually-hidden"> the answer to question (\d+)</span>', html
    )
    assert saves == [str(n) for n in range(1, len(questions) + 1)]
    assert len(
        re.findall(r"Attach<span class=\"visually-hidden\"> the file to question", html)
    ) == (len(questions))
    # The help text describes the controls it helps with.
    helped = [q for q in questions if q.help]
    assert helped
    for question in helped:
        assert f'id="q-{question.id}-help"' in html
        assert f'aria-describedby="q-{question.id}-help"' in html


def test_controls_are_named_by_their_question_in_french(draft, lyon_coordinator):
    page = lyon_coordinator.client().get(
        url("index:response-area", "fr", pk=draft.pk, area="education")
    )

    assert re.search(
        r'Enregistrer<span class="visually-hidden"> la réponse à la question 1<',
        (page.content.decode()),
    )
