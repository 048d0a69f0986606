"""Who manages which event, who reads drafts, for every persona: allowed and refused."""

from datetime import date

import pytest

from icc.events import permissions
from icc.events.models import Event
from icc.events.tests.conftest import plan_event

pytestmark = pytest.mark.django_db

READERS_ONLY = ["lyon_coordinator", "lyon_editor", "oslo_coordinator", "expert", "visitor"]


@pytest.fixture
def events(personas, reci):
    from icc.network import services as network_services

    other = network_services.create_national_network(
        created_by=None, name="UK network", slug="uk", country="GB"
    )
    return {
        "network": plan_event("Annual meeting", date(2027, 11, 25)),
        "network-draft": plan_event("Next academy", date(2027, 9, 1), publish=False),
        "reci-draft": plan_event(
            "RECI day", date(2027, 5, 12), publish=False, national_network=reci
        ),
        "uk-draft": plan_event("UK day", date(2027, 5, 13), publish=False, national_network=other),
    }


def test_the_secretariat_manages_every_event(personas, events):
    user = personas["secretariat"].user

    assert permissions.can_create_events(user)
    assert permissions.can_manage_events_for(user, None)
    assert all(permissions.can_manage_event(user, event) for event in events.values())
    assert permissions.get_events_for_list(user).count() == 4


def test_a_network_coordinator_manages_the_events_of_that_network_only(personas, events, reci):
    user = personas["reci_coordinator"].user

    assert permissions.can_create_events(user)
    assert permissions.can_manage_events_for(user, reci)
    assert not permissions.can_manage_events_for(user, None)
    assert permissions.can_manage_event(user, events["reci-draft"])
    assert not permissions.can_manage_event(user, events["network"])
    assert not permissions.can_manage_event(user, events["uk-draft"])
    assert not permissions.can_view_event(user, events["uk-draft"])
    assert list(permissions.get_networks_to_manage(user)) == [reci]
    listed = {str(event) for event in permissions.get_events_for_list(user)}
    assert listed == {"Annual meeting", "RECI day"}


@pytest.mark.parametrize("name", READERS_ONLY)
def test_others_read_published_events_and_manage_none(personas, events, name):
    user = personas[name].user

    assert not permissions.can_create_events(user)
    assert not any(permissions.can_manage_event(user, event) for event in events.values())
    assert permissions.can_view_event(user, events["network"])
    assert not permissions.can_view_event(user, events["reci-draft"])
    assert [str(event) for event in permissions.get_events_for_list(user)] == ["Annual meeting"]


@pytest.mark.parametrize("name", ["secretariat", "reci_coordinator"])
def test_managers_open_the_draft_and_its_form(personas, events, name):
    client = personas[name].client()
    draft = events["reci-draft"]

    assert client.get(draft.get_absolute_url()).status_code == 200
    assert client.get(f"/en/events/{draft.pk}/edit/").status_code == 200


@pytest.mark.parametrize("name", READERS_ONLY)
def test_others_do_not_find_the_draft(personas, events, name):
    client = personas[name].client()
    draft = events["reci-draft"]

    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(f"/api/v1/events/{draft.pk}").status_code == 404


def test_a_network_coordinator_cannot_edit_an_event_of_the_whole_network(personas, events):
    client = personas["reci_coordinator"].client()
    event = events["network"]

    assert client.get(f"/en/events/{event.pk}/edit/").status_code == 403
    assert client.post(f"/en/events/{event.pk}/cancel/").status_code == 403
    event.refresh_from_db()
    assert event.status == Event.Status.PUBLISHED


def test_a_city_coordinator_cannot_publish_a_draft(personas, events):
    response = (
        personas["lyon_coordinator"]
        .client()
        .post(f"/en/events/{events['network-draft'].pk}/publish/")
    )

    assert response.status_code == 404
    assert Event.objects.get(pk=events["network-draft"].pk).status == Event.Status.DRAFT


def test_a_network_coordinator_may_not_address_the_whole_network(personas, reci):
    client = personas["reci_coordinator"].client()
    data = {
        "kind": "webinar",
        "starts_on": "2027-05-01",
        "ends_on": "2027-05-01",
        "audience": "network",
        "original_language": "en",
        "en-title": "For everyone",
    }

    refused = client.post("/en/events/new/", data)
    allowed = client.post(
        "/en/events/new/", data | {"audience": "national_network", "national_network": reci.pk}
    )

    assert refused.status_code == 200
    assert "audience" in refused.context["form"].errors
    assert allowed.status_code == 302
    assert list(Event.objects.values_list("national_network", flat=True)) == [reci.pk]


def test_a_network_coordinator_may_not_plan_for_another_network(personas, events):
    uk = events["uk-draft"].national_network
    response = (
        personas["reci_coordinator"]
        .client()
        .post(
            "/en/events/new/",
            {
                "kind": "webinar",
                "starts_on": "2027-05-01",
                "ends_on": "2027-05-01",
                "audience": "national_network",
                "national_network": uk.pk,
                "original_language": "en",
                "en-title": "For the UK",
            },
        )
    )

    assert response.status_code == 200
    assert "national_network" in response.context["form"].errors
    assert Event.objects.count() == 4
