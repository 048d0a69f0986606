"""One rule in one place: the permission functions decide, the services and the pages ask them.

And one answer-writing service: the page, the autosave, the API and the CSV import all
write through ``save_answers``, which refuses what the rules refuse and records activity.
"""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse as django_reverse
from django.utils import translation

from icc.accounts.services import create_api_token
from icc.core.models import Activity
from icc.index import permissions
from icc.index.models import Answer, Response
from icc.index.services.answers import add_evidence_file, save_answer, save_answers, start_response
from icc.index.services.imports import import_answers_csv
from icc.index.services.review import review_answer, submit_response, validate_response
from icc.index.tests.factories import shipped_round

pytestmark = pytest.mark.django_db

QUESTION = "language.mother_tongues"  # yes/no
OTHER = "education.school_powers"  # yes/no


def reverse(*args, **kwargs):
    with translation.override("en"):
        return django_reverse(*args, **kwargs)


@pytest.fixture
def index_round(secretariat):
    return shipped_round("2019", label="2022", opened_by=secretariat.user)


@pytest.fixture
def draft(index_round, lyon, lyon_coordinator):
    return start_response(index_round, lyon, started_by=lyon_coordinator.user)


def answer(response, persona, question=QUESTION, value="yes"):
    current = Answer.objects.filter(response=response, question_id=question).first()
    return save_answer(
        response,
        question,
        saved_by=persona.user,
        expected_version=current.version if current else 0,
        value=value,
    )


def in_right_of_reply(draft, lyon_coordinator, expert):
    """Answer two questions, submit, and query the first: the city's right of reply opens."""
    answer(draft, lyon_coordinator, QUESTION)
    answer(draft, lyon_coordinator, OTHER)
    response = submit_response(draft, submitted_by=lyon_coordinator.user)
    queried = Answer.objects.get(response=response, question_id=QUESTION)
    review_answer(queried, reviewer=expert.user, decision="query", comment="Which languages?")
    review_answer(
        Answer.objects.get(response=response, question_id=OTHER),
        reviewer=expert.user,
        decision="accept",
    )
    response.refresh_from_db()
    assert response.status == Response.Status.RIGHT_OF_REPLY
    return response


def autosave(client, response, value, question=QUESTION, version=0):
    return client.post(
        reverse("index:answer-save", kwargs={"pk": response.pk, "question": question}),
        {"value": value, "version": version},
        HTTP_X_REQUESTED_WITH="fetch",
        HTTP_ACCEPT="application/json",
    )


def verbs(response):
    return list(
        Activity.objects.filter(target_id=str(response.pk), verb__startswith="index.answers.")
        .order_by("id")
        .values_list("verb", "changes")
    )


# Frozen after validation: said once (Response.is_frozen), asked everywhere.


@pytest.mark.parametrize(
    ("status", "frozen"),
    [(status, status in ("validated", "published")) for status in Response.Status.values],
)
def test_validated_and_published_answers_are_frozen(status, frozen):
    assert Response(status=status).is_frozen is frozen


def test_every_write_refuses_frozen_answers(
    draft, lyon, index_round, lyon_coordinator, secretariat
):
    stored = answer(draft, lyon_coordinator)
    submit_response(draft, submitted_by=lyon_coordinator.user)
    review_answer(stored, reviewer=secretariat.user, decision="accept")
    response = validate_response(draft, validated_by=secretariat.user)
    assert response.is_frozen and not permissions.can_answer(secretariat.user, response)

    with pytest.raises(ValidationError):
        save_answer(
            response, QUESTION, saved_by=secretariat.user, expected_version=None, value="no"
        )
    with pytest.raises(ValidationError):
        save_answers(response, {QUESTION: {"value": "no"}}, saved_by=None)
    with pytest.raises(ValidationError):
        add_evidence_file(
            stored,
            upload=SimpleUploadedFile("note.txt", b"Evidence", content_type="text/plain"),
            uploaded_by=secretariat.user,
        )
    with pytest.raises(ValidationError):
        import_answers_csv(
            index_round, lyon, f"question,answer\n{QUESTION},no\n", imported_by=secretariat.user
        )
    assert Answer.objects.get(pk=stored.pk).value == "yes"


# Submitting: the page shows the button exactly when the service accepts.


def test_a_closed_round_hides_submit_and_the_service_refuses_alike(
    lyon, lyon_coordinator, secretariat
):
    closed = shipped_round(
        "2019", label="closed", opens_on=date(2001, 1, 1), closes_on=date(2001, 6, 1)
    )
    draft = start_response(closed, lyon, started_by=secretariat.user)
    save_answers(draft, {QUESTION: {"value": "yes"}}, saved_by=None)

    assert not permissions.can_submit(lyon_coordinator.user, draft)
    page = lyon_coordinator.client().get(reverse("index:response-detail", args=[draft.pk]))
    assert page.status_code == 200 and not page.context["can_submit"]
    step = reverse("index:response-step", args=[draft.pk, "submit"])
    assert step not in page.content.decode()
    with pytest.raises(PermissionDenied):
        submit_response(draft, submitted_by=lyon_coordinator.user)

    assert permissions.can_submit(secretariat.user, draft)
    page = secretariat.client().get(reverse("index:response-detail", args=[draft.pk]))
    assert page.context["can_submit"] and step in page.content.decode()
    assert submit_response(draft, submitted_by=secretariat.user).status == "submitted"


def test_an_open_round_shows_submit_to_the_coordinator_only(draft, lyon_coordinator, lyon_editor):
    save_answers(draft, {QUESTION: {"value": "yes"}}, saved_by=None)
    step = reverse("index:response-step", args=[draft.pk, "submit"])
    editor_page = lyon_editor.client().get(reverse("index:response-detail", args=[draft.pk]))

    assert step not in editor_page.content.decode()
    with pytest.raises(PermissionDenied):
        submit_response(draft, submitted_by=lyon_editor.user)
    coordinator_page = lyon_coordinator.client().get(
        reverse("index:response-detail", args=[draft.pk])
    )
    assert step in coordinator_page.content.decode()


# The right of reply: only queried answers change, whatever the door.


def test_the_right_of_reply_rule_is_one_function(draft, lyon_coordinator, expert, secretariat):
    response = in_right_of_reply(draft, lyon_coordinator, expert)
    queried = Answer.objects.get(response=response, question_id=QUESTION)
    accepted = Answer.objects.get(response=response, question_id=OTHER)

    assert permissions.can_change_answer(lyon_coordinator.user, response, queried)
    assert not permissions.can_change_answer(lyon_coordinator.user, response, accepted)
    assert not permissions.can_change_answer(lyon_coordinator.user, response, None)
    assert permissions.can_change_answer(secretariat.user, response, accepted)
    assert not permissions.can_change_answer(expert.user, response, queried)


def test_every_door_refuses_an_answer_that_was_not_queried(
    draft, lyon_coordinator, expert, secretariat
):
    response = in_right_of_reply(draft, lyon_coordinator, expert)
    accepted = Answer.objects.get(response=response, question_id=OTHER)
    client = lyon_coordinator.client()

    with pytest.raises(PermissionDenied):
        save_answers(response, {OTHER: {"value": "no"}}, saved_by=lyon_coordinator.user)
    with pytest.raises(PermissionDenied):
        answer(response, lyon_coordinator, OTHER, "no")
    with pytest.raises(PermissionDenied):
        add_evidence_file(
            accepted,
            upload=SimpleUploadedFile("note.txt", b"Evidence", content_type="text/plain"),
            uploaded_by=lyon_coordinator.user,
        )
    assert autosave(client, response, "no", OTHER, accepted.version).status_code == 403
    _token, key = create_api_token(lyon_coordinator.user, name="test")
    api = client.patch(
        f"/api/v1/index/responses/{response.pk}/answers/{OTHER}",
        {"version": accepted.version, "value": "no"},
        content_type="application/json",
        headers={"Authorization": f"Bearer {key}"},
    )
    assert api.status_code == 403
    assert Answer.objects.get(pk=accepted.pk).value == "yes"

    # The queried answer changes, and the secretariat may correct any answer.
    assert autosave(client, response, "no", QUESTION, 1).status_code == 200
    save_answers(response, {OTHER: {"value": "no"}}, saved_by=secretariat.user)
    assert set(response.answers.values_list("value", flat=True)) == {"no"}


def test_the_area_page_offers_only_what_may_change(draft, lyon_coordinator, expert):
    response = in_right_of_reply(draft, lyon_coordinator, expert)
    page = lyon_coordinator.client().get(
        reverse("index:response-area", kwargs={"pk": response.pk, "area": "language"})
    )
    questions = {q["id"]: q for p in page.context["pages"] for q in p["questions"]}
    html = page.content.decode()

    assert questions[QUESTION]["can_change"] and not questions[OTHER]["can_change"]
    assert reverse("index:answer-save", kwargs={"pk": response.pk, "question": QUESTION}) in html
    education = lyon_coordinator.client().get(
        reverse("index:response-area", kwargs={"pk": response.pk, "area": "education"})
    )
    assert (
        reverse("index:answer-save", kwargs={"pk": response.pk, "question": OTHER})
        not in education.content.decode()
    )


# One service, activity for every write.


def test_each_door_records_the_write_in_the_activity_log(
    draft, lyon, index_round, lyon_coordinator, lyon_editor, secretariat
):
    # The page's form, then its autosave (one burst of one person is one entry).
    form = lyon_coordinator.client().post(
        reverse("index:answer-save", kwargs={"pk": draft.pk, "question": QUESTION}),
        {"value": "yes", "version": 0},
    )
    assert form.status_code == 302
    assert autosave(lyon_coordinator.client(), draft, "yes", OTHER).status_code == 200
    assert verbs(draft) == [("index.answers.saved", {"questions": [None, [OTHER, QUESTION]]})]
    entry = Activity.objects.get(verb="index.answers.saved")
    assert entry.actor == lyon_coordinator.user and entry.about == lyon

    # The API, by another person: an entry of its own.
    _token, key = create_api_token(lyon_editor.user, name="test")
    api = lyon_editor.client().patch(
        f"/api/v1/index/responses/{draft.pk}/answers/{QUESTION}",
        {"version": 1, "value": "no"},
        content_type="application/json",
        headers={"Authorization": f"Bearer {key}"},
    )
    assert api.status_code == 200
    # The CSV import.
    import_answers_csv(
        index_round, lyon, f"question,answer\n{OTHER},no\n", imported_by=secretariat.user
    )
    # A file attached as evidence.
    add_evidence_file(
        Answer.objects.get(response=draft, question_id=QUESTION),
        upload=SimpleUploadedFile("note.txt", b"Evidence", content_type="text/plain"),
        uploaded_by=lyon_editor.user,
    )

    assert verbs(draft)[1:] == [
        ("index.answers.saved", {"questions": [None, [QUESTION]]}),
        ("index.answers.imported", {"questions": [None, [OTHER]]}),
    ]
    assert Activity.objects.filter(verb="index.evidence.added", actor=lyon_editor.user).exists()


def test_a_write_that_changes_nothing_records_nothing(draft, lyon_coordinator):
    answer(draft, lyon_coordinator)
    answer(draft, lyon_coordinator)  # the same value again

    assert len(verbs(draft)) == 1
    assert Answer.objects.get(response=draft).version == 1


def test_one_refusal_in_a_batch_saves_nothing(draft, lyon_coordinator):
    with pytest.raises(ValidationError):
        save_answers(
            draft,
            {QUESTION: {"value": "yes"}, OTHER: {"value": "perhaps"}},
            saved_by=lyon_coordinator.user,
        )

    assert not Answer.objects.filter(response=draft).exists()
    assert verbs(draft) == []
