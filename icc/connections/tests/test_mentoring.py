"""Mentoring from pilot cities: matching, proposals, answers, agreements, check-ins, closure."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from conftest import Persona, make_person
from icc.accounts.models import Notification, Role
from icc.accounts.services import grant_role
from icc.connections.mentoring import closure, selectors, services
from icc.connections.models import CheckIn, Goal, Scheme, SchemeMember
from icc.connections.tests.conftest import publish_with_areas
from icc.core.models import Activity
from icc.index.tests.factories import shipped_round
from icc.network import services as network_services
from icc.network.models import City

pytestmark = pytest.mark.django_db


@pytest.fixture
def results(lyon, oslo, barcelona) -> None:
    """Lyon is weak in language and media; Barcelona and Oslo strong in language."""
    index_round = shipped_round(label="2024")
    publish_with_areas(index_round, lyon, 0.7, {"language": 0.3, "media": 0.2})
    publish_with_areas(index_round, oslo, 0.6, {"language": 0.9, "media": 0.5})
    publish_with_areas(index_round, barcelona, 0.6, {"language": 1.0, "media": 0.9})


@pytest.fixture
def mentors(results, lyon, oslo, barcelona) -> None:
    services.save_mentor(
        barcelona, saved_by=None, areas=["language", "media"], languages=["es", "fr"], capacity=1
    )
    services.save_mentor(oslo, saved_by=None, areas=["language"], languages=["nb"], capacity=2)


@pytest.fixture
def barcelona_coordinator(barcelona) -> Persona:
    user = make_person("coordinator@barcelona.test", full_name="Jordi Puig")
    grant_role(user, Role.CITY_COORDINATOR, granted_by=None, city=barcelona)
    return Persona("barcelona_coordinator", user)


@pytest.fixture
def pair(mentors, secretariat, lyon, barcelona) -> Scheme:
    """Barcelona mentors Lyon: proposed by the secretariat, not yet answered."""
    return services.propose_scheme(
        proposed_by=secretariat.user, title="Language", mentors=[barcelona], mentees=[lyon]
    )


@pytest.fixture
def active(pair, lyon, barcelona) -> Scheme:
    services.answer_scheme(pair, city=lyon, accept=True, answered_by=None)
    return services.answer_scheme(pair, city=barcelona, accept=True, answered_by=None)


def test_proposals_rank_the_mentor_strong_where_the_mentee_is_weakest(
    mentors, lyon, barcelona, oslo
) -> None:
    with translation.override("en"):
        proposals = selectors.mentor_proposals(lyon)
    assert [p.mentor for p in proposals] == [barcelona, oslo]
    reasons = proposals[0].reasons
    assert reasons[0].startswith("Strong where Lyon is weakest (")
    assert "Language: 100 against 25" in reasons[0]
    assert "A shared working language: French." in reasons
    assert reasons[-1] == "Can take 1 more mentee."


def test_a_mentor_without_a_free_place_is_not_proposed(pair, lyon, oslo) -> None:
    assert [p.mentor for p in selectors.mentor_proposals(lyon)] == [oslo]


def test_mentor_areas_are_proposed_from_published_results(results, barcelona) -> None:
    assert selectors.suggested_mentor_areas(barcelona)[:2] == ["language", "media"]


def test_the_secretariat_proposes_and_both_accept_one_in_french(
    mentors, secretariat, lyon_coordinator, barcelona_coordinator, lyon, barcelona
) -> None:
    response = secretariat.client().post(
        reverse("connections:scheme-create"),
        {"kind": "pair", "title": "Language", "mentors": [barcelona.pk], "mentees": [lyon.pk]},
    )
    scheme = Scheme.objects.get()
    assert response.status_code == 302 and response.url == scheme.get_absolute_url()
    assert Notification.objects.filter(recipient=lyon_coordinator.user).exists()
    with translation.override("fr"):
        url = reverse("connections:scheme-answer", args=[scheme.pk])
    lyon_coordinator.client().post(url, {"city": lyon.pk, "accept": "1"})
    barcelona_coordinator.client().post(
        reverse("connections:scheme-answer", args=[scheme.pk]),
        {"city": barcelona.pk, "accept": "1"},
    )
    scheme.refresh_from_db()
    assert scheme.status == Scheme.Status.ACTIVE and scheme.starts_on == timezone.localdate()
    assert scheme.connection is not None and scheme.connection.study_visits.count() == 0
    assert Activity.objects.about(lyon).filter(verb="mentoring.accepted").exists()


def test_a_decline_needs_a_reason_and_ends_a_pair(pair, lyon) -> None:
    with pytest.raises(ValidationError):
        services.answer_scheme(pair, city=lyon, accept=False, reason=" ", answered_by=None)
    assert SchemeMember.objects.get(city=lyon).answer == SchemeMember.Answer.PENDING
    services.answer_scheme(pair, city=lyon, accept=False, reason="Not now", answered_by=None)
    pair.refresh_from_db()
    assert pair.status == Scheme.Status.DECLINED
    assert SchemeMember.objects.get(city=lyon).answer_reason == "Not now"


def test_a_suspended_city_cannot_start_a_pair(mentors, lyon, barcelona) -> None:
    network_services.change_city_status(
        lyon,
        to=City.Status.SUSPENDED,
        reason="Fees",
        changed_on=timezone.localdate(),
        changed_by=None,
    )
    with pytest.raises(ValidationError, match="may not act"):
        services.propose_scheme(proposed_by=None, title="X", mentors=[barcelona], mentees=[lyon])
    assert not Scheme.objects.exists()


def test_a_mentor_over_capacity_and_an_overlapping_pair_are_refused(
    pair, lyon, oslo, barcelona
) -> None:
    with pytest.raises(ValidationError, match="no place is free"):
        services.propose_scheme(proposed_by=None, title="Y", mentors=[barcelona], mentees=[oslo])
    services.save_mentor(
        barcelona, saved_by=None, areas=["language"], languages=["es"], capacity=3, version=0
    )
    with pytest.raises(ValidationError, match="already together"):
        services.propose_scheme(proposed_by=None, title="Z", mentors=[barcelona], mentees=[lyon])
    assert Scheme.objects.count() == 1


def test_a_stale_pilot_city_form_is_refused(mentors, barcelona) -> None:
    from icc.core.versions import VersionConflict

    with pytest.raises(VersionConflict):
        services.save_mentor(
            barcelona, saved_by=None, areas=["language"], languages=[], capacity=4, version=7
        )
    assert barcelona.mentor_profile.capacity == 1


def test_a_goal_starts_from_the_published_baseline_and_refuses_a_lower_target(
    active, lyon, lyon_coordinator
) -> None:
    result = selectors.published_area_scores(lyon)
    assert result is not None
    baseline = result.areas["language"]
    url = reverse("connections:goal-create", args=[active.pk])
    client = lyon_coordinator.client()
    response = client.post(url, {"mentee": lyon.pk, "area": "language", "target": "1"})
    assert response.status_code == 200
    assert "cannot be below the baseline" in response.content.decode()
    assert not Goal.objects.exists()
    response = client.post(url, {"mentee": lyon.pk, "area": "language", "target": "60"})
    assert response.status_code == 302
    goal = Goal.objects.get()
    assert goal.baseline == baseline and goal.target == Decimal(60)
    assert goal.baseline_round_label == "2024"


def test_both_coordinators_sign_and_the_agreement_is_fixed(
    active, lyon, barcelona, lyon_coordinator, barcelona_coordinator
) -> None:
    services.add_goal(active, added_by=None, mentee=lyon, area="language", target=Decimal(60))
    services.add_milestone(active, added_by=None, title="Plan", due_on=date(2030, 1, 1), owner=lyon)
    for persona, city in ((lyon_coordinator, lyon), (barcelona_coordinator, barcelona)):
        persona.client().post(
            reverse("connections:agreement-sign", args=[active.pk]), {"city": city.pk}
        )
    assert all(m.signed_at for m in active.members.all())
    assert SchemeMember.objects.get(city=lyon).signed_by == lyon_coordinator.user
    with pytest.raises(ValidationError, match="can no longer change"):
        services.add_goal(active, added_by=None, mentee=lyon, area="media", target=Decimal(60))


def test_a_check_in_in_the_future_is_refused_and_one_today_ends_a_stall(
    active, lyon_coordinator
) -> None:
    url = reverse("connections:checkin-create", args=[active.pk])
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = lyon_coordinator.client().post(url, {"held_on": tomorrow, "notes": "Soon"})
    assert "cannot be dated in the future" in response.content.decode()
    assert not CheckIn.objects.exists()
    Scheme.objects.filter(pk=active.pk).update(is_stalled=True)
    response = lyon_coordinator.client().post(
        url, {"held_on": timezone.localdate(), "notes": "Met online"}
    )
    assert response.status_code == 302
    active.refresh_from_db()
    assert not active.is_stalled and active.last_checkin_on == timezone.localdate()


def test_the_daily_job_flags_a_scheme_quiet_for_60_days(active) -> None:
    today = timezone.localdate()
    assert services.flag_stalled_schemes(today + timedelta(days=60)) == 0
    assert services.flag_stalled_schemes(today + timedelta(days=61)) == 1
    active.refresh_from_db()
    assert active.is_stalled and active.stalled_since == today + timedelta(days=61)
    assert services.flag_stalled_schemes(today + timedelta(days=62)) == 0
    assert [s.pk for s in selectors.stalled_schemes()] == [active.pk]


def test_milestone_reminders_are_sent_once(active, lyon, lyon_coordinator) -> None:
    today = timezone.localdate()
    services.add_milestone(
        active, added_by=None, title="Plan", due_on=today + timedelta(days=5), owner=lyon
    )
    assert services.send_milestone_reminders(today) == 1
    assert services.send_milestone_reminders(today) == 0
    notification = Notification.objects.get(recipient=lyon_coordinator.user)
    assert notification.kind == "mentoring.milestone_due"


def test_who_reads_and_who_writes_a_scheme(
    active, lyon_coordinator, lyon_editor, oslo_coordinator, reci_coordinator, expert, visitor
) -> None:
    detail = reverse("connections:scheme-detail", args=[active.pk])
    checkin = reverse("connections:checkin-create", args=[active.pk])
    for persona in (lyon_coordinator, lyon_editor, reci_coordinator):
        assert persona.client().get(detail).status_code == 200
    for persona in (oslo_coordinator, expert):
        assert persona.client().get(detail).status_code == 404
    assert visitor.client().get(detail).status_code == 302
    assert lyon_coordinator.client().get(checkin).status_code == 200
    assert lyon_editor.client().get(checkin).status_code == 403
    assert reci_coordinator.client().get(checkin).status_code == 403


def _close(scheme: Scheme, lyon: City, barcelona: City) -> Scheme:
    for city in (lyon, barcelona):
        closure.evaluate_scheme(
            scheme,
            city=city,
            evaluated_by=None,
            goals_met="partly",
            what_worked="Visits",
            what_to_change="More time",
        )
    scheme.refresh_from_db()
    return scheme


def test_evaluations_close_the_scheme_and_the_report_is_public_once_both_publish(
    active, lyon, barcelona, lyon_coordinator, barcelona_coordinator, visitor
) -> None:
    services.add_goal(active, added_by=None, mentee=lyon, area="language", target=Decimal(60))
    scheme = _close(active, lyon, barcelona)
    assert scheme.status == Scheme.Status.CLOSED
    assert scheme.connection is not None and scheme.connection.status == "closed"
    report = reverse("connections:closing-report", args=[scheme.pk])
    assert visitor.client().get(report).status_code == 404
    assert lyon_coordinator.client().get(report).status_code == 200
    publish = reverse("connections:report-publish", args=[scheme.pk])
    lyon_coordinator.client().post(publish, {"city": lyon.pk})
    assert visitor.client().get(report).status_code == 404
    barcelona_coordinator.client().post(publish, {"city": barcelona.pk})
    page = visitor.client().get(report)
    assert page.status_code == 200 and "More time" in page.content.decode()


def test_the_next_published_result_shows_on_the_goals(active, lyon, barcelona) -> None:
    goal = services.add_goal(
        active, added_by=None, mentee=lyon, area="language", target=Decimal(40)
    )
    assert selectors.goal_rows(active)[0].new_score is None
    later = shipped_round(label="2026", opens_on=date(2026, 1, 1))
    publish_with_areas(later, lyon, 0.7, {"language": 0.6, "media": 0.2})
    row = selectors.goal_rows(active)[0]
    assert row.new_score is not None and row.new_score > goal.baseline
    assert row.new_round_label == "2026" and row.reached


def test_an_outcome_becomes_a_draft_practice_of_the_mentee(
    active, lyon, barcelona, lyon_coordinator
) -> None:
    services.add_goal(active, added_by=None, mentee=lyon, area="language", target=Decimal(40))
    scheme = _close(active, lyon, barcelona)
    url = reverse("connections:practice-draft", args=[scheme.pk, lyon.slug])
    page = lyon_coordinator.client().get(url)
    assert page.status_code == 200 and "Visits" in page.content.decode()
    response = lyon_coordinator.client().post(url, {"title": "Language tables", "summary": "S"})
    assert response.status_code == 302
    from icc.practices.models import Practice

    practice = Practice.objects.get()
    assert practice.city == lyon and practice.status == Practice.Status.DRAFT
    assert list(practice.area_links.values_list("area", flat=True)) == ["language"]


def test_the_closing_report_prints_as_a_pdf_in_french(
    active, lyon, barcelona, lyon_coordinator
) -> None:
    from io import BytesIO

    from pypdf import PdfReader

    scheme = _close(active, lyon, barcelona)
    with translation.override("fr"):
        url = reverse("connections:closing-report", args=[scheme.pk])
    response = lyon_coordinator.client().get(url + "?format=pdf")
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(BytesIO(response.content)).pages)
    assert "Rapport de clôture" in text and "Visits" in text


def test_the_dashboard_shows_the_stalled_scheme(active, secretariat) -> None:
    services.flag_stalled_schemes(timezone.localdate() + timedelta(days=61))
    page = secretariat.client().get(reverse("commitment:dashboard")).content.decode()
    assert "Stalled: no check-in for 60 days" in page and "Language" in page


def test_a_themed_group_goes_on_when_one_mentee_declines(mentors, lyon, oslo, barcelona) -> None:
    paris = network_services.create_city(
        created_by=None,
        name="Paris",
        slug="paris",
        country="FR",
        status=City.Status.MEMBER,
        joined_on="2016-09-01",
    )
    services.save_mentor(
        barcelona, saved_by=None, areas=["language"], languages=[], capacity=3, version=0
    )
    group = services.propose_scheme(
        proposed_by=None,
        title="Anti-rumour strategies",
        kind=Scheme.Kind.GROUP,
        mentors=[barcelona, oslo],
        mentees=[lyon, paris],
        benchmark="- A trained network of agents",
    )
    services.answer_scheme(group, city=paris, accept=False, reason="Elections", answered_by=None)
    for city in (lyon, barcelona):
        services.answer_scheme(group, city=city, accept=True, answered_by=None)
    group.refresh_from_db()
    assert group.status == Scheme.Status.PROPOSED
    services.answer_scheme(group, city=oslo, accept=True, answered_by=None)
    group.refresh_from_db()
    assert group.status == Scheme.Status.ACTIVE
    assert group.connection is not None
    assert {i.city for i in group.connection.invitations.all()} == {barcelona, oslo}


def test_a_check_in_document_is_for_the_schemes_readers(
    active, lyon_coordinator, oslo_coordinator, reci_coordinator
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = reverse("connections:checkin-create", args=[active.pk])
    upload = SimpleUploadedFile("notes.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    lyon_coordinator.client().post(
        url, {"held_on": timezone.localdate(), "notes": "Met", "document": upload}
    )
    check_in = CheckIn.objects.get()
    assert check_in.document
    from icc.core.downloads import download_url

    link = download_url(check_in.document)
    assert reci_coordinator.client().get(link).status_code == 200
    assert oslo_coordinator.client().get(link).status_code in (403, 404)


def test_the_effect_page_makes_no_claim_under_five_cities(active, lyon, barcelona, secretariat):
    services.add_goal(active, added_by=None, mentee=lyon, area="language", target=Decimal(40))
    _close(active, lyon, barcelona)
    publish_with_areas(
        shipped_round(label="2026", opens_on=date(2026, 1, 1)), lyon, 0.7, {"language": 0.6}
    )
    effect = selectors.closed_scheme_effect()
    assert effect.mentored.cities == 1 and effect.mentored.mean is not None
    assert not effect.mentored.is_claim
    page = secretariat.client().get(reverse("connections:mentoring-effect")).content.decode()
    assert "Too few cities to say (under 5)" in page


def test_the_secretariat_attaches_a_national_network_whose_coordinator_then_reads(
    active, lyon, reci, secretariat, reci_coordinator, lyon_coordinator
) -> None:
    member = SchemeMember.objects.get(scheme=active, city=lyon)
    url = reverse("connections:member-network", args=[member.pk])
    assert lyon_coordinator.client().post(url, {"national_network": reci.pk}).status_code == 403
    SchemeMember.objects.filter(scheme=active).exclude(city=lyon).update(national_network=None)
    detail = reverse("connections:scheme-detail", args=[active.pk])
    assert reci_coordinator.client().get(detail).status_code == 404
    assert secretariat.client().post(url, {"national_network": reci.pk}).status_code == 302
    assert reci_coordinator.client().get(detail).status_code == 200
    assert Activity.objects.about(lyon).filter(verb="mentoring.network_attached").exists()
