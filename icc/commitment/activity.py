from django.utils.translation import gettext_lazy as _

VERB_LABELS = {
    "office_term.recorded": _("recorded a term of office"),
    "office_term.ended": _("ended a term of office"),
    "office_term.corrected": _("corrected a term of office"),
    "election.recorded": _("added an election to the calendar"),
    "instrument.recorded": _("recorded a commitment instrument"),
    "reengagement_task.opened": _("opened a re-engagement task"),
    "reengagement_task.updated": _("updated a re-engagement task"),
}
