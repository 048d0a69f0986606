"""The certification from registration to register, and every refusal on bad input."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from icc.accounts.models import Invitation, Role
from icc.accounts.services import accept_invitation
from icc.certification import services, standard
from icc.certification.models import (
    Appeal,
    Application,
    Certificate,
    Complaint,
    Decision,
    Organisation,
    Representative,
    Review,
)
from icc.certification.tests import world
from icc.core.models import Activity
from icc.index.method import scoring


@pytest.fixture
def org(lyon):
    return world.organisation(lyon, name="Maison des langues", rep_email="rep@maison.test")


@pytest.fixture
def experts(db):
    return (
        world.person("a@experts.test", name="Ana Reviewer", role=Role.EXPERT),
        world.person("b@experts.test", name="Ben Reviewer", role=Role.EXPERT),
    )


def test_the_standard_is_an_index_edition_scored_by_the_index_engine(monkeypatch):
    method = standard.load_standard()
    assert {level.id for level in method.levels} == {"certified", "distinction"}
    assert standard.score(method, "x", world.all_answers("met")).level == "distinction"
    assert standard.score(method, "x", world.all_answers("partly")).score == 50
    # The same code as the Index: replacing the engine's function changes the result.
    calls = []
    real = scoring.score_member
    monkeypatch.setattr(standard, "score_member", lambda *a, **k: calls.append(1) or real(*a, **k))
    standard.score(method, "x", {})
    assert calls


def test_scoring_without_the_gate_area_gives_the_full_editions_results():
    method = standard.load_standard()
    for option in ("met", "partly", "not_met"):
        for answers in (world.all_answers(option), {"governance.principles": option}):
            full = scoring.score_member(method, scoring.Member("x"), answers, with_questions=False)
            scored = standard.score(method, "x", answers)
            assert (scored.result.overall.score, scored.level) == (
                full.overall.score,
                full.level or "",
            )


def test_core_requirement_unmet_means_no_level_whatever_the_score():
    method = standard.load_standard()
    answers = world.all_answers("met") | {"governance.principles": "partly"}
    scored = standard.score(method, "x", answers)
    assert scored.score >= 60
    assert scored.level == ""


def test_the_gate_refusal_names_the_failed_criterion(org):
    rep = world.rep_of(org)
    application = services.start_application(org, by=rep)
    answers = world.gate_yes() | {"gate.activity": "no"}
    services.check_eligibility(application, by=rep, answers=answers, expected=None)
    application.refresh_from_db()
    assert application.status == Application.Status.INELIGIBLE
    assert application.failed_gate == "gate.activity"
    client = rep_client(rep)
    page = client.get(reverse("certification:application-eligibility", args=[application.pk]))
    assert "deux ans" in page.content.decode() or "two years" in page.content.decode()


def rep_client(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


def test_an_unconfirmed_organisation_cannot_apply(lyon):
    rep = world.person("new@ngo.test")
    org = services.register_organisation(
        by=rep, data={"name": "New NGO", "city": lyon, "registration_number": "1"}
    )
    with pytest.raises(ValidationError):
        services.start_application(org, by=rep)
    assert org.applications.count() == 0


def test_submission_with_a_required_criterion_missing_is_refused_and_nothing_changes(org):
    rep = world.rep_of(org)
    application = services.start_application(org, by=rep)
    services.check_eligibility(application, by=rep, answers=world.gate_yes(), expected=None)
    answers = world.all_answers() | {"learning.training": ""}
    services.save_self_assessment(application, by=rep, answers=answers, evidence={}, expected=None)
    application.refresh_from_db()
    with pytest.raises(ValidationError, match="Missing"):
        services.submit_application(application, by=rep, expected=application.version)
    application.refresh_from_db()
    assert application.status == Application.Status.DRAFT
    assert application.submitted_at is None


def test_autosave_keeps_answers_and_evidence_and_refuses_a_stale_version(org):
    rep = world.rep_of(org)
    application = services.start_application(org, by=rep)
    services.check_eligibility(application, by=rep, answers=world.gate_yes(), expected=None)
    application.refresh_from_db()
    client = rep_client(rep)
    url = reverse("certification:application-edit", args=[application.pk])
    data = {
        "version": application.version,
        "answer-governance.principles": "met",
        "text-governance.principles": "Adopted in 2024.",
        "links-governance.principles": "https://example.org/statement",
    }
    response = client.post(url, data, HTTP_X_AUTOSAVE="1")
    assert response.json()["saved"] is True
    application.refresh_from_db()
    assert application.answers == {"governance.principles": "met"}
    assert application.evidence["governance.principles"]["links"] == [
        "https://example.org/statement"
    ]
    stale = client.post(url, data | {"answer-governance.board": "met"}, HTTP_X_AUTOSAVE="1")
    assert stale.status_code == 400
    application.refresh_from_db()
    assert "governance.board" not in application.answers


def test_a_reviewer_with_a_conflict_is_refused(org, experts, lyon):
    application = world.submitted(org)
    local = world.person("local@experts.test", role=Role.EXPERT)
    from icc.accounts.services import grant_role

    grant_role(local, Role.CITY_EDITOR, granted_by=None, city=lyon)
    with pytest.raises(ValidationError, match="city"):
        services.assign_reviewer(application, by=None, reviewer=local)
    assert not application.reviews.exists()
    rep = world.rep_of(org)
    with pytest.raises(ValidationError):
        services.assign_reviewer(application, by=None, reviewer=rep)


def test_a_declared_tie_closes_the_file_to_the_reviewer(org, experts):
    application = world.submitted(org)
    first, _second = experts
    review = services.assign_reviewer(application, by=None, reviewer=first)
    client = rep_client(first)
    detail = reverse("certification:application-detail", args=[application.pk])
    assert client.get(detail).status_code == 403  # not before the declaration
    services.declare(review, by=first, no_conflict=False, tie="I sit on its board.")
    assert client.get(detail).status_code == 403
    assert (
        client.get(reverse("certification:review-score", args=[application.pk])).status_code == 403
    )
    with pytest.raises(ValidationError):
        services.assign_reviewer(application, by=None, reviewer=first)


def test_scores_are_blind_until_both_reviewers_submit(org, experts):
    application = world.submitted(org)
    first, second = experts
    world.reviewed(application, first, second, submit=False)
    one, two = application.reviews.all()
    services.save_review(
        one, by=first, answers=world.all_answers("met"), comments={}, submit=True, expected=None
    )
    client = rep_client(first)
    detail = reverse("certification:application-detail", args=[application.pk])
    assert "Ben Reviewer" not in client.get(detail).content.decode()
    services.save_review(
        two,
        by=second,
        answers=world.all_answers("not_met"),
        comments={},
        submit=True,
        expected=None,
    )
    page = client.get(detail).content.decode()
    assert "Ben Reviewer" in page
    assert len(services.differences(application)) == 10


def test_a_decision_without_reasons_is_refused_and_nothing_saved(org, experts, secretariat):
    application = world.reviewed(world.submitted(org), *experts)
    services.name_commission_member(application, by=None, person=secretariat.user)
    with pytest.raises(ValidationError) as error:
        services.decide(
            application, by=secretariat.user, outcome="certified", level="certified", reasons=" "
        )
    assert "reasons" in error.value.message_dict
    assert not Decision.objects.exists()
    assert not Certificate.objects.exists()
    with pytest.raises(ValidationError, match="reviewer"):
        services.name_commission_member(application, by=None, person=experts[0])


def test_the_whole_way_to_the_register_and_the_verification(org, experts, secretariat, client):
    application = world.decided(world.reviewed(world.submitted(org), *experts), secretariat.user)
    certificate = Certificate.objects.get()
    assert certificate.level == "certified"
    assert certificate.valid_until.year == certificate.issued_on.year + 3
    page = client.get(reverse("certification:register")).content.decode()
    assert "Maison des langues" in page
    csv = client.get(reverse("certification:register-csv")).content.decode()
    assert certificate.code in csv
    api = client.get("/api/v1/certification/register").json()
    assert api["items"][0]["code"] == certificate.code
    verify = client.get(reverse("certification:verify-code", args=[certificate.code]))
    assert verify.status_code == 200 and "Maison des langues" in verify.content.decode()
    rep = rep_client(world.rep_of(org))
    pdf = rep.get(
        reverse("certification:certificate-pdf", args=[certificate.code]) + "?language=fr"
    )
    assert pdf.content.startswith(b"%PDF")
    assert (
        client.get(reverse("certification:certificate-pdf", args=[certificate.code])).status_code
        == 302
    )
    verbs = set(Activity.objects.values_list("verb", flat=True))
    assert {"certification.decision.made", "certification.review.submitted"} <= verbs
    assert application.decision.outcome == "certified"


def test_an_unknown_code_is_a_clear_404(client, db):
    response = client.get(reverse("certification:verify-code", args=["NOPE00000000"]))
    assert response.status_code == 404
    assert "NOPE00000000" in response.content.decode()


def test_suspension_shows_on_the_verification_page_and_leaves_the_register(
    org, experts, secretariat, client
):
    world.decided(world.reviewed(world.submitted(org), *experts), secretariat.user)
    certificate = Certificate.objects.get()
    with pytest.raises(ValidationError):
        services.change_certificate_status(
            certificate, by=secretariat.user, status="suspended", reason="", expected=None
        )
    services.change_certificate_status(
        certificate,
        by=secretariat.user,
        status="suspended",
        reason="Complaint under examination.",
        expected=None,
    )
    page = client.get(
        reverse("certification:verify-code", args=[certificate.code])
    ).content.decode()
    assert "Complaint under examination." in page
    assert (
        "Maison des langues" not in client.get(reverse("certification:register")).content.decode()
    )


def test_an_appeal_after_thirty_days_is_refused(org, experts, secretariat):
    application = world.decided(
        world.reviewed(world.submitted(org), *experts), secretariat.user, outcome="refused"
    )
    rep = world.rep_of(org)
    late = timezone.localdate() + timedelta(days=31)
    with pytest.raises(ValidationError, match="30"):
        services.file_appeal(application, by=rep, grounds="Unfair.", today=late)
    assert not Appeal.objects.exists()
    appeal = services.file_appeal(
        application, by=rep, grounds="The visit was not taken into account."
    )
    with pytest.raises(ValidationError):
        services.handle_appeal(
            appeal, by=secretariat.user, outcome="upheld", reasons="Yes.", expected=None
        )
    other = world.person("other@secretariat.test", role=Role.SECRETARIAT)
    services.handle_appeal(
        appeal, by=other, outcome="upheld", reasons="The visit report was missed.", expected=None
    )
    application.refresh_from_db()
    assert application.status == Application.Status.IN_REVIEW


def test_reminders_at_90_and_30_days_are_sent_once(org, experts, secretariat):
    world.decided(world.reviewed(world.submitted(org), *experts), secretariat.user)
    certificate = Certificate.objects.get()
    day = certificate.valid_until - timedelta(days=80)
    assert services.send_expiry_reminders(day) == 1
    assert services.send_expiry_reminders(day) == 0
    assert services.send_expiry_reminders(certificate.valid_until - timedelta(days=20)) == 1


def test_renewal_starts_from_the_last_application(org, experts, secretariat):
    application = world.decided(world.reviewed(world.submitted(org), *experts), secretariat.user)
    renewal = services.start_renewal(application.certificate, by=world.rep_of(org))
    assert renewal.kind == "renewal" and renewal.answers == application.answers
    assert renewal.status == Application.Status.DRAFT


def test_an_invitation_gives_the_role_scoped_to_the_organisation(org, secretariat):
    invitation = services.invite_representative(
        org, by=secretariat.user, email="second@maison.test", full_name="Second", language="fr"
    )
    accept_invitation(
        Invitation.objects.get(pk=invitation.pk),
        full_name="Second",
        password="a long pass phrase 42",
    )
    row = Representative.objects.get(user__email="second@maison.test")
    assert row.organisation == org and row.grant.role == Role.NGO_REPRESENTATIVE
    assert row.grant.city is None


def test_complaints_get_a_reference_and_are_throttled(
    org, experts, secretariat, client, mailoutbox
):
    world.decided(world.reviewed(world.submitted(org), *experts), secretariat.user)
    url = reverse("certification:complaint-create")
    data = {
        "organisation": org.pk,
        "name": "A Resident",
        "email": "a@resident.test",
        "text": "They refused me.",
    }
    for _ in range(5):
        assert client.post(url, data).status_code == 200
    assert Complaint.objects.count() == 5
    assert client.post(url, data).status_code == 429
    assert Complaint.objects.count() == 5
    assert Complaint.objects.first().reference.startswith("C-")
    # Behind our proxy, each client is counted by its own address, not the proxy's.
    with override_settings(ICC_TRUSTED_PROXIES=1):
        other = client.post(url, data, HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert other.status_code == 200 and Complaint.objects.count() == 6


def test_withdrawal_keeps_the_application(org):
    rep = world.rep_of(org)
    application = services.start_application(org, by=rep)
    services.withdraw_application(application, by=rep)
    assert Application.objects.get(pk=application.pk).status == "withdrawn"
    assert Organisation.objects.count() == 1


def test_deferral_needs_actions_and_a_deadline(org, experts, secretariat):
    application = world.reviewed(world.submitted(org), *experts)
    services.name_commission_member(application, by=None, person=secretariat.user)
    with pytest.raises(ValidationError) as error:
        services.decide(
            application, by=secretariat.user, outcome="deferred", level="", reasons="Not yet."
        )
    assert {"required_actions", "deadline"} <= set(error.value.message_dict)
    assert Review.objects.count() == 2
    assert date.today()


def test_personal_data_export_and_erasure(org, experts, secretariat):
    from icc.certification.personal_data import erase_person, export_person

    world.decided(world.reviewed(world.submitted(org), *experts), secretariat.user)
    services.file_complaint(org, name="Ana", email="a@experts.test", text="Late.", language="en")
    exported = export_person(experts[0])
    assert exported["reviews"][0]["organisation"] == "Maison des langues"
    assert exported["complaints"][0]["text"] == "Late."
    erase_person(experts[0])
    assert Complaint.objects.get().email == "erased@invalid"
    assert export_person(world.rep_of(org))["represents"][0]["organisation"] == org.name


def test_an_upheld_appeal_leads_to_a_new_decision_and_the_same_certificate(
    org, experts, secretariat
):
    application = world.decided(world.reviewed(world.submitted(org), *experts), secretariat.user)
    code = application.certificate.code
    appeal = services.file_appeal(application, by=world.rep_of(org), grounds="We meet more.")
    other = world.person("second@secretariat.test", role=Role.SECRETARIAT)
    services.handle_appeal(appeal, by=other, outcome="upheld", reasons="Look again.", expected=None)
    services.decide(
        application, by=secretariat.user, outcome="certified", level="distinction", reasons="Yes."
    )
    certificate = Certificate.objects.get()
    assert certificate.code == code and certificate.level == "distinction"
    assert application.decisions.count() == 2


def test_the_mid_term_review_a_report_then_concerns_then_a_visit(org, experts, secretariat):
    application = world.decided(world.reviewed(world.submitted(org), *experts), secretariat.user)
    certificate = application.certificate
    with pytest.raises(ValidationError):
        services.record_midterm_visit(
            certificate, by=secretariat.user, visited_on=date(2027, 6, 1), report="Fine."
        )
    services.send_midterm_report(certificate, by=world.rep_of(org), report="Two new workshops.")
    services.raise_midterm_concerns(certificate, by=secretariat.user, concerns="Fewer members.")
    client = secretariat.client()
    response = client.post(
        reverse("certification:certificate-manage", args=[certificate.code]),
        {"action": "midterm_visit", "visited_on": "2027-06-01", "report": "Activity is back."},
    )
    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.midterm_visit_on == date(2027, 6, 1)


def test_withdrawing_the_role_ends_the_representation(org, secretariat):
    from icc.accounts.services import withdraw_role

    rep = world.rep_of(org)
    grant = org.representatives.get().grant
    withdraw_role(grant, withdrawn_by=secretariat.user, reason="Left the association.")
    assert not org.representatives.filter(revoked_at__isnull=True).exists()
    assert rep_client(rep).get(org.get_absolute_url()).status_code == 403
