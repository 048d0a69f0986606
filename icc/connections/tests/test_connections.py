"""Recommended peers from real Index results, and the life of a connection request."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation

from icc.connections import selectors, services
from icc.connections.models import ConnectionRequest, Invitation
from icc.connections.tests.conftest import publish_with_areas
from icc.index.results.selectors import latest_published_results
from icc.index.tests.factories import shipped_round
from icc.practices.tests.conftest import write_practice

pytestmark = pytest.mark.django_db


@pytest.fixture
def results(lyon, oslo, barcelona) -> None:
    """Lyon is weak in language; Oslo strong in it; Barcelona middling everywhere."""
    index_round = shipped_round(label="2024")
    publish_with_areas(index_round, lyon, 0.8, {"language": 0.1, "media": 0.2})
    publish_with_areas(index_round, oslo, 0.6, {"language": 1.0, "media": 0.95})
    publish_with_areas(index_round, barcelona, 0.5, {"language": 0.3})


def test_lyon_is_recommended_oslo_for_language_with_its_practices(
    results, lyon, oslo, barcelona
) -> None:
    scores = latest_published_results()
    assert scores[lyon.pk].areas["language"] < 30 < scores[oslo.pk].areas["language"]
    write_practice(oslo, en={"title": "Language cafés"}, areas=("language",), publish=True)
    with translation.override("en"):
        sections = {area: peers for area, _name, peers in selectors.recommendations_for(lyon)}
    assert "language" in sections and "media" in sections
    best = sections["language"][0]
    assert best.peer == oslo
    assert best.reason.startswith(
        f"Oslo scores {round(scores[oslo.pk].areas['language'])} in Language where you score"
    )
    assert [practice.title for practice in best.practices] == ["Language cafés"]


def test_a_city_without_results_gets_no_recommendation(lyon) -> None:
    assert selectors.recommendations_for(lyon) == []


def test_the_page_is_for_the_citys_people_only(
    results, lyon_coordinator, oslo_coordinator, lyon
) -> None:
    url = reverse("connections:recommendations", args=[lyon.slug])
    response = lyon_coordinator.client().get(url)
    assert response.status_code == 200 and "Oslo" in response.content.decode()
    assert oslo_coordinator.client().get(url).status_code == 403


def test_a_city_proposes_and_the_peer_accepts(
    lyon_coordinator, oslo_coordinator, lyon, oslo
) -> None:
    response = lyon_coordinator.client().post(
        reverse("connections:connection-create", args=[lyon.slug]),
        {"to_cities": [oslo.pk], "topic": "Language cafés", "message": "Shall we talk?"},
    )
    connection = ConnectionRequest.objects.get()
    assert response.status_code == 302 and connection.status == "proposed"
    client = oslo_coordinator.client()
    assert "Accept for Oslo" in client.get(connection.get_absolute_url()).content.decode()
    client.post(
        reverse("connections:connection-answer", args=[connection.pk]),
        {"city": oslo.pk, "accept": "1"},
    )
    connection.refresh_from_db()
    assert connection.status == "active"
    client.post(connection.get_absolute_url(), {"kind": "outcome", "text": "Lyon opens two cafés."})
    assert connection.log_entries.get().city == oslo
    response = lyon_coordinator.client().post(
        reverse("connections:study-visit-create", args=[connection.pk]),
        {
            "host": oslo.pk,
            "starts_on": "2026-03-02",
            "ends_on": "2026-03-04",
            "participants": "Camille Martin",
            "programme": "Visit the libraries.",
        },
    )
    assert response.status_code == 302 and connection.study_visits.get().host == oslo


def test_only_the_invited_city_answers(lyon_coordinator, lyon, oslo, barcelona) -> None:
    connection = services.propose_connection(
        proposed_by=None, from_city=lyon, to_cities=[oslo, barcelona], topic="Group"
    )
    response = lyon_coordinator.client().post(
        reverse("connections:connection-answer", args=[connection.pk]),
        {"city": oslo.pk, "accept": "1"},
    )
    assert response.status_code == 403
    assert connection.is_group


def test_a_group_is_declined_when_every_city_declines(lyon, oslo, barcelona) -> None:
    connection = services.propose_connection(
        proposed_by=None, from_city=lyon, to_cities=[oslo, barcelona], topic="Group"
    )
    services.answer_invitation(connection, city=oslo, accept=False, answered_by=None)
    assert connection.status == "proposed"
    services.answer_invitation(connection, city=barcelona, accept=False, answered_by=None)
    assert connection.status == "declined"
    assert set(Invitation.objects.values_list("answer", flat=True)) == {"declined"}


def test_outsiders_do_not_see_a_connection(lyon, oslo, reci_coordinator, barcelona) -> None:
    connection = services.propose_connection(
        proposed_by=None, from_city=lyon, to_cities=[oslo], topic="Private"
    )
    assert reci_coordinator.client().get(connection.get_absolute_url()).status_code == 404


def test_a_visit_cannot_end_before_it_starts(lyon, oslo) -> None:
    from django.core.exceptions import ValidationError

    connection = services.propose_connection(
        proposed_by=None, from_city=lyon, to_cities=[oslo], topic="Visit"
    )
    services.answer_invitation(connection, city=oslo, accept=True, answered_by=None)
    with pytest.raises(ValidationError):
        services.plan_study_visit(
            connection,
            planned_by=None,
            host=oslo,
            starts_on=date(2026, 3, 4),
            ends_on=date(2026, 3, 2),
            participants="x",
            programme="y",
        )


def test_the_demo_connections_load_once(lyon, oslo) -> None:
    import io

    from icc.connections import demo

    demo.load(io.StringIO())
    count = ConnectionRequest.objects.count()
    demo.load(io.StringIO())
    assert count == ConnectionRequest.objects.count() == 1
    connection = ConnectionRequest.objects.get()
    assert connection.is_demo and connection.status == "active"
    assert connection.study_visits.get().report


def test_a_suspended_city_cannot_propose_a_connection(lyon, lyon_coordinator, secretariat):
    from datetime import date

    from icc.connections.permissions import can_propose_connection
    from icc.network.services import change_city_status

    assert can_propose_connection(lyon_coordinator.user, lyon)
    change_city_status(
        lyon,
        to="suspended",
        reason="Fees unpaid",
        changed_on=date(2026, 1, 1),
        changed_by=secretariat.user,
    )
    lyon.refresh_from_db()
    assert not can_propose_connection(lyon_coordinator.user, lyon)
