"""What each persona may open among the barometer's pages.

A company's pages open with its private link, whoever holds it (the link is the
permission): every persona gets the same answer, and a tampered link or the link of a
deleted response a clear page (404, 410). The city's pages open to Lyon's people and the
secretariat; only Lyon's coordinator invites and reminds; the network's figures open to
everyone with a role; the secretariat alone opens, changes and publishes rounds.
"""

from typing import Any

from tests.url_walk import everyone, only, signed_in

LYON_READERS = ["secretariat", "lyon_coordinator", "lyon_editor"]

EXPECTED = {
    "barometer:home": ("get", "", signed_in()),
    "barometer:round-create": ("get", "", only(["secretariat"])),
    "barometer:round": ("get", "barometer-round", signed_in()),
    "barometer:round-edit": ("get", "barometer-round", only(["secretariat"])),
    "barometer:round-publish": ("post", "barometer-round", only(["secretariat"], status=302)),
    "barometer:round-export": ("get", "barometer-round", signed_in()),
    "barometer:city": ("get", "barometer-lyon", only(LYON_READERS)),
    "barometer:invite": ("get", "barometer-lyon", only(["lyon_coordinator"])),
    "barometer:import": ("get", "barometer-lyon", only(["lyon_coordinator"])),
    "barometer:remind": ("post", "barometer-lyon", only(["lyon_coordinator"], status=302)),
    "barometer:answer": ("get", "barometer-token", everyone(200)),
    # An empty body is refused with the reason; nothing is saved.
    "barometer:save": ("post", "barometer-token", everyone(400)),
    "barometer:report": ("get", "barometer-token", everyone(200)),
    "barometer:answers-download": ("get", "barometer-token", everyone(200)),
    "barometer:erase": ("get", "barometer-token", everyone(200)),
    # The link is the permission: sharing (or sharing again) goes back to the report.
    "barometer:share": ("post", "barometer-token", everyone(302)),
    "barometer:shared-reports": ("get", "barometer-round", only(["secretariat"])),
    # A report the company shares opens to the secretariat alone: never to the city.
    "barometer:shared-report": ("get", "barometer-shared", only(["secretariat"])),
    "api-v1:round_figures": ("get", "barometer-round-api", signed_in(visitor=401)),
}

CASES = {
    "barometer tampered link": ("barometer:answer", "get", "barometer-tampered", everyone(404)),
    "barometer deleted response": ("barometer:report", "get", "barometer-deleted", everyone(410)),
    "barometer consent page": ("barometer:answer", "get", "barometer-fresh", everyone(200)),
    # A report not shared (or no longer shared) does not exist for the secretariat either.
    "barometer report not shared": (
        "barometer:shared-report",
        "get",
        "barometer-unshared",
        only(["secretariat"], status=404),
    ),
}


def url_kwargs(key: str, personas: dict[str, Any]) -> dict[str, Any] | None:
    if not key.startswith("barometer-"):
        return None
    objects = _objects()
    if key == "barometer-round":
        return {"pk": objects["round"].pk}
    if key == "barometer-round-api":
        return {"round_id": objects["round"].pk}
    if key == "barometer-lyon":
        return {"pk": objects["round"].pk, "slug": "lyon"}
    if key in ("barometer-shared", "barometer-unshared"):
        return {"pk": objects[key]}
    return {"token": objects[key]}


def _objects() -> dict[str, Any]:
    """Return a round with Lyon's answered, fresh and deleted invitations, and their links."""
    from icc.barometer import services
    from icc.barometer.links import token_for
    from icc.barometer.models import Invitation, Round
    from icc.barometer.tests.build import invite, open_round, respond
    from icc.network.models import City

    round = Round.objects.filter(name="Walk round").first()
    if round is None:
        round = open_round("Walk round")
        lyon = City.objects.get(slug="lyon")
        services.share_report(respond(invite(round, lyon, "Walk answered"), 1))
        respond(invite(round, lyon, "Walk private"), 2)
        invite(round, lyon, "Walk fresh")
        gone = respond(invite(round, lyon, "Walk deleted"), 1)
        services.erase_response(gone)
        services.publish_round(round, by=None)
        Round.objects.filter(pk=round.pk).update(name="Walk round")
    invitations = {i.company_name: i for i in Invitation.objects.filter(round=round)}
    answered = token_for(invitations["Walk answered"])
    deleted = invitations["Walk deleted"]
    return {
        "round": round,
        "barometer-token": answered,
        "barometer-fresh": token_for(invitations["Walk fresh"]),
        "barometer-tampered": answered[:-3] + "xyz",
        "barometer-deleted": token_for(deleted),
        "barometer-shared": invitations["Walk answered"].pk,
        "barometer-unshared": invitations["Walk private"].pk,
    }
