"""What each persona may open among the governance pages.

Everyone with a role reads texts and votes; only the coordinators of member cities in
good standing (Lyon's, Oslo's) propose amendments, give proxies and vote; the secretariat
runs texts and votes and recounts a closed vote, but never votes for a city. Lyon's
amendment is the one the walk responds to and decides on.
"""

from typing import Any

from tests.url_walk import SIGNED_IN, only, signed_in

COORDINATORS = ["lyon_coordinator", "oslo_coordinator"]

EXPECTED = {
    "governance:home": ("get", "", signed_in()),
    "governance:document-create": ("get", "", only(["secretariat"])),
    "governance:document-detail": ("get", "document", signed_in()),
    "governance:document-edit": ("get", "document", only(["secretariat"])),
    "governance:amendment-create": ("get", "section", only(COORDINATORS)),
    # Nothing accepted waits: the secretariat is sent back with a message.
    "governance:document-consolidate": ("post", "document", only(["secretariat"], status=302)),
    "governance:consolidated-text": ("get", "version", signed_in()),
    "governance:endorsement-create": ("get", "document", only(["secretariat", *COORDINATORS])),
    "governance:amendment-detail": ("get", "amendment", signed_in()),
    # Lyon proposed it: only another city (Oslo) responds.
    "governance:amendment-respond": ("post", "amendment", only(["oslo_coordinator"], status=302)),
    "governance:amendment-decide": ("post", "amendment", only(["secretariat"], status=302)),
    "governance:vote-create": ("get", "", only(["secretariat"])),
    "governance:vote-detail": ("get", "open-vote", signed_in()),
    "governance:vote-edit": ("get", "scheduled-vote", only(["secretariat"])),
    # An empty ballot is refused with a message; nobody else (the secretariat included) votes.
    "governance:ballot-cast": ("post", "open-vote", only(COORDINATORS, status=302)),
    "governance:proxy-give": ("post", "scheduled-vote", only(COORDINATORS, status=302)),
    "governance:proxy-withdraw": ("post", "scheduled-vote", only(COORDINATORS, status=302)),
    "governance:vote-recount": ("get", "closed-vote", only(["secretariat"])),
    "governance:receipt-check": ("get", "", signed_in()),
}

assert set(SIGNED_IN) >= set(COORDINATORS)


def url_kwargs(key: str, personas: dict[str, Any]) -> dict[str, Any] | None:
    objects = _objects(personas)
    if key in ("document", "amendment", "open-vote", "scheduled-vote", "closed-vote"):
        return {"pk": objects[key]}
    if key == "section":
        return {"pk": objects["document"], "number": 1}
    if key == "version":
        return {"pk": objects["document"], "number": objects["version"]}
    return None


def _objects(personas: dict[str, Any]) -> dict[str, int]:
    """Return a text with an amendment and a version, and a scheduled, an open and a closed vote."""
    from icc.governance.models import Amendment, ConsolidatedText, Motion
    from icc.governance.services import strategy
    from icc.governance.tests.conftest import close_now, open_now, put_motion, write_document
    from icc.network.models import City

    version = ConsolidatedText.objects.first()
    if version is None:
        document = write_document()
        lyon = City.objects.get(slug="lyon")
        coordinator = personas["lyon_coordinator"].user
        section = document.sections.get(number=2)
        first = strategy.propose_amendment(
            section,
            city=lyon,
            proposed_by=coordinator,
            text_en="Cities welcome every newcomer.",
            text_fr="Les villes accueillent chaque nouveau venu.",
            needs_translation=False,
            reason="Clearer.",
        )
        strategy.decide_amendment(
            first, decided_by=None, expected_version=first.version, decision="accepted"
        )
        version = strategy.consolidate(document, made_by=None)
        strategy.propose_amendment(
            document.sections.get(number=1),
            city=lyon,
            proposed_by=coordinator,
            text_en="",
            text_fr="Les villes s’ouvrent à tous.",
            needs_translation=True,
            reason="Plus court.",
        )
        put_motion()
        open_now(put_motion())
        close_now(open_now(put_motion()))
    motions = Motion.objects.order_by("pk")
    return {
        "document": version.document_id,
        "version": version.number,
        "amendment": Amendment.objects.filter(status="proposed").first().pk,  # type: ignore[union-attr]
        "scheduled-vote": motions.filter(opened_at__isnull=True).first().pk,  # type: ignore[union-attr]
        "open-vote": motions.filter(opened_at__isnull=False, closed_at__isnull=True).first().pk,  # type: ignore[union-attr]
        "closed-vote": motions.filter(closed_at__isnull=False).first().pk,  # type: ignore[union-attr]
    }
