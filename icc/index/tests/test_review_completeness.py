"""Every answer is reviewed before validation; "accept all remaining (N)" says its count;
irreversible steps ask for confirmation; every reader sees what happens next."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from icc.index.models import Answer, AnswerReview, Response, Score
from icc.index.services.answers import save_answers, start_response
from icc.index.services.review import (
    accept_answers,
    give_consent,
    reply_to_query,
    review_answer,
    submit_response,
    validate_response,
)
from icc.index.tests.factories import shipped_round

pytestmark = pytest.mark.django_db

ANSWERS = {
    "language.mother_tongues": "yes",
    "commitment.statement": "yes",
    "education.school_powers": "yes",
}


def url(name, language="en", **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs)


@pytest.fixture
def submitted(lyon, lyon_coordinator):
    index_round = shipped_round("2019", label="2025")
    response = start_response(index_round, lyon, started_by=lyon_coordinator.user)
    save_answers(
        response, {q: {"value": v} for q, v in ANSWERS.items()}, saved_by=None, source="form"
    )
    return submit_response(response, submitted_by=lyon_coordinator.user)


def test_validation_is_refused_while_answers_are_not_reviewed(submitted, expert, secretariat):
    first = submitted.answers.order_by("question_id").first()
    review_answer(first, reviewer=expert.user, decision="accept")

    with pytest.raises(ValidationError) as refused:
        validate_response(submitted, validated_by=secretariat.user)

    assert "2 answers are not reviewed yet" in str(refused.value)
    submitted.refresh_from_db()
    assert submitted.status == Response.Status.IN_REVIEW
    assert not Score.objects.filter(response=submitted).exists()


def test_a_reply_must_be_accepted_before_validation(
    submitted, expert, secretariat, lyon_coordinator
):
    answers = list(submitted.answers.order_by("question_id"))
    query = review_answer(answers[0], reviewer=expert.user, decision="query", comment="?")
    for answer in answers[1:]:
        review_answer(answer, reviewer=expert.user, decision="accept")
    reply_to_query(query, replied_by=lyon_coordinator.user, reply="Here it is.")

    with pytest.raises(ValidationError) as refused:
        validate_response(submitted, validated_by=secretariat.user)

    assert "1 answer is not reviewed yet" in str(refused.value)
    review_answer(answers[0], reviewer=expert.user, decision="accept")
    assert validate_response(submitted, validated_by=secretariat.user).status == (
        Response.Status.VALIDATED
    )


def test_accepting_the_remaining_answers_leaves_open_queries(submitted, expert):
    answers = list(submitted.answers.order_by("question_id"))
    review_answer(answers[0], reviewer=expert.user, decision="query", comment="?")

    assert accept_answers(submitted, reviewer=expert.user) == 2

    statuses = dict(submitted.answers.values_list("question_id", "review_status"))
    assert statuses[answers[0].question_id] == Answer.ReviewStatus.QUERIED
    assert sorted(statuses.values()).count(Answer.ReviewStatus.ACCEPTED) == 2
    assert AnswerReview.objects.filter(decision="accept").count() == 2


def test_the_page_offers_accept_all_remaining_with_its_count(submitted, secretariat):
    client = secretariat.client()
    page = client.get(url("index:response-detail", pk=submitted.pk)).content.decode()

    assert "Accept all remaining answers (3)" in page
    assert "Validate and score" not in page
    assert "3 answers are still to review" in page

    done = client.post(
        url("index:response-step", pk=submitted.pk, step="accept"), follow=True
    ).content.decode()

    assert "3 answers accepted." in done
    assert not submitted.answers.exclude(review_status=Answer.ReviewStatus.ACCEPTED).exists()
    assert "Validate and score" in done
    assert "Accept all remaining" not in done


def test_the_page_offers_accept_all_remaining_in_french(submitted, secretariat):
    page = secretariat.client().get(url("index:response-detail", "fr", pk=submitted.pk))

    assert "Accepter les 3 réponses restantes" in page.content.decode()


def test_the_city_and_outsiders_cannot_accept_answers(
    submitted, lyon_coordinator, oslo_coordinator
):
    step = url("index:response-step", pk=submitted.pk, step="accept")

    assert lyon_coordinator.client().post(step).status_code == 403
    assert oslo_coordinator.client().post(step).status_code == 404
    with pytest.raises(PermissionDenied):
        accept_answers(submitted, reviewer=lyon_coordinator.user)
    assert not submitted.answers.filter(review_status=Answer.ReviewStatus.ACCEPTED).exists()


def test_irreversible_steps_ask_for_confirmation(submitted, secretariat, lyon, lyon_coordinator):
    accept_answers(submitted, reviewer=secretariat.user)
    give_consent(submitted, given_by=lyon_coordinator.user)
    client = secretariat.client()
    page = client.get(url("index:response-detail", pk=submitted.pk)).content.decode()
    assert 'data-confirm="Validate the answers of Lyon and compute the scores?' in page

    client.post(url("index:response-step", pk=submitted.pk, step="validate"))
    page = client.get(url("index:response-detail", pk=submitted.pk)).content.decode()
    assert 'data-confirm="Publish the results of Lyon?' in page


def test_the_expert_sees_what_to_do_next(submitted, expert):
    page = expert.client().get(url("index:response-detail", pk=submitted.pk)).content.decode()
    steps = page.split('id="steps-title"', 1)[1].split("</section>", 1)[0]

    assert "Review the answers, area by area" in steps
    assert "Accept all remaining answers (3)" in steps
    assert "3 answers are still to review" in steps


def test_the_expert_is_told_who_acts_on_a_draft(lyon, lyon_coordinator, expert):
    index_round = shipped_round("2019", label="2025")
    draft = start_response(index_round, lyon, started_by=lyon_coordinator.user)

    page = expert.client().get(url("index:response-detail", pk=draft.pk)).content.decode()

    assert "The city is answering; its coordinator submits the answers for review." in page
