from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "icc.events"
    label = "events"
    verbose_name = _("Events")

    def ready(self) -> None:
        from icc.core.activity import register_verbs
        from icc.events.activity import VERB_LABELS, register_change_labels

        register_verbs(VERB_LABELS)
        register_change_labels()
        from icc.core.front_page import register_front_page_section
        from icc.events.front_page import next_events

        register_front_page_section(20, "events/front_page.html", next_events)
        # The reminders register their daily job when the module is read.
        from icc.events import tasks  # noqa: F401

        _register_files()


def _register_files() -> None:
    """Let whoever reads an event open its documents."""
    from icc.core.downloads import FileKind, register_file_kind
    from icc.events.models import EventDocument
    from icc.events.permissions import can_download_event_document

    register_file_kind(
        FileKind(
            "event-document",
            EventDocument,
            "file",
            can_download_event_document,
            select_related=("event",),
            content_type=lambda row: row.content_type,
        )
    )
