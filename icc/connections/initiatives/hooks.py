"""Start-up registrations of common initiatives: verbs, notifications, document downloads."""

from django.utils.translation import gettext_lazy as _

VERB_LABELS = {
    "initiative.opened": _("opened a call for partners"),
    "initiative.interest": _("showed interest in a call for partners"),
    "initiative.partner_added": _("added a city to an initiative"),
    "initiative.status": _("changed the status of an initiative"),
    "initiative.published": _("published an initiative's page"),
    "initiative.package_added": _("added a work package"),
    "initiative.task_added": _("added a task"),
    "initiative.task_done": _("finished a task"),
    "initiative.message": _("wrote in a work package's thread"),
    "initiative.document": _("shared a document"),
    "initiative.output": _("recorded an output"),
    "initiative.practice_drafted": _("drafted a good practice from an output"),
    "initiative.edited": _("changed a call for partners"),
    "initiative.interest_withdrawn": _("withdrew an interest in a call for partners"),
    "initiative.role": _("changed a city's role in an initiative"),
    "initiative.meeting": _("planned a meeting of an initiative"),
    "initiative.output_edited": _("changed an output"),
    "initiative.left": _("took a city out of an initiative"),
    "initiative.meeting_changed": _("changed a meeting of an initiative"),
    "initiative.meeting_cancelled": _("cancelled a meeting of an initiative"),
}


def register() -> None:
    """Register verbs, notification kinds and the shared documents' download rule."""
    from icc.connections.initiatives import notifications  # noqa: F401 (notification kinds)
    from icc.connections.initiatives.models import DocumentVersion
    from icc.connections.initiatives.permissions import can_download_document
    from icc.core.activity import register_verbs
    from icc.core.downloads import FileKind, register_file_kind

    register_verbs(VERB_LABELS)
    register_file_kind(
        FileKind(
            "initiative-document",
            DocumentVersion,
            "file",
            can_download_document,
            select_related=("document__initiative",),
            content_type=lambda version: version.content_type,
        )
    )
