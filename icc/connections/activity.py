from django.utils.translation import gettext_lazy as _

VERB_LABELS = {
    "connection.proposed": _("proposed a connection"),
    "connection.accepted": _("accepted a connection"),
    "connection.declined": _("declined a connection"),
    "connection.logged": _("wrote in a connection's log"),
    "connection.visit_planned": _("planned a study visit"),
    "connection.visit_changed": _("changed a study visit"),
    "connection.visit_reported": _("reported on a study visit"),
}
