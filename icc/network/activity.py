from django.utils.translation import gettext_lazy as _

VERB_LABELS = {
    "city.created": _("created the city"),
    "city.updated": _("updated the city profile"),
    "national_network.created": _("created the national network"),
    "national_network.updated": _("updated the national network"),
}
