"""Who the Index review tells: queried, replied, validated, published."""

import pytest
from django.core import mail
from django.utils.text import Truncator

from icc.accounts.models import Notification
from icc.accounts.notifications import render_message
from icc.index.models import Answer
from icc.index.services.answers import save_answer, start_response
from icc.index.services.review import (
    give_consent,
    publish_response,
    reply_to_query,
    review_answer,
    submit_response,
    validate_response,
)
from icc.index.tests.factories import shipped_round

pytestmark = pytest.mark.django_db

QUESTION = "language.mother_tongues"


@pytest.fixture
def submitted(secretariat, lyon, lyon_coordinator, lyon_editor):
    index_round = shipped_round("2019", label="2026", opened_by=secretariat.user)
    response = start_response(index_round, lyon, started_by=lyon_coordinator.user)
    save_answer(response, QUESTION, saved_by=lyon_coordinator.user, expected_version=0, value="yes")
    return submit_response(response, submitted_by=lyon_coordinator.user)


def told(kind):
    return sorted(Notification.objects.filter(kind=kind).values_list("recipient__email", flat=True))


def test_a_query_tells_the_citys_people_in_their_language(
    submitted, expert, oslo_coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        review_answer(
            Answer.objects.get(), reviewer=expert.user, decision="query", comment="Which?"
        )

    assert told("index.answer.queried") == ["coordinator@lyon.test", "editor@lyon.test"]
    notification = Notification.objects.get(recipient__email="coordinator@lyon.test")
    assert notification.link == f"/en/index/responses/{submitted.pk}/"
    question = submitted.round.edition.method.question(QUESTION).text
    assert render_message(notification, "en") == (
        f"Lyon: Elena Expert queried the answer to “{question.en}” (2026); the city may reply."
    )
    # Long questions are cut, so that the subject of a mail stays readable.
    start = Truncator(question.fr).chars(90)
    assert f"«\u00a0{start}\u00a0»" in render_message(notification, "fr")
    french = {message.to[0]: message for message in mail.outbox}["coordinator@lyon.test"]
    assert "Lyon\u00a0: Elena Expert a mis en question la réponse à" in french.subject
    assert f"http://testserver/fr/index/reponses/{submitted.pk}/" in french.body


def test_an_acceptance_tells_nobody(submitted, expert):
    review_answer(Answer.objects.get(), reviewer=expert.user, decision="accept")

    assert not Notification.objects.exists()


def test_a_reply_tells_the_reviewer_who_queried(submitted, expert, lyon_editor, secretariat):
    review = review_answer(
        Answer.objects.get(), reviewer=expert.user, decision="query", comment="Which?"
    )

    reply_to_query(review, replied_by=lyon_editor.user, reply="All of them.")

    assert told("index.query.replied") == ["expert@test.example"]


def test_validating_and_publishing_tell_the_citys_people(submitted, secretariat, lyon_coordinator):
    review_answer(Answer.objects.get(), reviewer=secretariat.user, decision="accept")
    response = validate_response(submitted, validated_by=secretariat.user)
    give_consent(response, given_by=lyon_coordinator.user)
    publish_response(response, published_by=secretariat.user)

    assert told("index.response.validated") == ["coordinator@lyon.test", "editor@lyon.test"]
    assert told("index.response.published") == ["coordinator@lyon.test", "editor@lyon.test"]
    assert "secretariat@test.example" not in told("index.response.published")
