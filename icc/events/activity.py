from django.utils.translation import gettext_lazy as _

VERB_LABELS = {
    "event.created": _("added the event"),
    "event.updated": _("changed the event"),
    "event.published": _("published the event"),
    "event.cancelled": _("cancelled the event"),
    "event.registered": _("registered for the event"),
    "event.registration_cancelled": _("cancelled a registration"),
    "event.place_given": _("gave a freed place to the next person waiting"),
    "event.attended": _("recorded their attendance with the event's code"),
    "event.attendance_marked": _("recorded an attendance"),
    "event.session_added": _("added a session to the agenda"),
    "event.session_removed": _("removed a session from the agenda"),
    "event.document_added": _("added a document"),
}
