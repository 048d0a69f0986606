"""A company through its private link: consent, answers saved as it types, report, erasure."""

import json

import pytest
from django.core import mail, signing
from django.urls import reverse

from icc.barometer import instrument, services
from icc.barometer.models import Invitation, Response
from icc.barometer.tests.build import answers_at, invite, open_round, respond, token
from icc.core.models import Activity

pytestmark = pytest.mark.django_db


def test_invitation_mails_a_signed_link_in_the_company_language(
    lyon, django_capture_on_commit_callbacks
):
    round = open_round()
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invite(round, lyon, "Soierie Martin", language="fr")
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert (
        "Soierie Martin" in body
        and "/fr/" in body
        and invitation.link_nonce not in body.split("/")[-2][:5]
    )
    assert mail.outbox[0].to == ["soierie.martin@company.example"]


def test_consent_then_autosave_then_two_visits(client, lyon):
    round = open_round()
    invitation = invite(round, lyon, "Atelier")
    url = reverse("barometer:answer", kwargs={"token": token(invitation)})
    page = client.get(url)
    assert page.status_code == 200 and b"Before you answer" in page.content
    assert page["Referrer-Policy"] == "same-origin"
    client.post(url, {"action": "consent", "consent": "yes"})
    save = reverse("barometer:save", kwargs={"token": token(invitation)})
    first = client.post(
        save,
        json.dumps({"edition": round.edition_id, "answers": {"people.board": "yes"}}),
        content_type="application/json",
    )
    assert first.status_code == 200
    # A second visit, with a freshly signed link (a reminder): the answer is there.
    again = client.get(reverse("barometer:answer", kwargs={"token": token(invitation)}))
    assert b'value="yes" checked' in again.content
    response = Response.objects.get(invitation=invitation)
    assert response.answers == {"people.board": "yes"} and "staff" in response.scores


def test_bad_answers_save_nothing(client, lyon):
    round = open_round()
    invitation = invite(round, lyon, "Atelier")
    services.give_consent(invitation)
    save = reverse("barometer:save", kwargs={"token": token(invitation)})
    for answers, edition in [
        ({"people.board": "maybe"}, round.edition_id),
        ({"people.board": "yes", "index.question": "yes"}, round.edition_id),
        ({"people.board": "yes"}, "barometer-2019"),
        ({"people.staff_background": "120"}, round.edition_id),
    ]:
        answer = client.post(
            save,
            json.dumps({"edition": edition, "answers": answers}),
            content_type="application/json",
        )
        assert answer.status_code == 400 and answer.json()["errors"]
    assert Response.objects.get(invitation=invitation).answers == {}


def test_a_tampered_or_other_link_opens_nothing(client, lyon):
    round = open_round()
    invitation = invite(round, lyon, "Atelier")
    good = token(invitation)
    tampered = good[:-2] + ("AA" if not good.endswith("AA") else "BB")
    assert client.get(reverse("barometer:answer", kwargs={"token": tampered})).status_code == 404
    forged = signing.TimestampSigner(salt="another").sign(
        f"{invitation.pk}.{invitation.link_nonce}"
    )
    assert client.get(reverse("barometer:answer", kwargs={"token": forged})).status_code == 404
    guessed = signing.TimestampSigner(salt="icc.barometer.link").sign(f"{invitation.pk}.guess")
    assert client.get(reverse("barometer:answer", kwargs={"token": guessed})).status_code == 404


def test_report_withholds_small_groups_and_says_why(client, lyon):
    round = open_round()
    invitation = respond(invite(round, lyon, "Atelier"), 0)
    services.publish_round(round, by=None)
    page = client.get(reverse("barometer:report", kwargs={"token": token(invitation)}))
    assert page.status_code == 200
    assert b"fewer than 5 responses" in page.content
    assert b"Ideas for your weaker dimensions" in page.content


def test_report_as_pdf(client, lyon):
    invitation = respond(invite(open_round(), lyon, "Atelier"), 2)
    pdf = client.get(
        reverse("barometer:report", kwargs={"token": token(invitation)}) + "?format=pdf"
    )
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"


def test_download_then_erase_leaves_no_content(client, lyon):
    invitation = respond(invite(open_round(), lyon, "Atelier"), 1)
    link = token(invitation)
    csv = client.get(reverse("barometer:answers-download", kwargs={"token": link}))
    assert b"people.board" in csv.content
    assert client.post(reverse("barometer:erase", kwargs={"token": link})).status_code == 200
    assert not Response.objects.filter(invitation=invitation).exists()
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.ERASED and invitation.contact_email == ""
    entry = Activity.objects.get(verb="barometer.response.erased")
    assert entry.changes == {}
    gone = client.get(reverse("barometer:answer", kwargs={"token": link}))
    assert gone.status_code == 410 and b"deleted" in gone.content


def test_reminders_stop_at_two(lyon, django_capture_on_commit_callbacks):
    from datetime import timedelta

    from django.utils import timezone

    round = open_round()
    invitation = invite(round, lyon, "Atelier")
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(4):
            services.send_reminders(round, by=None)
            Invitation.objects.filter(pk=invitation.pk).update(
                last_reminded_at=timezone.now() - timedelta(days=8)
            )
    invitation.refresh_from_db()
    assert invitation.reminders_sent == 2
    assert len([m for m in mail.outbox if "Reminder" in m.subject]) == 2


def test_the_engine_scores_the_instrument():
    method = instrument.edition()
    best = instrument.score(method, answers_at(2))
    worst = instrument.score(method, answers_at(0))
    assert best["overall"] == 100.0 and worst["overall"] == 0.0
    assert set(best) == {*(d.id for d in method.dimensions), "overall"}
    assert instrument.score_many(method, [answers_at(2), answers_at(2)]) == [best, best]


def test_scoring_many_gives_what_the_engine_gives_one_by_one():
    import random

    method = instrument.edition()
    chance = random.Random(5)  # noqa: S311
    responses = []
    for _ in range(60):
        answers = {}
        for question in method.questions:
            if question.options:
                answers[question.id] = chance.choice(question.options).id
            elif question.kind == "yes_no":
                answers[question.id] = chance.choice(["yes", "no"])
            elif question.is_scored and chance.random() < 0.8:
                answers[question.id] = str(chance.randint(0, 100))
        responses.append(answers)
    assert instrument.dimension_local(method)
    assert instrument.score_many(method, responses) == [
        instrument.score(method, answers) for answers in responses
    ]


def test_an_expired_link_says_so(client, lyon, monkeypatch):
    from icc.barometer import links

    invitation = invite(open_round(), lyon, "Atelier")
    monkeypatch.setattr(links, "LINK_DAYS", -1)
    page = client.get(reverse("barometer:answer", kwargs={"token": token(invitation)}))
    assert page.status_code == 410 and b"expired" in page.content


def test_publishing_tells_the_city_people(lyon, lyon_coordinator):
    from icc.accounts.models import Notification

    round = open_round()
    respond(invite(round, lyon, "Atelier"), 1)
    services.publish_round(round, by=None)
    assert Notification.objects.filter(
        recipient=lyon_coordinator.user, kind="barometer.published"
    ).exists()


def test_a_company_that_deleted_its_response_may_be_invited_again(client, lyon):
    round = open_round()
    first = respond(invite(round, lyon, "Atelier"), 1)
    old_link = token(first)
    services.erase_response(first)
    again = invite(round, lyon, "Atelier")
    assert again.pk == first.pk and again.status == Invitation.Status.INVITED
    assert client.get(reverse("barometer:answer", kwargs={"token": old_link})).status_code == 404
    fresh = client.get(reverse("barometer:answer", kwargs={"token": token(again)}))
    assert fresh.status_code == 200 and b"Before you answer" in fresh.content


def test_scoring_again_compares_the_stored_text_without_decoding_it(lyon):
    """The stored scores' text is what ``_stored_text`` predicts, on SQLite and PostgreSQL."""
    from django.db import connection
    from django.db.models import TextField
    from django.db.models.functions import Cast

    from icc.barometer.services import _stored_text

    round = open_round()
    invitation = respond(invite(round, lyon, "Atelier"), 2)
    text, scores = Response.objects.filter(invitation=invitation).values_list(
        Cast("scores", output_field=TextField()), "scores"
    )[0]
    assert text == _stored_text(scores, connection.vendor == "postgresql")
    assert services.score_round(round) == 1
