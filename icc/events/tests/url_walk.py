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
    if key in ("reci-draft", "public"):
        return {"pk": _events()[key]}
    if key == "api-public":
        return {"event_id": _events()["public"]}
    return None


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
