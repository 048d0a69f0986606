"""What each persona may open among the connections' pages.

``connections-request`` is Lyon's proposal to Oslo, accepted by Oslo;
``connections-visit`` its study visit to Oslo. In mentoring, Barcelona (of RECI) mentors
Lyon: ``mentoring-active`` is their pair under way (with a milestone,
``mentoring-milestone``), ``mentoring-closed`` an earlier pair, closed and unpublished.
"""

from datetime import date
from typing import Any

from tests.url_walk import CITY_EDITORS, LOGIN, SIGNED_IN, only

LYON_PEOPLE = ["lyon_coordinator", "lyon_editor"]
PARTICIPANTS = ["lyon_coordinator", "lyon_editor", "oslo_coordinator"]
WRITERS = ["secretariat", "lyon_coordinator"]


def _viewers(allowed: list[str], *, refused_in_request: int = 403) -> dict[str, int]:
    viewers = ["secretariat", *PARTICIPANTS]
    return {
        name: 200 if name in allowed else (refused_in_request if name in viewers else 404)
        for name in SIGNED_IN
    } | {"visitor": LOGIN}


# A pair's readers: its cities' people, the national network attached (RECI) and the
# secretariat; its writers: the secretariat and the cities' coordinators.
PAIR_READERS = ["secretariat", "lyon_coordinator", "lyon_editor", "reci_coordinator"]


def _pair(allowed: list[str], *, visitor: int = LOGIN) -> dict[str, int]:
    return {
        name: 200 if name in allowed else (403 if name in PAIR_READERS else 404)
        for name in SIGNED_IN
    } | {"visitor": visitor}


def _pair_post(allowed: list[str]) -> dict[str, int]:
    """Expect a redirect back to the pair for ``allowed``, as the page does after a post."""
    return _pair([]) | dict.fromkeys(allowed, 302)


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


EXPECTED |= {
    "connections:scheme-list": (
        "get",
        "",
        only(["secretariat", *PARTICIPANTS, "reci_coordinator"]),
    ),
    "connections:scheme-create": ("get", "", only(["secretariat"])),
    "connections:mentoring-effect": ("get", "", only(["secretariat"])),
    "connections:mentor-list": ("get", "", only(["secretariat"])),
    "connections:mentor-edit": ("get", "mentoring-mentor", only(["secretariat"])),
    "connections:mentor-proposals": ("get", "connections-city", only(CITY_EDITORS)),
    "connections:scheme-detail": ("get", "mentoring-active", _pair(PAIR_READERS)),
    # Without a city in the form, no answer, sign-off or publication: refused to readers.
    "connections:scheme-answer": ("post", "mentoring-active", _pair([])),
    "connections:agreement-sign": ("post", "mentoring-active", _pair([])),
    "connections:agreement-edit": ("get", "mentoring-active", _pair(WRITERS)),
    "connections:goal-create": ("get", "mentoring-active", _pair(WRITERS)),
    "connections:milestone-create": ("get", "mentoring-active", _pair(WRITERS)),
    "connections:milestone-done": ("post", "mentoring-milestone", _pair_post(WRITERS)),
    "connections:goal-edit": ("get", "mentoring-goal", _pair(WRITERS)),
    # The API asks a token; it gives the same schemes as the pages (decision 0060).
    "api-v1:list_mentoring_schemes": ("get", "", dict.fromkeys(SIGNED_IN, 200) | {"visitor": 401}),
    "api-v1:get_mentoring_scheme": (
        "get",
        "mentoring-api-scheme",
        _pair(PAIR_READERS, visitor=401) | {"visitor": 401},
    ),
    "connections:goal-remove": ("post", "mentoring-goal", _pair_post(WRITERS)),
    "connections:milestone-edit": ("get", "mentoring-milestone", _pair(WRITERS)),
    "connections:milestone-remove": ("post", "mentoring-spare-milestone", _pair_post(WRITERS)),
    "connections:member-network": ("post", "mentoring-member", _pair_post(["secretariat"])),
    "connections:checkin-create": ("get", "mentoring-active", _pair(WRITERS)),
    # Only a coordinator of one of the pair's cities writes its city's evaluation.
    "connections:evaluation": ("get", "mentoring-active", _pair(["lyon_coordinator"])),
    # Unpublished: its readers only; visitors are not asked to sign in, they are not told.
    "connections:closing-report": ("get", "mentoring-closed", _pair(PAIR_READERS, visitor=404)),
    "connections:report-publish": ("post", "mentoring-closed", _pair([])),
    "connections:practice-draft": ("get", "mentoring-practice", _pair(["lyon_coordinator"])),
}


def url_kwargs(key: str, personas: dict[str, Any]) -> dict[str, Any] | None:
    if key == "connections-city":
        return {"slug": "lyon"}
    if key == "mentoring-mentor":
        return {"slug": "barcelona"}
    if key in ("mentoring-active", "mentoring-closed"):
        return {"pk": _walk_schemes()[key].pk}
    if key == "mentoring-api-scheme":
        return {"scheme_id": _walk_schemes()["mentoring-active"].pk}
    if key == "mentoring-milestone":
        return {"pk": _walk_schemes()["mentoring-active"].milestones.get(title="Plan").pk}
    if key in ("mentoring-goal", "mentoring-spare-milestone"):
        return {"pk": _walk_spare(key).pk}
    if key == "mentoring-member":
        return {"pk": _walk_schemes()["mentoring-active"].members.get(city__slug="lyon").pk}
    if key == "mentoring-practice":
        return {"pk": _walk_schemes()["mentoring-closed"].pk, "slug": "lyon"}
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


def _walk_spare(key: str) -> Any:
    """Return the active pair's goal or spare milestone, made again once a writer removed it."""
    from decimal import Decimal

    from icc.connections.models import Goal, Milestone

    scheme = _walk_schemes()["mentoring-active"]
    lyon = scheme.members.get(city__slug="lyon").city
    if key == "mentoring-goal":
        goal, _made = Goal.objects.get_or_create(
            scheme=scheme,
            mentee=lyon,
            area="language",
            defaults={
                "baseline": Decimal(20),
                "baseline_round_id": 0,
                "baseline_round_label": "Walk",
                "target": Decimal(50),
            },
        )
        return goal
    milestone, _made = Milestone.objects.get_or_create(
        scheme=scheme, title="Spare", defaults={"due_on": date(2030, 6, 1), "owner": lyon}
    )
    return milestone


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


def _walk_schemes() -> dict[str, Any]:
    """Return the walk's pairs: Barcelona mentors Lyon, once closed and once under way."""
    from icc.connections.mentoring import closure, services
    from icc.connections.models import Scheme
    from icc.network.models import City

    found = {scheme.title: scheme for scheme in Scheme.objects.filter(title__startswith="Walk")}
    if len(found) == 2:
        return {"mentoring-closed": found["Walk closed"], "mentoring-active": found["Walk"]}
    lyon, barcelona = City.objects.get(slug="lyon"), City.objects.get(slug="barcelona")
    services.save_mentor(barcelona, saved_by=None, areas=["language"], languages=[], capacity=2)
    schemes = {}
    for title in ("Walk closed", "Walk"):
        scheme = services.propose_scheme(
            proposed_by=None, title=title, mentors=[barcelona], mentees=[lyon]
        )
        for city in (lyon, barcelona):
            services.answer_scheme(scheme, city=city, accept=True, answered_by=None)
        schemes[title] = scheme = Scheme.objects.get(pk=scheme.pk)
        if title == "Walk closed":
            for city in (lyon, barcelona):
                closure.evaluate_scheme(
                    scheme,
                    city=city,
                    evaluated_by=None,
                    goals_met="met",
                    what_worked="Visits",
                    what_to_change="Nothing",
                )
    services.add_milestone(
        schemes["Walk"], added_by=None, title="Plan", due_on=date(2030, 1, 1), owner=lyon
    )
    return {"mentoring-closed": schemes["Walk closed"], "mentoring-active": schemes["Walk"]}


# Common initiatives (issue 17) keep their walk in their own module.
from icc.connections.initiatives.tests import url_walk as _initiatives  # noqa: E402

EXPECTED |= _initiatives.EXPECTED
_own_url_kwargs = url_kwargs


def url_kwargs(key: str, personas: dict[str, Any]) -> dict[str, Any] | None:  # type: ignore[no-redef]
    return _own_url_kwargs(key, personas) or _initiatives.url_kwargs(key, personas)
