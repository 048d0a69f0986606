from typing import Any

from django.utils.translation import gettext_lazy as _

VERB_LABELS = {
    "document.created": _("published the text for consultation"),
    "document.updated": _("changed the text's record"),
    "document.consolidated": _("wrote the accepted amendments into the text"),
    "document.endorsed": _("recorded a city council's endorsement"),
    "amendment.proposed": _("proposed the amendment"),
    "amendment.support": _("supported the amendment"),
    "amendment.comment": _("commented on the amendment"),
    "amendment.decided": _("decided on the amendment"),
    "motion.created": _("put the motion to the vote"),
    "motion.updated": _("changed the vote"),
    "motion.opened": _("opened the vote and fixed who may vote"),
    "motion.closed": _("closed the vote and published its result"),
    "motion.recounted": _("recounted the vote against its ballots"),
    "proxy.given": _("gave a proxy"),
    "proxy.withdrawn": _("withdrew a proxy"),
    "ballot.cast": _("cast a ballot"),
}


def _outcome(value: Any) -> str:
    names = {
        "adopted": _("Adopted"),
        "no_majority": _("No option reached the majority"),
        "no_quorum": _("The quorum was not reached"),
    }
    return str(names.get(value, value))


def _yes_no(value: Any) -> str:
    return str(_("yes") if value in (True, "True") else _("no"))


def register_change_labels() -> None:
    """Name the changes recorded on texts, amendments and votes for readers."""
    from icc.core.activity import register_change_labels as register
    from icc.governance.models import Amendment, Motion, StrategyDocument

    register(
        Motion,
        fields={
            "outcome": _("result"),
            "cast": _("ballots cast"),
            "matches": _("the recount matches"),
            "proxy": _("proxy"),
            "city": _("city"),
            "proxy_holder": _("proxy held by"),
        },
        values={"outcome": _outcome, "matches": _yes_no},
    )
    register(StrategyDocument, fields={"city": _("city")})
    register(Amendment, fields={"city": _("city")})
