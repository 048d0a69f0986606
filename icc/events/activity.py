from django.utils.translation import gettext_lazy as _

VERB_LABELS = {
    "event.created": _("added the event"),
    "event.updated": _("changed the event"),
    "event.published": _("published the event"),
    "event.cancelled": _("cancelled the event"),
}
