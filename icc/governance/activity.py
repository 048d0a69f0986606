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
