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


def _city_name(slug: str) -> str:
    """Name a city recorded by its slug in the reader's language (older entries hold a name)."""
    from django.utils.translation import get_language

    from icc.network.models import City

    city = City.objects.filter(slug=slug).first()
    return city.name_in(get_language()) if city else slug


def register_change_labels() -> None:
    """Name the changes recorded on connection requests for readers."""
    from icc.connections.models import ConnectionRequest
    from icc.core.activity import register_change_labels as register

    register(ConnectionRequest, fields={"cities": _("cities")}, values={"cities": _city_name})
