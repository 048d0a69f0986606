"""The city: invitations one by one or by CSV (all or nothing), response rate, aggregates only."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from icc.barometer.models import Invitation
from icc.barometer.tests.build import invite, open_round, respond

pytestmark = pytest.mark.django_db

GOOD = (
    "company,sector,size,email,language\n"
    "Soie,C,10-49,a@soie.example,fr\nBois,F,lt10,b@bois.example,en\n"
)


def upload(client, round, text):
    url = reverse("barometer:import", kwargs={"pk": round.pk, "slug": "lyon"})
    return client.post(url, {"file": SimpleUploadedFile("c.csv", text.encode(), "text/csv")})


def test_csv_all_or_nothing(lyon_coordinator):
    round = open_round()
    client = lyon_coordinator.client()
    bad = GOOD + "Verre,Z,10-49,not-an-email,en\n"
    refused = upload(client, round, bad)
    assert refused.status_code == 400
    assert (
        b"Z is not a NACE section" in refused.content
        and b"not-an-email is not an e-mail" in refused.content
    )
    assert not Invitation.objects.exists()
    assert upload(client, round, GOOD).status_code == 302
    assert Invitation.objects.count() == 2
    again = upload(client, round, GOOD)
    assert b"already invited" in again.content and Invitation.objects.count() == 2


def test_city_sees_response_rate_and_no_answers(lyon, lyon_coordinator):
    round = open_round()
    for number in range(6):
        invitation = invite(round, lyon, f"Firm {number}")
        if number < 3:
            respond(invitation, 2)
    page = lyon_coordinator.client().get(
        reverse("barometer:city", kwargs={"pk": round.pk, "slug": "lyon"})
    )
    assert page.status_code == 200
    assert b"50 % of the companies invited" in page.content
    assert b"100.0" not in page.content  # no company's score


def test_oslo_cannot_open_lyon(lyon, oslo_coordinator):
    round = open_round()
    url = reverse("barometer:city", kwargs={"pk": round.pk, "slug": "lyon"})
    assert oslo_coordinator.client().get(url).status_code == 403


def test_the_secretariat_sets_k_and_a_stale_form_is_refused(secretariat):
    from icc.barometer.models import Round

    client = secretariat.client()
    round = open_round()
    url = reverse("barometer:round-edit", kwargs={"pk": round.pk})
    data = {
        "name": round.name,
        "opens_on": round.opens_on.isoformat(),
        "closes_on": round.closes_on.isoformat(),
        "min_group_size": "8",
        "version": str(round.version),
    }
    assert client.post(url, data).status_code == 302
    assert Round.objects.get(pk=round.pk).min_group_size == 8
    stale = client.post(url, data | {"min_group_size": "9"})
    assert stale.status_code == 409 and Round.objects.get(pk=round.pk).min_group_size == 8
    too_small = client.post(url, data | {"min_group_size": "1", "version": "1"})
    assert too_small.status_code == 400
