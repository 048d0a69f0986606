"""The answering and review pipeline, step by step, with every role allowed and refused."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from icc.core.models import Activity
from icc.index.models import Answer, AnswerChange, AnswerReview, Response, Score
from icc.index.services.answers import AnswerConflict, save_answer, start_response
from icc.index.services.editions import ensure_shipped_editions
from icc.index.services.review import (
    give_consent,
    publish_response,
    reply_to_query,
    review_answer,
    submit_response,
    validate_response,
)
from icc.index.services.rounds import open_round
from icc.index.tests.factories import shipped_round
from icc.network import services as network_services
from icc.network.models import City

pytestmark = pytest.mark.django_db

QUESTION = "language.mother_tongues"  # yes/no


@pytest.fixture
def index_round(secretariat):
    return shipped_round("2019", label="2022", opened_by=secretariat.user)


@pytest.fixture
def draft(index_round, lyon, lyon_coordinator):
    return start_response(index_round, lyon, started_by=lyon_coordinator.user)


def save(response, persona, value="yes", version=None, question=QUESTION):
    if version is None:
        current = Answer.objects.filter(response=response, question_id=question).first()
        version = current.version if current else 0
    return save_answer(
        response, question, saved_by=persona.user, expected_version=version, value=value
    )


def set_status(city, status):
    """Change a city's membership status through the network's service for it."""
    if hasattr(network_services, "change_city_status"):
        network_services.change_city_status(
            city, to=status, reason="Test", changed_on=date(2024, 1, 1), changed_by=None
        )
    else:
        network_services.update_city(city, changed_by=None, data={"status": status})


def submitted(draft, lyon_coordinator):
    save(draft, lyon_coordinator)
    return submit_response(draft, submitted_by=lyon_coordinator.user)


def test_only_the_secretariat_opens_a_round(personas):
    edition = ensure_shipped_editions()["2019"]
    for name in ("lyon_coordinator", "expert", "oslo_coordinator", "visitor"):
        with pytest.raises(PermissionDenied):
            open_round(
                edition,
                label=name,
                opens_on=date(2024, 1, 1),
                closes_on=date(2024, 6, 1),
                opened_by=personas[name].user or _anonymous(),
            )
    index_round = open_round(
        edition,
        label="2024",
        opens_on=date(2024, 1, 1),
        closes_on=date(2024, 6, 1),
        opened_by=personas["secretariat"].user,
    )
    assert index_round.edition.code == "2019"
    assert Activity.objects.filter(verb="index.round.opened").count() == 1


def _anonymous():
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


def test_coordinator_and_editor_answer_their_city(draft, lyon_coordinator, lyon_editor):
    answer = save(draft, lyon_coordinator, "yes")
    answer = save(draft, lyon_editor, "no", version=answer.version)

    assert answer.value == "no" and answer.version == 2
    changes = list(AnswerChange.objects.filter(answer=answer).order_by("changed_at", "id"))
    assert [(c.changed_by, c.old.get("value"), c.new["value"]) for c in changes] == [
        (lyon_coordinator.user, None, "yes"),
        (lyon_editor.user, "yes", "no"),
    ]


@pytest.mark.parametrize("name", ["oslo_coordinator", "expert", "reci_coordinator"])
def test_others_cannot_answer_lyon(draft, personas, name):
    with pytest.raises(PermissionDenied):
        save(draft, personas[name])
    assert not Answer.objects.exists()


def test_a_stale_save_raises_a_conflict_with_both_versions(draft, lyon_coordinator, lyon_editor):
    save(draft, lyon_coordinator, "yes", version=0)

    with pytest.raises(AnswerConflict) as conflict:
        save(draft, lyon_editor, "no", version=0)

    assert conflict.value.mine == {"value": "no"}
    assert conflict.value.theirs["value"] == "yes"
    assert conflict.value.theirs["version"] == 1
    assert Answer.objects.get().value == "yes"


def test_two_first_saves_of_one_question_conflict(draft, lyon_coordinator, lyon_editor):
    save(draft, lyon_coordinator, "yes", version=0)
    with pytest.raises(AnswerConflict):
        save_answer(draft, QUESTION, saved_by=lyon_editor.user, expected_version=0, value="no")


def test_typing_in_one_burst_is_one_change(draft, lyon_coordinator):
    version = 0
    for text in ("W", "We", "We run"):
        version = save_answer(
            draft,
            QUESTION,
            saved_by=lyon_coordinator.user,
            expected_version=version,
            evidence_text=text,
        ).version
    change = AnswerChange.objects.get()
    assert version == 3
    assert change.old == {"evidence_text": ""} and change.new == {"evidence_text": "We run"}


def test_an_invalid_value_is_refused(draft, lyon_coordinator):
    with pytest.raises(ValidationError):
        save(draft, lyon_coordinator, "perhaps")
    with pytest.raises(ValidationError):
        save(draft, lyon_coordinator, "140", question="intelligence.trained_staff")
    with pytest.raises(ValidationError):
        save_answer(
            draft,
            QUESTION,
            saved_by=lyon_coordinator.user,
            expected_version=0,
            evidence_links=["javascript:alert(1)"],
        )


def test_an_editor_cannot_submit_but_the_coordinator_can(draft, lyon_coordinator, lyon_editor):
    save(draft, lyon_editor)
    with pytest.raises(PermissionDenied):
        submit_response(draft, submitted_by=lyon_editor.user)

    response = submit_response(draft, submitted_by=lyon_coordinator.user)

    assert response.status == Response.Status.SUBMITTED
    with pytest.raises(ValidationError):
        submit_response(response, submitted_by=lyon_coordinator.user)
    with pytest.raises(PermissionDenied):
        save(response, lyon_coordinator, "no")


@pytest.mark.parametrize("status", [City.Status.SUSPENDED, City.Status.LEFT])
def test_a_suspended_or_departed_city_cannot_submit(draft, lyon, lyon_coordinator, status):
    save(draft, lyon_coordinator)
    set_status(lyon, status)

    with pytest.raises(ValidationError):
        submit_response(draft, submitted_by=lyon_coordinator.user)
    with pytest.raises(PermissionDenied):
        save(draft, lyon_coordinator, "no")


def test_review_query_reply_validate_publish(
    draft, lyon_coordinator, lyon_editor, expert, secretariat, oslo_coordinator
):
    response = submitted(draft, lyon_coordinator)
    answer = Answer.objects.get()

    for persona in (lyon_coordinator, oslo_coordinator):
        with pytest.raises(PermissionDenied):
            review_answer(answer, reviewer=persona.user, decision="accept")
    with pytest.raises(ValidationError):
        review_answer(answer, reviewer=expert.user, decision="query", comment=" ")
    review = review_answer(answer, reviewer=expert.user, decision="query", comment="Which schools?")
    response.refresh_from_db()
    assert response.status == Response.Status.RIGHT_OF_REPLY

    with pytest.raises(ValidationError):
        validate_response(response, validated_by=secretariat.user)
    with pytest.raises(PermissionDenied):
        reply_to_query(review, replied_by=oslo_coordinator.user, reply="None")
    # During the right of reply the city may correct the queried answer.
    save(response, lyon_editor, "no")
    reply_to_query(review, replied_by=lyon_editor.user, reply="Corrected: not yet.")
    response.refresh_from_db()
    assert response.status == Response.Status.IN_REVIEW
    assert AnswerReview.objects.get().reply == "Corrected: not yet."

    with pytest.raises(PermissionDenied):
        validate_response(response, validated_by=expert.user)
    with pytest.raises(ValidationError):  # the reply is not accepted yet
        validate_response(response, validated_by=secretariat.user)
    review_answer(Answer.objects.get(), reviewer=expert.user, decision="accept")
    response = validate_response(response, validated_by=secretariat.user)
    assert response.status == Response.Status.VALIDATED
    assert Score.objects.filter(response=response, level="overall").exists()

    with pytest.raises(ValidationError):  # no consent yet
        publish_response(response, published_by=secretariat.user)
    with pytest.raises(PermissionDenied):
        give_consent(response, given_by=lyon_editor.user)
    give_consent(response, given_by=lyon_coordinator.user)
    with pytest.raises(PermissionDenied):
        publish_response(response, published_by=expert.user)
    response = publish_response(response, published_by=secretariat.user)

    assert response.status == Response.Status.PUBLISHED
    assert response.published_on is not None
    verbs = set(Activity.objects.values_list("verb", flat=True))
    assert {
        "index.response.submitted",
        "index.answer.queried",
        "index.query.replied",
        "index.response.validated",
        "index.response.published",
    } <= verbs


def test_scores_follow_the_engine(draft, lyon_coordinator, secretariat):
    save(draft, lyon_coordinator, "yes")
    response = submit_response(draft, submitted_by=lyon_coordinator.user)
    review_answer(Answer.objects.get(), reviewer=secretariat.user, decision="accept")
    validate_response(response, validated_by=secretariat.user)

    language = Score.objects.get(response=response, level="area", code="language")
    question = Score.objects.get(response=response, level="question", code=QUESTION)
    assert question.score == 100
    # One of the area's questions answered at full marks, the others count as zero.
    assert 0 < language.score < 100
