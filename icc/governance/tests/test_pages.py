"""The governance pages as their readers use them: texts, amendments, votes and receipts."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from conftest import Persona
from icc.governance.models import Amendment, Ballot, ConsolidatedText
from icc.governance.services import strategy, votes
from icc.governance.tests.conftest import (
    add_city,
    close_now,
    coordinator_of,
    open_now,
    option,
    put_motion,
    suspend,
    write_document,
)
from icc.network.models import City

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_suspended_citys_coordinator_sees_the_vote_but_cannot_cast(lyon: City) -> None:
    add_city("bergen")
    suspended = suspend(add_city("cork"))
    person = coordinator_of(suspended)
    motion = open_now(put_motion())
    client = _client(person)
    page = client.get(reverse("governance:vote-detail", args=[motion.pk]))
    assert page.status_code == 200
    assert "could not vote" not in page.content.decode()
    assert "not a member city in good standing when the vote opened" in page.content.decode()
    assert 'name="option"' not in page.content.decode()
    response = client.post(
        reverse("governance:ballot-cast", args=[motion.pk]),
        {"city": suspended.pk, "option": option(motion, "Approve")},
        follow=True,
    )
    assert "good standing" in response.content.decode()
    assert not Ballot.objects.exists()


def test_the_result_is_hidden_from_the_secretariat_until_the_close(
    lyon: City, lyon_coordinator: Persona, secretariat: Persona
) -> None:
    motion = open_now(put_motion())
    _client(lyon_coordinator.user).post(
        reverse("governance:ballot-cast", args=[motion.pk]),
        {"city": lyon.pk, "option": option(motion, "Reject")},
    )
    url = reverse("governance:vote-detail", args=[motion.pk])
    page = _client(secretariat.user).get(url).content.decode()
    assert "Turnout: 1 of 1" in page
    assert (
        "Ballots per option" not in page
        and "Reject" not in page.split("Options")[-1].split("</dl>")[-1]
    )
    assert (
        _client(secretariat.user)
        .get(reverse("governance:vote-recount", args=[motion.pk]))
        .status_code
        == 403
    )
    close_now(motion)
    page = _client(secretariat.user).get(url).content.decode()
    assert "Ballots per option" in page and "Adopted" in page
    recount = _client(secretariat.user).get(reverse("governance:vote-recount", args=[motion.pk]))
    assert "matches the published result" in recount.content.decode()


def test_the_secretariat_gets_a_refusal_when_it_tries_to_vote(
    lyon: City, secretariat: Persona
) -> None:
    motion = open_now(put_motion())
    response = _client(secretariat.user).post(
        reverse("governance:ballot-cast", args=[motion.pk]),
        {"city": lyon.pk, "option": option(motion, "Approve")},
    )
    assert response.status_code == 403
    assert not Ballot.objects.exists()


def test_a_receipt_shows_the_ballot_as_cast(lyon: City, lyon_coordinator: Persona) -> None:
    motion = open_now(put_motion())
    ballot = votes.cast_ballot(
        motion, city=lyon, option_id=option(motion, "Approve"), cast_by=lyon_coordinator.user
    )
    close_now(motion)
    page = _client(lyon_coordinator.user).get(
        reverse("governance:receipt-check"), {"code": ballot.receipt}
    )
    assert "counted in the published result" in page.content.decode()
    missing = _client(lyon_coordinator.user).get(
        reverse("governance:receipt-check"), {"code": "AAAA-BBBB-CCCC"}
    )
    assert "No ballot has this receipt code" in missing.content.decode()


def test_a_french_amendment_is_accepted_and_consolidated(
    lyon: City, lyon_coordinator: Persona, secretariat: Persona
) -> None:
    document = write_document()
    with translation.override("fr"):
        url = reverse("governance:amendment-create", args=[document.pk, 1])
    response = _client(lyon_coordinator.user).post(
        url,
        {
            "city": lyon.pk,
            "text_fr": "Les villes accueillent chaque personne nouvelle.",
            "needs_translation": "on",
            "reason": "Une formulation inclusive.",
        },
    )
    amendment = Amendment.objects.get()
    assert response.status_code == 302 and amendment.needs_translation
    response = _client(secretariat.user).post(
        reverse("governance:amendment-decide", args=[amendment.pk]),
        {
            "version": amendment.version,
            "decision": "accepted",
            "text_en": "Cities welcome every new person.",
        },
    )
    amendment.refresh_from_db()
    assert amendment.status == "accepted" and amendment.text_en
    _client(secretariat.user).post(reverse("governance:document-consolidate", args=[document.pk]))
    frozen = ConsolidatedText.objects.get()
    assert frozen.number == 2
    with translation.override("fr"):
        page = _client(lyon_coordinator.user).get(frozen.get_absolute_url())
    assert "chaque personne nouvelle" in page.content.decode()


def test_an_amendment_to_a_closed_consultation_is_refused(
    lyon: City, lyon_coordinator: Persona
) -> None:
    document = write_document(open_consultation=False)
    with pytest.raises(Exception, match="closed"):
        strategy.propose_amendment(
            document.sections.first(),  # type: ignore[arg-type]
            city=lyon,
            proposed_by=lyon_coordinator.user,
            text_en="New",
            text_fr="Nouveau",
            needs_translation=False,
            reason="Because.",
        )
    assert not Amendment.objects.exists()


def test_the_side_by_side_view_marks_words(lyon: City, lyon_coordinator: Persona) -> None:
    document = write_document()
    amendment = strategy.propose_amendment(
        document.sections.first(),  # type: ignore[arg-type]
        city=lyon,
        proposed_by=lyon_coordinator.user,
        text_en="Cities warmly welcome newcomers in section 1.",
        text_fr="",
        needs_translation=True,
        reason="Warmer.",
    )
    page = _client(lyon_coordinator.user).get(amendment.get_absolute_url()).content.decode()
    assert "<ins>warmly </ins>" in page
