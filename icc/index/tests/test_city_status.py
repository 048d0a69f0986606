"""The one status rule on the answering endpoints: a suspended city reads, one that left is frozen.

``icc.network.permissions.city_may_act`` decides: a suspended city's people still read
their answers but cannot answer, attach, submit, consent or reply; a city that left is
readable by the secretariat only.
"""

from datetime import date

import pytest
from django.urls import reverse as django_reverse
from django.utils import translation

from icc.accounts.services import create_api_token
from icc.index.models import Answer, AnswerReview, Response
from icc.index.services.answers import save_answer, start_response
from icc.index.services.review import review_answer, submit_response
from icc.index.tests.factories import shipped_round
from icc.network import services as network_services
from icc.network.models import City

pytestmark = pytest.mark.django_db
QUESTION = "language.mother_tongues"  # yes/no


def reverse(*args, **kwargs):
    with translation.override("en"):
        return django_reverse(*args, **kwargs)


def set_status(city, status):
    network_services.change_city_status(
        city, to=status, reason="Test", changed_on=date(2024, 1, 1), changed_by=None
    )


@pytest.fixture
def draft(lyon):
    index_round = shipped_round("2019", label="2022")
    response = start_response(index_round, lyon, started_by=None)
    save_answer(response, QUESTION, saved_by=None, expected_version=0, value="yes")
    return response


@pytest.fixture
def query(draft):
    """Return an open query on Lyon's submitted answer (its right of reply)."""
    submit_response(draft, submitted_by=None)
    answer = Answer.objects.get(response=draft, question_id=QUESTION)
    return review_answer(answer, reviewer=None, decision="query", comment="Which?")


def save_url(response):
    return reverse("index:answer-save", kwargs={"pk": response.pk, "question": QUESTION})


def stored_value(response):
    return Answer.objects.get(response=response, question_id=QUESTION).value


def test_a_member_city_answers_and_submits(draft, lyon_coordinator):
    client = lyon_coordinator.client()

    saved = client.post(save_url(draft), {"version": 1, "value": "no"})
    submitted = client.post(reverse("index:response-step", args=[draft.pk, "submit"]))

    assert saved.status_code == 302 and stored_value(draft) == "no"
    assert submitted.status_code == 302
    assert Response.objects.get(pk=draft.pk).status == Response.Status.SUBMITTED


def test_a_suspended_city_reads_its_answers_but_cannot_change_them(
    draft, lyon, lyon_coordinator, lyon_editor
):
    set_status(lyon, City.Status.SUSPENDED)
    client = lyon_coordinator.client()

    detail = client.get(draft.get_absolute_url())
    area = client.get(reverse("index:response-area", args=[draft.pk, "language"]))
    saved = client.post(save_url(draft), {"version": 1, "value": "no"})
    autosaved = lyon_editor.client().post(
        save_url(draft),
        {"version": 1, "value": "no"},
        HTTP_X_REQUESTED_WITH="fetch",
        HTTP_ACCEPT="application/json",
    )
    attached = client.post(reverse("index:answer-file", args=[draft.pk, QUESTION]))
    submitted = client.post(reverse("index:response-step", args=[draft.pk, "submit"]))
    consented = client.post(reverse("index:response-step", args=[draft.pk, "consent"]))

    assert detail.status_code == 200 and area.status_code == 200
    assert saved.status_code == 403 and autosaved.status_code == 403
    assert attached.status_code == 403 and consented.status_code == 403
    assert submitted.status_code == 302  # refused with a message on the response's page
    response = Response.objects.get(pk=draft.pk)
    assert response.status == Response.Status.DRAFT and not response.has_public_consent
    assert stored_value(draft) == "yes"


def test_a_suspended_city_cannot_start_a_new_round(lyon, lyon_coordinator):
    index_round = shipped_round("2019", label="2025")
    set_status(lyon, City.Status.SUSPENDED)
    client = lyon_coordinator.client()

    home = client.get(reverse("index:home"))
    started = client.post(reverse("index:response-start", args=[index_round.pk, "lyon"]))

    assert "Start the questionnaire" not in home.content.decode()
    assert started.status_code == 302 and started["Location"] == reverse("index:home")
    assert not Response.objects.exists()


def test_a_suspended_city_cannot_reply_to_a_query(query, lyon, lyon_coordinator):
    set_status(lyon, City.Status.SUSPENDED)

    replied = lyon_coordinator.client().post(
        reverse("index:review-reply", args=[query.pk]), {"reply": "Here."}
    )

    assert replied.status_code == 403
    assert AnswerReview.objects.get(pk=query.pk).replied_at is None


def test_the_api_refuses_a_suspended_citys_answer_but_still_reads(draft, lyon, lyon_coordinator):
    set_status(lyon, City.Status.SUSPENDED)
    _token, key = create_api_token(lyon_coordinator.user, name="test")
    headers = {"Authorization": f"Bearer {key}"}
    url = f"/api/v1/index/responses/{draft.pk}/answers/{QUESTION}"

    patched = lyon_coordinator.client().patch(
        url, {"version": 1, "value": "no"}, content_type="application/json", headers=headers
    )
    read = lyon_coordinator.client().get(f"/api/v1/index/responses/{draft.pk}", headers=headers)

    assert patched.status_code == 403 and stored_value(draft) == "yes"
    assert read.status_code == 200


def test_a_city_that_left_is_frozen_and_hidden_from_its_people(
    query, lyon, lyon_coordinator, secretariat
):
    set_status(lyon, City.Status.LEFT)
    client = lyon_coordinator.client()

    detail = client.get(query.answer.response.get_absolute_url())
    saved = client.post(save_url(query.answer.response), {"version": 1, "value": "no"})
    replied = client.post(reverse("index:review-reply", args=[query.pk]), {"reply": "Here."})
    listed = client.get(reverse("index:home"))
    seen_by_secretariat = secretariat.client().get(query.answer.response.get_absolute_url())

    assert detail.status_code == 404 and saved.status_code == 404 and replied.status_code == 404
    assert "Lyon" not in listed.content.decode()
    assert seen_by_secretariat.status_code == 200
    assert stored_value(query.answer.response) == "yes"
    assert AnswerReview.objects.get(pk=query.pk).replied_at is None
