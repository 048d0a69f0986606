from django.utils.translation import gettext_lazy as _

VERB_LABELS = {
    "city.created": _("created the city"),
    "city.updated": _("updated the city profile"),
    "city.status_changed": _("changed the membership status"),
    "join_step.updated": _("updated a join step"),
    "financial_agreement.recorded": _("recorded a financial agreement"),
    "invoice.recorded": _("recorded an invoice"),
    "payment.recorded": _("recorded a payment"),
    "expert_visit.recorded": _("recorded the expert visit"),
    "task_failure.retried": _("queued a failed task again"),
    "national_network.created": _("created the national network"),
    "national_network.updated": _("updated the national network"),
}
