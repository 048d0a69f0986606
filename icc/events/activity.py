from typing import Any

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


def _registration_status(value: Any) -> str:
    from icc.events.models import Registration

    return str(dict(Registration.Status.choices).get(value, value))


def _attended(value: Any) -> str:
    if value == "code":
        return str(_("with the event's code"))
    return str(_("present") if value in (True, "True") else _("absent"))


def register_change_labels() -> None:
    """Name the changes recorded on events for readers: registrations, agenda, documents."""
    from icc.core.activity import register_change_labels as register
    from icc.events.models import Event

    register(
        Event,
        fields={
            "registration": _("registration"),
            "session": _("session"),
            "document": _("document"),
            "attended": _("attendance"),
        },
        values={"registration": _registration_status, "attended": _attended},
    )
