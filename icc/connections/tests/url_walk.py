"""What each persona may open among the connections' pages.

``connections-request`` is Lyon's proposal to Oslo, accepted by Oslo;
``connections-visit`` its study visit to Oslo.
"""

from datetime import date
from typing import Any

from tests.url_walk import CITY_EDITORS, LOGIN, SIGNED_IN, only

LYON_PEOPLE = ["lyon_coordinator", "lyon_editor"]
PARTICIPANTS = ["lyon_coordinator", "lyon_editor", "oslo_coordinator"]


def _viewers(allowed: list[str], *, refused_in_request: int = 403) -> dict[str, int]:
    viewers = ["secretariat", *PARTICIPANTS]
    return {
        name: 200 if name in allowed else (refused_in_request if name in viewers else 404)
        for name in SIGNED_IN
    } | {"visitor": LOGIN}


EXPECTED = {
    "connections:connection-list": ("get", "", only(["secretariat", *PARTICIPANTS])),
    "connections:recommendations": ("get", "connections-city", only(CITY_EDITORS)),
    "connections:connection-create": ("get", "connections-city", only(LYON_PEOPLE)),
    "connections:connection-detail": (
        "get",
        "connections-request",
        _viewers(["secretariat", *PARTICIPANTS]),
    ),
    # Without a city in the form, the answer names no city: 404 for everyone signed in.
    "connections:connection-answer": (
        "post",
        "connections-request",
        dict.fromkeys(SIGNED_IN, 404) | {"visitor": LOGIN},
    ),
    "connections:study-visit-create": ("get", "connections-request", _viewers(PARTICIPANTS)),
    "connections:study-visit-edit": (
        "get",
        "connections-visit",
        only(["secretariat", *PARTICIPANTS]),
    ),
    "connections:study-visit-report": (
        "get",
        "connections-visit",
        only(["secretariat", *PARTICIPANTS]),
    ),
}


def url_kwargs(key: str, personas: dict[str, Any]) -> dict[str, Any] | None:
    if key == "connections-city":
        return {"slug": "lyon"}
    if key == "connections-request":
        return {"pk": _walk_request().pk}
    if key == "connections-visit":
        from icc.connections import services

        request = _walk_request()
        visit = request.study_visits.first() or services.plan_study_visit(
            request,
            planned_by=None,
            host=request.invitations.get().city,
            starts_on=date(2026, 3, 2),
            ends_on=date(2026, 3, 4),
            participants="Camille Martin",
            programme="Visit the libraries.",
        )
        return {"pk": visit.pk}
    return None


def _walk_request() -> Any:
    from icc.connections import services
    from icc.connections.models import ConnectionRequest
    from icc.network.models import City

    request = ConnectionRequest.objects.filter(topic="Walk").first()
    if request is None:
        lyon, oslo = City.objects.get(slug="lyon"), City.objects.get(slug="oslo")
        request = services.propose_connection(
            proposed_by=None, from_city=lyon, to_cities=[oslo], topic="Walk"
        )
        services.answer_invitation(request, city=oslo, accept=True, answered_by=None)
    return request
