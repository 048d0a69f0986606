"""Common initiatives, third part: meetings changed, cancelled and in calendars; leaving;
observers through the interest form; the cities told when the work starts and ends (issue 17)."""

from datetime import time, timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from icc.accounts.models import Notification
from icc.accounts.notifications import render_message
from icc.connections.initiatives import services, workspace
from icc.connections.initiatives.models import Initiative, Interest, Member, Task
from icc.core.models import Activity
from icc.core.versions import VersionConflict
from icc.network.models import City

pytestmark = pytest.mark.django_db


def _running(lyon: City, oslo: City, by: Any = None) -> Initiative:
    initiative = services.open_call(
        created_by=None,
        lead_city=lyon,
        title="Anti-rumours",
        title_fr="Anti-rumeurs",
        aim="A joint campaign.",
        areas=["language"],
        deadline=timezone.localdate() + timedelta(days=20),
    )
    services.express_interest(initiative, city=oslo, note="Yes", by=None)
    services.accept_partner(initiative, city=oslo, by=None)
    return services.set_status(initiative, status="running", version=None, by=by)


def _french(persona: Any) -> Any:
    person = persona.user
    person.language = "fr"
    person.save(update_fields=["language"])
    return person


def test_a_meeting_is_changed_from_its_version_and_the_cities_are_told_in_their_language(
    lyon, oslo, lyon_coordinator, oslo_coordinator
) -> None:
    initiative = _running(lyon, oslo)
    oslo_person = _french(oslo_coordinator)
    day = timezone.localdate() + timedelta(days=5)
    meeting = workspace.add_meeting(
        initiative, title="Kick-off", title_fr="Lancement", meets_on=day, by=lyon_coordinator.user
    )
    planned = Notification.objects.get(recipient=oslo_person, kind="initiative.meeting")
    assert "Lancement" in render_message(planned, "fr")
    with pytest.raises(ValidationError, match="ends after"):
        workspace.edit_meeting(
            meeting,
            by=None,
            version=meeting.version,
            title="Kick-off",
            meets_on=day,
            at=time(10),
            until=time(9),
        )
    url = reverse("connections:initiative-meeting-edit", args=[meeting.pk])
    data = {
        "title": "Kick-off",
        "title_fr": "Lancement",
        "meets_on": str(day + timedelta(days=1)),
        "at": "10:00",
        "until": "12:00",
        "place": "Town hall",
        "version": meeting.version,
    }
    client = lyon_coordinator.client()
    assert client.get(url).status_code == 200
    assert client.post(url, data).status_code == 302
    with translation.override("en"):
        stale = client.post(url, data | {"place": "Library"}).content.decode()
    assert "Compare the two versions" in stale
    meeting.refresh_from_db()
    assert meeting.place == "Town hall" and meeting.until == time(12) and meeting.version == 2
    changed = Notification.objects.get(recipient=oslo_person, kind="initiative.meeting_changed")
    assert "Lancement" in render_message(changed, "fr")
    assert Activity.objects.filter(verb="initiative.meeting_changed").count() == 1


def test_a_cancelled_meeting_stays_listed_and_calendars_mark_it_cancelled(
    lyon, oslo, lyon_coordinator, oslo_coordinator, reci_coordinator
) -> None:
    initiative = _running(lyon, oslo)
    day = timezone.localdate() + timedelta(days=5)
    timed = workspace.add_meeting(
        initiative, title="Kick-off", title_fr="Lancement", meets_on=day, at=time(9), by=None
    )
    whole_day = workspace.add_meeting(initiative, title="Study day", meets_on=day, by=None)
    one = reverse("connections:initiative-meeting-ics", args=[timed.pk])
    every = reverse("connections:initiative-meetings-ics", args=[initiative.pk])
    assert reci_coordinator.client().get(one).status_code == 404
    body = oslo_coordinator.client().get(one)
    assert body["Content-Type"].startswith("text/calendar")
    text = body.content.decode()
    assert "SUMMARY:Kick-off" in text and "STATUS:CONFIRMED" in text
    assert "DTSTART:" in text and "VALUE=DATE" not in text  # timed, an hour long
    cancel = reverse("connections:initiative-meeting-cancel", args=[timed.pk])
    assert oslo_coordinator.client().post(cancel, {"version": "99"}).status_code == 302
    assert Initiative.objects.get().meetings.filter(cancelled_at__isnull=False).count() == 0
    assert oslo_coordinator.client().post(cancel, {"version": timed.version}).status_code == 302
    with pytest.raises(ValidationError, match="already cancelled"):
        workspace.cancel_meeting(timed, by=None, version=None)
    with translation.override("fr"):
        every_fr = reverse("connections:initiative-meetings-ics", args=[initiative.pk])
    calendar = oslo_coordinator.client().get(every_fr).content.decode()
    assert "SUMMARY:Lancement" in calendar and "STATUS:CANCELLED" in calendar
    assert f"initiative-meeting-{whole_day.pk}@" in calendar and "VALUE=DATE" in calendar
    assert "SEQUENCE:1" in calendar
    assert lyon_coordinator.client().get(every).status_code == 200
    told = Notification.objects.filter(recipient=lyon_coordinator.user)
    assert told.filter(kind="initiative.meeting_cancelled").exists()
    page = lyon_coordinator.client().get(
        reverse("connections:initiative-workspace", args=[initiative.pk])
    )
    assert "meeting cancelled" in page.content.decode()


def test_a_city_leaves_and_the_lead_is_told_but_the_last_lead_stays(
    lyon, oslo, lyon_coordinator, oslo_coordinator
) -> None:
    initiative = _running(lyon, oslo)
    package = workspace.add_work_package(initiative, title="Plan", by=None)
    task = workspace.add_task(package, title="Print", owner=oslo, due_on=None, by=None)
    url = reverse("connections:initiative-leave", args=[initiative.pk])
    assert oslo_coordinator.client().post(url, {"city": lyon.pk}).status_code == 403
    assert lyon_coordinator.client().post(url, {"city": lyon.pk}).status_code == 403
    with pytest.raises(ValidationError, match="at least one lead"):
        services.leave(initiative, city=lyon, by=None)
    assert Member.objects.filter(city=lyon).exists()  # the last lead city stays
    assert oslo_coordinator.client().post(url, {"city": oslo.pk}).status_code == 302
    assert not Member.objects.filter(city=oslo).exists()
    assert not Interest.objects.filter(city=oslo).exists()
    assert Task.objects.get(pk=task.pk).owner is None
    assert Notification.objects.filter(
        recipient=lyon_coordinator.user, kind="initiative.left"
    ).exists()
    assert Activity.objects.filter(verb="initiative.left").count() == 1
    workspace_url = reverse("connections:initiative-workspace", args=[initiative.pk])
    assert oslo_coordinator.client().get(workspace_url).status_code == 404


def test_an_observer_is_chosen_through_the_interest_form(
    lyon, oslo, lyon_coordinator, oslo_coordinator
) -> None:
    initiative = services.open_call(
        created_by=None,
        lead_city=lyon,
        title="Study",
        aim="A shared study.",
        areas=[],
        deadline=timezone.localdate() + timedelta(days=20),
    )
    url = reverse("connections:initiative-detail", args=[initiative.pk])
    sent = oslo_coordinator.client().post(
        url, {"city": oslo.pk, "role": "observer", "note": "We watch."}
    )
    assert sent.status_code == 302
    assert "as an observer" in lyon_coordinator.client().get(url).content.decode()
    services.accept_partner(initiative, city=oslo, by=lyon_coordinator.user)
    assert Member.objects.get(city=oslo).role == Member.Role.OBSERVER
    with pytest.raises(ValidationError, match="partner or observer"):
        services.express_interest(initiative, city=lyon, note="x", by=None, role="lead")


def test_the_cities_are_told_when_the_work_starts_and_when_it_finishes(
    lyon, oslo, lyon_coordinator, oslo_coordinator
) -> None:
    oslo_person = _french(oslo_coordinator)
    initiative = _running(lyon, oslo, by=lyon_coordinator.user)
    started = Notification.objects.get(recipient=oslo_person, kind="initiative.started")
    assert "Anti-rumeurs" in render_message(started, "fr")
    services.set_status(
        initiative, status="finished", version=initiative.version, by=lyon_coordinator.user
    )
    assert Notification.objects.filter(recipient=oslo_person, kind="initiative.finished").exists()
    assert not Notification.objects.filter(recipient=lyon_coordinator.user).exists()
    meeting_error = pytest.raises(ValidationError, match="finished")
    with meeting_error:
        workspace.add_meeting(initiative, title="Late", meets_on=timezone.localdate(), by=None)


def test_a_stale_meeting_change_keeps_the_stored_one(lyon, oslo) -> None:
    initiative = _running(lyon, oslo)
    day = timezone.localdate() + timedelta(days=3)
    meeting = workspace.add_meeting(initiative, title="Call", meets_on=day, by=None)
    workspace.edit_meeting(meeting, by=None, version=1, title="Call 2", meets_on=day)
    with pytest.raises(VersionConflict):
        workspace.edit_meeting(meeting, by=None, version=1, title="Call 3", meets_on=day)
    meeting.refresh_from_db()
    assert meeting.title == "Call 2"


def test_the_pages_of_a_suspended_city_neither_lead_nor_join_nor_write(
    lyon, oslo, oslo_coordinator
) -> None:
    from icc.network import services as network_services

    initiative = _running(lyon, oslo)
    call = services.open_call(
        created_by=None,
        lead_city=lyon,
        title="Second call",
        aim="More.",
        areas=[],
        deadline=timezone.localdate() + timedelta(days=9),
    )
    network_services.change_city_status(
        oslo,
        to=City.Status.SUSPENDED,
        reason="Fees",
        changed_on=timezone.localdate(),
        changed_by=None,
    )
    client = oslo_coordinator.client()
    assert client.get(reverse("connections:initiative-create")).status_code == 403
    detail = reverse("connections:initiative-detail", args=[call.pk])
    with translation.override("en"):
        assert "Send my interest" not in client.get(detail).content.decode()
    assert client.post(detail, {"city": oslo.pk, "note": "x"}).status_code == 403
    space = reverse("connections:initiative-workspace", args=[initiative.pk])
    assert client.get(space).status_code == 200  # still reads
    assert client.post(space, {"action": "package", "package-title": "X"}).status_code == 403
    assert not initiative.work_packages.exists()


def test_a_meeting_at_an_event_under_way_is_still_changed_from_its_page(
    lyon, oslo, oslo_coordinator
) -> None:
    from icc.events.tests.conftest import plan_event

    initiative = _running(lyon, oslo)
    today = timezone.localdate()
    event = plan_event("Summit", today - timedelta(days=1), ends_on=today + timedelta(days=1))
    meeting = workspace.add_meeting(
        initiative, title="", meets_on=today, event_id=event.pk, by=None
    )
    url = reverse("connections:initiative-meeting-edit", args=[meeting.pk])
    data = {
        "event": event.pk,
        "title": "Side meeting",
        "meets_on": str(today),
        "version": meeting.version,
    }
    assert oslo_coordinator.client().post(url, data).status_code == 302
    meeting.refresh_from_db()
    assert meeting.title == "Side meeting" and meeting.event_id == event.pk
