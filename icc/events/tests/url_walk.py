"""What each persona may open among the events' pages and API endpoints.

``reci-draft`` is a draft for the RECI network (managers: the secretariat and RECI's
coordinator); ``public`` is a published event for the whole network (managed by the
secretariat only).
"""

from typing import Any

from tests.url_walk import SIGNED_IN, everyone, only

MANAGERS_OF_RECI = ["secretariat", "reci_coordinator"]

EXPECTED = {
    "events:event-list": ("get", "", everyone(200)),
    "events:event-past-list": ("get", "", everyone(200)),
    "events:event-calendar": ("get", "", everyone(200)),
    "events:event-create": ("get", "", only(MANAGERS_OF_RECI)),
    "events:event-detail": (
        "get",
        "reci-draft",
        {name: 200 if name in MANAGERS_OF_RECI else 404 for name in SIGNED_IN} | {"visitor": 404},
    ),
    "events:event-ics": (
        "get",
        "reci-draft",
        {name: 200 if name in MANAGERS_OF_RECI else 404 for name in SIGNED_IN} | {"visitor": 404},
    ),
    "events:event-edit": ("get", "reci-draft", only(MANAGERS_OF_RECI, refused=404)),
    # Publishing a published event is refused with a message, back to its page.
    "events:event-publish": ("post", "public", only(["secretariat"], status=302)),
    "events:event-cancel": ("get", "public", only(["secretariat"])),
    "api-v1:list_events": ("get", "", everyone(200)),
    "api-v1:get_event": ("get", "api-public", everyone(200)),
}


def url_kwargs(key: str, personas: dict[str, Any]) -> dict[str, Any] | None:
    if key in ("registering", "attendance", "session", "cancellable", "certificate"):
        return _registration_kwargs(key, _registrations(personas))
    if key in ("reci-draft", "public"):
        return {"pk": _events()[key]}
    if key == "api-public":
        return {"event_id": _events()["public"]}
    return None


def _registration_kwargs(key: str, objects: dict[str, int]) -> dict[str, Any]:
    if key == "registering":
        return {"pk": objects["event"]}
    if key == "attendance":
        return {"pk": objects["event"], "registration_pk": objects["registration"]}
    if key == "session":
        return {"pk": objects["event"], "session_pk": objects["session"]}
    if key == "cancellable":
        return {"pk": objects["cancellable"]}
    return {"pk": objects["registration"]}


def _events() -> dict[str, int]:
    """Return a RECI draft and a published event, made once per walk."""
    from datetime import date

    from icc.events.models import Event
    from icc.events.tests.conftest import plan_event
    from icc.network.models import NationalNetwork

    draft = Event.objects.filter(status=Event.Status.DRAFT).first() or plan_event(
        "RECI coordinators' day",
        date(2027, 5, 12),
        publish=False,
        national_network=NationalNetwork.objects.get(slug="reci"),
    )
    public = Event.objects.filter(status=Event.Status.PUBLISHED).first() or plan_event(
        "Annual meeting of the network", date(2027, 11, 25), ends_on=date(2027, 11, 26)
    )
    return {"reci-draft": draft.pk, "public": public.pk}


def _registrations(personas: dict[str, Any]) -> dict[str, int]:
    """Return an event taking registrations, with Lyon's coordinator registered and present."""
    from datetime import timedelta

    from django.utils import timezone

    from icc.events import services
    from icc.events.models import Event, Registration
    from icc.events.tests.conftest import plan_event

    person = personas["lyon_coordinator"].user
    registration = Registration.objects.filter(person=person, attended_at__isnull=False).first()
    if registration is None:
        event = plan_event("Milestone conference", timezone.localdate())
        event = services.change_registration_settings(
            event, changed_by=None, takes_registrations=True, capacity=50, attendance_code="TEN"
        )
        registration = services.register(event, person=person)
        services.mark_attendance(registration, present=True, marked_by=None)
        other = plan_event("Study week", timezone.localdate() + timedelta(days=40))
        other = services.change_registration_settings(
            other, changed_by=None, takes_registrations=True, capacity=1, attendance_code=""
        )
        services.register(other, person=person)
    event = Event.objects.get(pk=registration.event_id)
    if not event.sessions.exists():  # the walk removes it as the secretariat
        start = timezone.localtime().replace(hour=9, minute=0)
        services.add_session(
            event,
            added_by=None,
            record={
                "title_en": "Opening",
                "title_fr": "Ouverture",
                "starts_at": start,
                "ends_at": start + timedelta(hours=1),
                "room": "A",
                "speakers": "",
            },
        )
    cancellable = Registration.objects.filter(person=person).exclude(pk=registration.pk).first()
    return {
        "event": event.pk,
        "registration": registration.pk,
        "session": event.sessions.first().pk,  # type: ignore[union-attr]
        "cancellable": cancellable.pk,  # type: ignore[union-attr]
    }


LYON_ONLY = {name: 200 if name == "lyon_coordinator" else 404 for name in SIGNED_IN} | {
    "visitor": 302
}

EXPECTED |= {
    # Registering twice is refused with a message, back to the event.
    "events:event-register": ("post", "registering", everyone(302)),
    "events:event-registrations": ("get", "registering", only(["secretariat"])),
    "events:registration-attendance": ("post", "attendance", only(["secretariat"], status=302)),
    "events:event-check-in": ("post", "registering", everyone(302)),
    "events:session-add": ("get", "registering", only(["secretariat"])),
    "events:session-remove": ("post", "session", only(["secretariat"], status=302)),
    "events:document-add": ("get", "registering", only(["secretariat"])),
    "events:registration-cancel": (
        "post",
        "cancellable",
        LYON_ONLY | {"lyon_coordinator": 302},
    ),
    "events:registration-certificate": ("get", "certificate", LYON_ONLY),
}
