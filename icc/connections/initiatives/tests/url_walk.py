"""What each persona may open among the common initiatives' pages (issue 17).

``initiative`` is Lyon's "Walk" initiative, under way with Oslo as a partner and its page
published; ``initiative-output`` one of its outputs, ``initiative-meeting`` its meeting.
Merged into ``icc/connections/tests/url_walk.py`` (the app's walk module).
"""

from datetime import date, timedelta
from typing import Any

from tests.url_walk import LOGIN, SIGNED_IN, everyone, only

READERS = ["secretariat", "lyon_coordinator", "lyon_editor", "oslo_coordinator", "reci_coordinator"]
MEMBERS = ["lyon_coordinator", "lyon_editor", "oslo_coordinator"]


def _call(allowed: dict[str, int]) -> dict[str, int]:
    """Readers of the call not in ``allowed`` are refused (403); others do not see it (404)."""
    return {name: allowed.get(name, 403 if name in READERS else 404) for name in SIGNED_IN} | {
        "visitor": LOGIN
    }


def _workspace(allowed: dict[str, int]) -> dict[str, int]:
    """The workspace's people not in ``allowed`` are refused; everyone else gets 404."""
    return {name: allowed.get(name, 403 if name in MEMBERS else 404) for name in SIGNED_IN} | {
        "visitor": LOGIN
    }


EXPECTED = {
    "connections:initiative-list": ("get", "", only(READERS)),
    "connections:initiative-create": (
        "get",
        "",
        only(["secretariat", "lyon_coordinator", "oslo_coordinator", "reci_coordinator"]),
    ),
    "connections:initiative-overview": ("get", "", only(["secretariat"])),
    "connections:initiative-detail": ("get", "initiative", _call(dict.fromkeys(READERS, 200))),
    # Without a city in the form the lead gets 404; other readers are refused.
    "connections:initiative-accept": ("post", "initiative", _call({"lyon_coordinator": 404})),
    # The lead is sent back to the call with a message; nothing is saved without data.
    "connections:initiative-member-add": ("post", "initiative", _call({"lyon_coordinator": 302})),
    "connections:initiative-status": ("post", "initiative", _call({"lyon_coordinator": 302})),
    "connections:initiative-publish": ("post", "initiative", _call({"lyon_coordinator": 302})),
    "connections:initiative-workspace": (
        "get",
        "initiative",
        _workspace(dict.fromkeys(MEMBERS, 200)),
    ),
    # Only a coordinator of a partner city drafts its practice.
    "connections:initiative-output-practice": (
        "get",
        "initiative-output",
        _workspace({"lyon_coordinator": 200}),
    ),
    "connections:initiative-public": ("get", "initiative", everyone(200)),
    "connections:initiative-edit": ("get", "initiative", _call({"lyon_coordinator": 200})),
    # Only a coordinator of a city waiting for an answer withdraws (none waits in the walk).
    "connections:initiative-withdraw": ("post", "initiative", _call({})),
    # Without a city in the form the lead gets 404; other readers are refused.
    "connections:initiative-role": ("post", "initiative", _call({"lyon_coordinator": 404})),
    "connections:initiative-package": (
        "get",
        "initiative-package",
        _workspace(dict.fromkeys(MEMBERS, 200)),
    ),
    "connections:initiative-document": (
        "get",
        "initiative-document",
        _workspace(dict.fromkeys(MEMBERS, 200)),
    ),
    # Lyon and Oslo write (lead and partner); Lyon's editor too, as a person of Lyon.
    "connections:initiative-output-edit": (
        "get",
        "initiative-output-only",
        _workspace(dict.fromkeys(MEMBERS, 200)),
    ),
    # Without a city in the form nobody leaves: the call's readers are refused.
    "connections:initiative-leave": ("post", "initiative", _call({})),
    "connections:initiative-output-new": (
        "get",
        "initiative",
        _workspace(dict.fromkeys(MEMBERS, 200)),
    ),
    "connections:initiative-meeting-new": (
        "get",
        "initiative",
        _workspace(dict.fromkeys(MEMBERS, 200)),
    ),
    "connections:initiative-meetings-ics": (
        "get",
        "initiative",
        _workspace(dict.fromkeys(MEMBERS, 200)),
    ),
    "connections:initiative-meeting-ics": (
        "get",
        "initiative-meeting",
        _workspace(dict.fromkeys(MEMBERS, 200)),
    ),
    # Lyon (lead) and Oslo (partner) write; the meeting is unchanged.
    "connections:initiative-meeting-edit": (
        "get",
        "initiative-meeting",
        _workspace(dict.fromkeys(MEMBERS, 200)),
    ),
    # Without a version the cancel is refused as stale and the writer is sent back.
    "connections:initiative-meeting-cancel": (
        "post",
        "initiative-meeting",
        _workspace(dict.fromkeys(MEMBERS, 302)),
    ),
}


def url_kwargs(key: str, personas: dict[str, Any]) -> dict[str, Any] | None:
    if key == "initiative":
        return {"pk": walk_initiative().pk}
    if key == "initiative-output":
        return {"pk": walk_initiative().outputs.get().pk, "slug": "lyon"}
    if key == "initiative-output-only":
        return {"pk": walk_initiative().outputs.get().pk}
    if key == "initiative-package":
        return {"pk": walk_initiative().work_packages.get().pk}
    if key == "initiative-document":
        return {"pk": walk_initiative().documents.get().pk}
    if key == "initiative-meeting":
        return {"pk": walk_initiative().meetings.get().pk}
    return None


def walk_initiative() -> Any:
    """Return Lyon's "Walk" initiative with Oslo, under way and published (made once)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from icc.connections.initiatives import services, workspace
    from icc.connections.initiatives.models import Initiative
    from icc.network.models import City

    found = Initiative.objects.filter(title="Walk").first()
    if found is not None:
        return found
    lyon, oslo = City.objects.get(slug="lyon"), City.objects.get(slug="oslo")
    initiative = services.open_call(
        created_by=None,
        lead_city=lyon,
        title="Walk",
        title_fr="Marche",
        aim="Walk the pages.",
        aim_fr="Parcourir les pages.",
        areas=["language"],
        deadline=date.today() + timedelta(days=30),
    )
    services.express_interest(initiative, city=oslo, note="We join.", by=None)
    services.accept_partner(initiative, city=oslo, by=None)
    services.set_status(initiative, status="running", version=None, by=None)
    package = workspace.add_work_package(initiative, title="Plan", by=None)
    workspace.add_task(package, title="Write the first guide", owner=oslo, due_on=None, by=None)
    workspace.add_output(
        initiative,
        kind="report",
        title="Final report of the pilot",
        summary="What we did.",
        title_fr="Rapport final du pilote",
        summary_fr="Ce que nous avons fait.",
        by=None,
    )
    workspace.upload_document(
        initiative,
        upload=SimpleUploadedFile("plan.pdf", b"%PDF-1.4\n%%EOF\n"),
        title="Plan",
        by=None,
    )
    workspace.add_meeting(
        initiative,
        title="Kick-off",
        title_fr="Lancement",
        meets_on=date.today() + timedelta(days=7),
        by=None,
    )
    initiative.refresh_from_db()
    return services.publish(initiative, version=None, by=None)
