"""Changing a study visit and writing its report: who may, what is kept, what is shown."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from icc.connections import services
from icc.connections.models import StudyVisit
from icc.core.models import Activity

pytestmark = pytest.mark.django_db

CHANGE = {
    "starts_on": "2026-03-09",
    "ends_on": "2026-03-11",
    "participants": "Camille Martin\nIngrid Berg",
    "programme": "Libraries on Monday, schools on Tuesday.",
}


@pytest.fixture
def visit(lyon, oslo) -> StudyVisit:
    """Lyon's connection with Oslo, accepted, with a visit to Oslo last March."""
    connection = services.propose_connection(
        proposed_by=None, from_city=lyon, to_cities=[oslo], topic="Language cafés"
    )
    services.answer_invitation(connection, city=oslo, accept=True, answered_by=None)
    return services.plan_study_visit(
        connection,
        planned_by=None,
        host=oslo,
        starts_on=date(2026, 3, 2),
        ends_on=date(2026, 3, 4),
        participants="Camille Martin",
        programme="Visit the libraries.",
    )


def edit_url(visit: StudyVisit) -> str:
    return reverse("connections:study-visit-edit", args=[visit.pk])


def report_url(visit: StudyVisit) -> str:
    return reverse("connections:study-visit-report", args=[visit.pk])


def test_a_participant_changes_the_visit_and_it_is_logged(visit, lyon_coordinator) -> None:
    client = lyon_coordinator.client()
    detail = client.get(visit.request.get_absolute_url()).content.decode()
    assert "Change the visit to Oslo" in detail and "Write the report of the visit" in detail
    assert "Visit the libraries." in client.get(edit_url(visit)).content.decode()
    response = client.post(edit_url(visit), {"host": visit.host_id, **CHANGE})
    assert response.status_code == 302
    visit.refresh_from_db()
    assert (visit.starts_on, visit.ends_on) == (date(2026, 3, 9), date(2026, 3, 11))
    assert visit.participants == "Camille Martin\nIngrid Berg"
    entry = Activity.objects.about(visit.request).get(verb="connection.visit_changed")
    assert entry.actor == lyon_coordinator.user
    assert set(entry.changes) == {"starts_on", "ends_on", "participants", "programme"}


def test_the_host_city_and_the_secretariat_may_change_the_visit(
    visit, oslo_coordinator, secretariat
) -> None:
    for persona in (oslo_coordinator, secretariat):
        assert persona.client().get(edit_url(visit)).status_code == 200
        assert persona.client().get(report_url(visit)).status_code == 200
    response = secretariat.client().post(
        edit_url(visit), {"host": visit.request.from_city_id, **CHANGE}
    )
    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.host == visit.request.from_city


def test_others_are_refused_and_nothing_changes(visit, reci_coordinator, expert) -> None:
    for persona in (reci_coordinator, expert):
        client = persona.client()
        assert client.get(edit_url(visit)).status_code == 403
        assert client.post(edit_url(visit), {"host": visit.host_id, **CHANGE}).status_code == 403
        assert client.post(report_url(visit), {"report": "Sneaky"}).status_code == 403
    visit.refresh_from_db()
    assert visit.starts_on == date(2026, 3, 2) and visit.report == ""
    assert not Activity.objects.filter(
        verb__in=["connection.visit_changed", "connection.visit_reported"]
    )


def test_visitors_are_sent_to_sign_in(visit, client) -> None:
    assert client.get(edit_url(visit)).status_code == 302
    assert client.get(report_url(visit)).status_code == 302


def test_a_city_still_waiting_to_answer_is_refused(lyon, oslo, barcelona, oslo_coordinator) -> None:
    connection = services.propose_connection(
        proposed_by=None, from_city=lyon, to_cities=[oslo, barcelona], topic="Group"
    )
    services.answer_invitation(connection, city=barcelona, accept=True, answered_by=None)
    visit = services.plan_study_visit(
        connection,
        planned_by=None,
        host=barcelona,
        starts_on=date(2026, 3, 2),
        ends_on=date(2026, 3, 2),
        participants="x",
        programme="y",
    )
    client = oslo_coordinator.client()
    assert client.get(edit_url(visit)).status_code == 403
    assert "Change the visit" not in client.get(connection.get_absolute_url()).content.decode()


def test_a_suspended_city_cannot_change_its_visit(
    visit, oslo, oslo_coordinator, secretariat
) -> None:
    from icc.network.services import change_city_status

    change_city_status(
        oslo,
        to="suspended",
        reason="Fees unpaid",
        changed_on=date(2026, 1, 1),
        changed_by=secretariat.user,
    )
    client = oslo_coordinator.client()
    assert client.get(edit_url(visit)).status_code == 403
    assert client.post(report_url(visit), {"report": "Done."}).status_code == 403
    # Its people still read the connection.
    assert client.get(visit.request.get_absolute_url()).status_code == 200


def test_the_host_must_take_part(visit, barcelona, lyon_coordinator) -> None:
    response = lyon_coordinator.client().post(edit_url(visit), {"host": barcelona.pk, **CHANGE})
    assert response.status_code == 200 and "host" in response.context["form"].errors
    visit.refresh_from_db()
    assert visit.host != barcelona


def test_a_visit_cannot_be_changed_to_end_before_it_starts(visit, lyon_coordinator) -> None:
    data = {"host": visit.host_id, **CHANGE, "ends_on": "2026-03-01"}
    response = lyon_coordinator.client().post(edit_url(visit), data)
    assert response.status_code == 200 and response.context["form"].errors
    visit.refresh_from_db()
    assert visit.ends_on == date(2026, 3, 4)


def test_the_report_is_markdown_shown_without_script(visit, oslo_coordinator) -> None:
    client = oslo_coordinator.client()
    report = "**Two cafés open.**\n\n<script>alert(1)</script><img src=x onerror=alert(2)>"
    response = client.post(report_url(visit), {"report": report})
    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.report == report
    page = client.get(visit.request.get_absolute_url()).content.decode()
    assert "<strong>Two cafés open.</strong>" in page
    assert "<script>alert" not in page and "onerror" not in page
    entry = Activity.objects.about(visit.request).get(verb="connection.visit_reported")
    assert entry.actor == oslo_coordinator.user


def test_the_report_waits_for_the_visit_to_begin(visit, lyon_coordinator) -> None:
    later = timezone.localdate() + timedelta(days=30)
    services.change_study_visit(
        visit,
        changed_by=None,
        host=visit.host,
        starts_on=later,
        ends_on=later,
        participants=visit.participants,
        programme=visit.programme,
    )
    response = lyon_coordinator.client().post(report_url(visit), {"report": "Too early."})
    assert response.status_code == 200 and "report" in response.context["form"].errors
    visit.refresh_from_db()
    assert visit.report == ""


def test_an_unchanged_visit_records_nothing(visit) -> None:
    services.change_study_visit(
        visit,
        changed_by=None,
        host=visit.host,
        starts_on=visit.starts_on,
        ends_on=visit.ends_on,
        participants=visit.participants,
        programme=visit.programme,
    )
    assert not Activity.objects.filter(verb="connection.visit_changed").exists()


def test_an_unknown_visit_is_not_found(lyon_coordinator) -> None:
    assert lyon_coordinator.client().get(edit_url(StudyVisit(pk=999))).status_code == 404
