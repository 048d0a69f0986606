from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

VERB_LABELS = {
    "city.created": _("created the city"),
    "city.updated": _("updated the city profile"),
    "city.status_changed": _("changed the membership status"),
    "join_step.updated": _("updated a join step"),
    "join_step_definition.created": _("added a join step to the network's order"),
    "join_step_definition.updated": _("changed a join step of the network's order"),
    "financial_agreement.recorded": _("recorded a financial agreement"),
    "invoice.recorded": _("recorded an invoice"),
    "payment.recorded": _("recorded a payment"),
    "expert_visit.recorded": _("recorded the expert visit"),
    "national_network.created": _("created the national network"),
    "national_network.updated": _("updated the national network"),
}


def _language_name(code: str) -> str:
    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return code


def register_change_labels() -> None:
    """Name the changes of cities and their membership records for readers."""
    from icc.core.activity import register_change_labels as register
    from icc.network.models import City, JoinStepDefinition

    register(City, fields={"reason": _("reason")}, values={"languages": _language_name})
    register(JoinStepDefinition, fields={"name": _("name")})
