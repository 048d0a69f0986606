"""Agreed scores before the decision, the visit report first, a deferred file resubmitted on
the same application, and the daily reminders of what is overdue."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from icc.accounts.models import Notification, Role
from icc.certification import services
from icc.certification.models import (
    Appeal,
    Application,
    Complaint,
    Decision,
    Reconciliation,
    Review,
)
from icc.certification.tests import world


@pytest.fixture
def org(lyon):
    return world.organisation(lyon, name="Maison des langues", rep_email="rep@maison.test")


@pytest.fixture
def experts(db):
    return (
        world.person("a@experts.test", name="Ana Reviewer", role=Role.EXPERT),
        world.person("b@experts.test", name="Ben Reviewer", language="fr", role=Role.EXPERT),
    )


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _decide(application, decider, **extra):
    return services.decide(
        application,
        by=decider,
        outcome=extra.pop("outcome", "certified"),
        level=extra.pop("level", "certified"),
        reasons="The evidence shows it.",
        **extra,
    )


def test_the_commission_waits_for_the_agreed_scores_and_the_visit_report(org, experts, secretariat):
    application = world.reviewed(world.submitted(org), *experts, options=("met", "partly"))
    services.name_commission_member(application, by=None, person=secretariat.user)
    assert application.reconciliation is None  # the reviews differ: no agreement by itself
    # The first reviewer is told (the second, who just submitted, sees it on the page).
    assert Notification.objects.filter(kind="certification.review.reconcile").count() == 1
    with pytest.raises(ValidationError) as error:
        _decide(application, secretariat.user)
    assert "agreed scores" in str(error.value) and "visit report" in str(error.value)
    assert not Decision.objects.exists()

    # A reason is needed wherever the reviews differ; nothing is kept without it.
    with pytest.raises(ValidationError, match="reason"):
        services.reconcile(
            application,
            by=experts[0],
            answers=world.all_answers("met"),
            reasons={},
            expected=None,
        )
    assert not Reconciliation.objects.exists()
    with pytest.raises(ValidationError, match="every criterion"):
        services.reconcile(application, by=experts[0], answers={}, reasons={}, expected=None)
    differing = services.disagreements(application)
    assert len(differing) == 10
    agreed = services.reconcile(
        application,
        by=experts[0],
        answers=world.all_answers("met"),
        reasons=dict.fromkeys(differing, "The visit showed the plan in use."),
        expected=None,
    )
    assert agreed.score == 100 and agreed.level == "distinction" and not agreed.automatic
    assert set(agreed.reviews) == {str(r.pk) for r in application.reviews.all()}

    with pytest.raises(ValidationError, match="visit report"):
        _decide(application, secretariat.user)
    world.visited(application)
    _decide(application, secretariat.user)
    assert Application.objects.get(pk=application.pk).status == Application.Status.DECIDED


def test_reviews_that_agree_everywhere_record_the_agreement_themselves(org, experts):
    application = world.reviewed(world.submitted(org), *experts)
    agreed = application.reconciliation
    assert agreed is not None and agreed.automatic and agreed.reasons == {}
    assert agreed.answers == world.all_answers("met")


def test_the_reviewers_record_the_agreed_scores_on_their_page(org, experts, secretariat):
    application = world.reviewed(world.submitted(org), *experts, options=("met", "partly"))
    url = reverse("certification:reconcile", args=[application.pk])
    client = _client(experts[1])
    page = client.get(url).content.decode()
    assert "reason-" in page
    data = {f"agreed-{key}": "partly" for key in world.all_answers()}
    response = client.post(url, data)  # no reasons: refused, nothing saved
    assert response.status_code == 200 and not Reconciliation.objects.exists()
    data |= {f"reason-{key}": "Half of it is in place." for key in world.all_answers()}
    response = client.post(url, data)
    assert response.status_code == 302
    assert Reconciliation.objects.get().answers == world.all_answers("partly")
    # The representative and a commission member do not reconcile.
    assert _client(world.rep_of(org)).get(url).status_code == 403


def test_a_deferred_file_comes_back_on_the_same_application(org, experts, secretariat):
    application = world.decided(
        world.reviewed(world.submitted(org), *experts), secretariat.user, outcome="deferred"
    )
    rep = world.rep_of(org)
    client = _client(rep)
    detail = client.get(application.get_absolute_url()).content.decode()
    assert reverse("certification:application-reopen", args=[application.pk]) in detail
    response = client.post(reverse("certification:application-reopen", args=[application.pk]))
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Application.Status.DRAFT
    assert (
        "Adopt an evaluation plan."
        in client.get(
            reverse("certification:application-edit", args=[application.pk])
        ).content.decode()
    )
    services.submit_application(application, by=rep, expected=None)
    application.refresh_from_db()
    assert application.status == Application.Status.IN_REVIEW
    assert application.review_round == 2
    assert set(application.reviews.values_list("status", flat=True)) == {Review.Status.DECLARED}
    assert application.reconciliation is None
    assert Reconciliation.objects.filter(application=application, round=1).exists()
    assert Notification.objects.filter(kind="certification.review.resubmitted").count() == 2
    for review, reviewer in zip(application.reviews.all(), experts, strict=True):
        services.save_review(
            review,
            by=reviewer,
            answers=world.all_answers("met"),
            comments={},
            submit=True,
            expected=None,
        )
    _decide(application, secretariat.user)
    application.refresh_from_db()
    assert application.decisions.count() == 2 and application.certificate.level == "certified"


def test_only_a_deferred_file_is_taken_up_again(org, experts, secretariat):
    application = world.decided(world.reviewed(world.submitted(org), *experts), secretariat.user)
    with pytest.raises(ValidationError):
        services.reopen_deferred(application, by=world.rep_of(org), expected=None)
    assert (
        _client(world.rep_of(org))
        .post(reverse("certification:application-reopen", args=[application.pk]))
        .status_code
        == 403
    )


def test_overdue_complaints_appeals_and_actions_are_reminded_once_per_period(
    org, experts, secretariat, django_capture_on_commit_callbacks
):
    application = world.decided(
        world.reviewed(world.submitted(org), *experts), secretariat.user, outcome="deferred"
    )
    services.file_appeal(application, by=world.rep_of(org), grounds="Look again.")
    other = world.person("second@secretariat.test", language="fr", role=Role.SECRETARIAT)
    services.file_complaint(org, name="A", email="a@b.test", text="Closed.", language="en")
    Decision.objects.update(deadline=date(2026, 1, 10))
    Complaint.objects.update(due_on=date(2026, 1, 10))
    Appeal.objects.update(due_on=date(2026, 1, 10))
    day = date(2026, 1, 12)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_overdue_reminders(day) == 3
    assert services.send_overdue_reminders(day + timedelta(days=3)) == 0
    assert services.send_overdue_reminders(day + timedelta(days=7)) == 3
    kinds = Notification.objects.filter(recipient=other).values_list("kind", flat=True)
    # The secretariat member who sat on the commission is not the one to handle it.
    assert sorted(set(kinds)) == [
        "certification.appeal.overdue",
        "certification.complaint.overdue",
        "certification.deferral.overdue",
    ]
    assert not Notification.objects.filter(
        recipient=secretariat.user, kind="certification.complaint.overdue"
    ).exists()
    assert Notification.objects.filter(
        recipient=world.rep_of(org), kind="certification.deferral.overdue"
    ).exists()
    # Mail in the recipient's language.
    french = [m for m in mail.outbox if m.to == [other.email]]
    assert french and any("devait être traitée" in m.body for m in french)
    # Past the reminders' span for required actions, only the complaint and appeal remain.
    late = date(2026, 1, 10) + timedelta(days=services.DEFERRAL_REMINDER_DAYS + 1)
    assert services.send_overdue_reminders(late) == 2
    assert timezone.now()


def test_the_decision_sets_the_validity_within_three_to_five_years(org, experts, secretariat):
    application = world.visited(world.reviewed(world.submitted(org), *experts))
    services.name_commission_member(application, by=None, person=secretariat.user)
    with pytest.raises(ValidationError) as error:
        _decide(application, secretariat.user, validity_years=7)
    assert "validity_years" in error.value.message_dict
    assert not Decision.objects.exists()
    _decide(application, secretariat.user, validity_years=5)
    certificate = Application.objects.get(pk=application.pk).certificate
    assert certificate.valid_until.year == certificate.issued_on.year + 5


def test_the_decision_reaches_the_organisation_in_its_own_language(org, experts, secretariat):
    from django.utils import translation

    from icc.accounts.notifications import render_message

    with translation.override("en"):  # the commission works in English
        world.decided(world.reviewed(world.submitted(org), *experts), secretariat.user)
    notification = Notification.objects.get(
        recipient=world.rep_of(org), kind="certification.decision.made"
    )
    assert "Certifiée" in render_message(notification, "fr")
    assert "Certified" in render_message(notification, "en")


def test_the_desk_shows_what_each_file_waits_for_and_what_is_overdue(org, experts, secretariat):
    application = world.reviewed(world.submitted(org), *experts, options=("met", "partly"))
    client = Client()
    client.force_login(secretariat.user)
    page = client.get(reverse("certification:desk")).content.decode()
    assert "Agreed scores" in page
    world.reconciled(application)
    page = client.get(reverse("certification:desk")).content.decode()
    assert "Visit report" in page
    services.file_complaint(org, name="A", email="a@b.test", text="Closed.", language="en")
    Complaint.objects.update(due_on=date(2020, 1, 1))
    assert "Overdue" in client.get(reverse("certification:desk")).content.decode()
