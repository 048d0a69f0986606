"""What each persona may open among the policy lab's pages.

Published journeys, lab outcomes, strategies, the feed and the API are public. People
with a role open the workspace, the stakeholders and the strategy maps. The secretariat
runs the labs; RECI's coordinator (Spain) manages Spain's stakeholders (the walk's body is
Catalan), strategies and follows up the Catalan commitment. City coordinators (Lyon,
Oslo) and national coordinators record uptakes; the walk's waiting uptake was recorded by
Lyon for Oslo, so only Oslo's coordinator (the other side) or the secretariat decides it,
and only Lyon's coordinator (the side that recorded it) or the secretariat changes or
withdraws it.
"""

from typing import Any

from tests.url_walk import everyone, only, signed_in

MANAGERS = ["secretariat", "reci_coordinator"]
RECORDERS = ["secretariat", "lyon_coordinator", "oslo_coordinator", "reci_coordinator"]

EXPECTED = {
    "policylab:home": ("get", "", everyone(200)),
    "policylab:uptake-feed": ("get", "", everyone(200)),
    "policylab:workspace": ("get", "", signed_in()),
    "policylab:stakeholder-list": ("get", "", signed_in()),
    "policylab:stakeholder-create": ("get", "", only(MANAGERS)),
    "policylab:stakeholder-detail": ("get", "pl-body", signed_in()),
    "policylab:stakeholder-edit": ("get", "pl-body", only(MANAGERS)),
    "policylab:stakeholder-merge": ("get", "pl-body", only(MANAGERS)),
    "policylab:contact-create": ("get", "pl-body", only(MANAGERS)),
    # A contact person of the Catalan body, made afresh for each request: removing it works.
    "policylab:contact-remove": ("post", "pl-contact", only(MANAGERS, status=302)),
    "policylab:lab-list": ("get", "", everyone(200)),
    "policylab:lab-create": ("get", "", only(["secretariat"])),
    "policylab:lab-detail": ("get", "pl-lab", everyone(200)),
    "policylab:lab-edit": ("get", "pl-lab", only(["secretariat"])),
    "policylab:session-create": ("get", "pl-lab", only(["secretariat"])),
    "policylab:document-create": ("get", "pl-session", only(["secretariat"])),
    "policylab:outcome-create": ("get", "pl-session", only(["secretariat"])),
    "policylab:outcome-follow-up": ("get", "pl-commitment", only(MANAGERS)),
    "policylab:journey": ("get", "pl-practice", everyone(200)),
    "policylab:uptake-create": ("get", "pl-practice", only(RECORDERS)),
    # Waiting for confirmation: not public (404 to a visitor).
    "policylab:uptake-detail": ("get", "pl-waiting", signed_in(visitor=404)),
    # Lyon recorded it (the origin side): Lyon's coordinator or the secretariat changes it.
    "policylab:uptake-edit": ("get", "pl-waiting", only(["secretariat", "lyon_coordinator"])),
    "policylab:uptake-withdraw": (
        "get",
        "pl-waiting",
        only(["secretariat", "lyon_coordinator"]),
    ),
    # An empty decision is refused with a message; the uptake keeps waiting.
    "policylab:uptake-decide": (
        "post",
        "pl-waiting",
        only(["secretariat", "oslo_coordinator"], status=302),
    ),
    "policylab:strategy-create": ("get", "", only(MANAGERS)),
    "policylab:strategy-detail": ("get", "pl-strategy", everyone(200)),
    "policylab:strategy-map": ("get", "pl-strategy", signed_in()),
    "api-v1:list_uptakes": ("get", "", everyone(200)),
    "api-v1:get_journey": ("get", "pl-practice", everyone(200)),
}

CASES = {
    # A confirmed uptake is public.
    "policylab confirmed uptake": ("policylab:uptake-detail", "get", "pl-confirmed", everyone(200)),
}


def url_kwargs(key: str, personas: dict[str, Any]) -> dict[str, Any] | None:
    if not key.startswith("pl-"):
        return None
    objects = _objects(personas)
    if key == "pl-contact":
        return {"pk": _fresh_contact(objects["pl-body"])}
    if key in ("pl-lab", "pl-practice", "pl-strategy"):
        return {"slug": objects[key]}
    return {"pk": objects[key]}


def _objects(personas: dict[str, Any]) -> dict[str, Any]:
    """Return a published lab, a Catalan body, Lyon's practice with uptakes, a strategy."""
    import datetime

    from icc.network.models import City
    from icc.policylab.models import Lab, NationalStrategy, Outcome, Stakeholder, Uptake
    from icc.policylab.services import labs
    from icc.policylab.tests.conftest import add_body, publish_practice, record

    lab = Lab.objects.filter(slug="walk-lab").first()
    if lab is None:
        catalonia = add_body("Generalitat of Catalonia", country="ES", region="Catalonia")
        lab = labs.create_lab(
            created_by=None,
            slug="walk-lab",
            record={
                "title_en": "Walk lab",
                "theme_en": "Consistency.",
                "place": "Berlin",
                "is_published": True,
            },
            stakeholders=[catalonia],
        )
        session = labs.add_session(
            lab, added_by=None, held_on=datetime.date(2017, 2, 16), agenda_en="Opening."
        )
        labs.add_outcome(
            session,
            added_by=None,
            kind=Outcome.Kind.COMMITMENT,
            text_en="Share the guide.",
            owner=catalonia,
            due_on=datetime.date(2018, 1, 1),
        )
        practice = publish_practice(City.objects.get(slug="lyon"), "Walk practice")
        region = add_body("Walk region")
        record(practice, adopter_stakeholder=region, confirmed=True)
        record(
            practice,
            by=personas["lyon_coordinator"].user,
            adopter_city=City.objects.get(slug="oslo"),
        )
        from icc.policylab.services import strategies

        strategies.create_strategy(
            created_by=None,
            record={"title": "Walk strategy", "country": "ES"},
            slug="walk-strategy",
        )
    session = lab.sessions.get()
    uptakes = Uptake.objects.order_by("pk")
    return {
        "pl-lab": lab.slug,
        "pl-body": Stakeholder.objects.get(name="Generalitat of Catalonia").pk,
        "pl-session": session.pk,
        "pl-commitment": session.outcomes.get().pk,
        "pl-practice": _practice_slug(uptakes.first()),
        "pl-strategy": NationalStrategy.objects.get(slug="walk-strategy").slug,
        "pl-confirmed": uptakes.filter(status=Uptake.Status.CONFIRMED).first().pk,  # type: ignore[union-attr]
        "pl-waiting": uptakes.filter(status=Uptake.Status.PROPOSED).first().pk,  # type: ignore[union-attr]
    }


def _practice_slug(uptake: Any) -> str:
    from icc.policylab.selectors import practice_by_id

    return practice_by_id(uptake.practice_id).slug  # type: ignore[union-attr]


def _fresh_contact(stakeholder_id: int) -> int:
    from icc.policylab.models import ContactPerson

    return ContactPerson.objects.create(stakeholder_id=stakeholder_id, full_name="Walk contact").pk
