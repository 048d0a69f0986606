"""A company shares its report with the secretariat, and stops: who can and cannot open it."""

import pytest
from django.urls import reverse

from icc.barometer import services
from icc.barometer.models import ReportShare
from icc.barometer.tests.build import invite, open_round, respond, token
from icc.core.models import Activity

pytestmark = pytest.mark.django_db

PERFORMANCE = {"performance.turnover_growth": "7.25", "performance.vacancies_filled": "61"}


def _answered(lyon):
    round = open_round()
    invitation = respond(invite(round, lyon, "Tissage Perrin"), 2)
    services.save_answers(invitation, edition_id=round.edition_id, answers=PERFORMANCE)
    return round, invitation


def test_only_the_secretariat_opens_a_shared_report_and_only_while_shared(
    client, lyon, secretariat, lyon_coordinator, lyon_editor, oslo_coordinator, expert
):
    round, invitation = _answered(lyon)
    url = reverse("barometer:shared-report", kwargs={"pk": invitation.pk})
    # Not shared: it does not exist for the secretariat, and nobody else may even ask.
    assert secretariat.client().get(url).status_code == 404
    share_url = reverse("barometer:share", kwargs={"token": token(invitation)})
    page = client.post(share_url, {"action": "share"}, follow=True)
    assert b"Your report is shared with the secretariat." in page.content
    consent = ReportShare.objects.get(invitation=invitation)
    assert consent.shared_at is not None and consent.withdrawn_at is None

    shown = secretariat.client().get(url)
    assert shown.status_code == 200 and b"Tissage Perrin" in shown.content
    assert shown["Cache-Control"] == "no-store"
    # Only what was shared: the report, never the answers, the performance figures or the link.
    text = shown.content.decode()
    assert "Your score per dimension" in text
    assert "Your performance figures" not in text
    assert "<dd>7.25</dd>" not in text and "<dd>61</dd>" not in text
    own = client.get(reverse("barometer:report", kwargs={"token": token(invitation)}))
    assert "<dd>7.25</dd>" in own.content.decode()  # the company's own report has them
    assert token(invitation)[:20] not in text and "/r/" not in text
    listing = secretariat.client().get(reverse("barometer:shared-reports", kwargs={"pk": round.pk}))
    assert url in listing.content.decode()
    for persona in (lyon_coordinator, lyon_editor, oslo_coordinator, expert):
        assert persona.client().get(url).status_code == 403
        assert (
            persona.client()
            .get(reverse("barometer:shared-reports", kwargs={"pk": round.pk}))
            .status_code
            == 403
        )
    assert client.get(url).status_code in (302, 403)  # the company's own browser: no account
    assert secretariat.client().get(url + "?format=pdf").status_code == 200

    # The company stops sharing: the secretariat cannot open it any more.
    client.post(share_url, {"action": "withdraw"})
    assert secretariat.client().get(url).status_code == 404
    assert (
        url
        not in secretariat.client()
        .get(reverse("barometer:shared-reports", kwargs={"pk": round.pk}))
        .content.decode()
    )
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None and consent.withdrawn_at >= consent.shared_at
    verbs = list(
        Activity.objects.filter(verb__startswith="barometer.report.")
        .order_by("pk")
        .values_list("verb", flat=True)
    )
    assert verbs == ["barometer.report.shared", "barometer.report.unshared"]


def test_each_consent_is_dated_and_erasure_ends_it(lyon, secretariat):
    _round, invitation = _answered(lyon)
    first = services.share_report(invitation)
    assert services.share_report(invitation) == first  # sharing again changes nothing
    services.withdraw_share(invitation)
    assert services.withdraw_share(invitation) is False
    second = services.share_report(invitation)
    assert second.pk != first.pk and ReportShare.objects.filter(invitation=invitation).count() == 2
    services.erase_response(invitation)
    second.refresh_from_db()
    assert second.withdrawn_at is not None
    url = reverse("barometer:shared-report", kwargs={"pk": invitation.pk})
    assert secretariat.client().get(url).status_code == 404
    # Nothing left to share once the response is deleted.
    with pytest.raises(services.ValidationError):
        services.share_report(invitation)


def test_a_company_cannot_share_before_answering(lyon, client):
    round = open_round()
    invitation = invite(round, lyon, "Nouvelle")
    page = client.post(
        reverse("barometer:share", kwargs={"token": token(invitation)}),
        {"action": "share"},
        follow=True,
    )
    assert b"There is no report to share" in page.content
    assert not ReportShare.objects.exists()
