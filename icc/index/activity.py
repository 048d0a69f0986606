from django.utils.translation import gettext_lazy as _

VERB_LABELS = {
    "index.edition.loaded": _("loaded an Index edition"),
    "index.round.opened": _("opened an Index round"),
    "index.response.started": _("started the Index questionnaire"),
    "index.response.submitted": _("submitted the Index answers"),
    "index.answer.accepted": _("accepted an Index answer"),
    "index.answer.queried": _("queried an Index answer"),
    "index.answers.accepted": _("accepted the remaining Index answers"),
    "index.query.replied": _("replied to a query on an Index answer"),
    "index.consent.given": _("consented to public Index results"),
    "index.consent.withdrawn": _("withdrew consent to public Index results"),
    "index.response.validated": _("validated the Index answers"),
    "index.response.published": _("published the Index results"),
    "index.response.unpublished": _("withdrew the published Index results"),
    "index.round.peer_bands_changed": _("changed the peer groups of an Index round"),
    "index.answers.saved": _("saved Index answers"),
    "index.evidence.added": _("attached a file to an Index answer"),
    "index.answers.imported": _("imported Index answers from a CSV file"),
    "index.reports.requested": _("asked for the PDF reports of every city of a round"),
}

# Change keys of the entries above that are not fields of their record (a response).
CHANGE_LABELS = {"questions": _("questions")}
