from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "icc.network"
    label = "network"
    verbose_name = _("Network")

    def ready(self) -> None:
        from icc.core.activity import register_verbs
        from icc.network.activity import VERB_LABELS, register_change_labels

        register_verbs(VERB_LABELS)
        register_change_labels()
        # Connects the retry of failed tasks, for the tasks of every module.
        import icc.network.background  # noqa: F401

        _register_files()


def _register_files() -> None:
    """Let membership documents be downloaded by those who read the membership page."""
    from icc.core.downloads import FileKind, register_file_kind
    from icc.network.models import ExpertVisit, JoinStep
    from icc.network.permissions import can_download_membership_document

    register_file_kind(
        FileKind(
            "join-step",
            JoinStep,
            "document",
            can_download_membership_document,
            select_related=("city",),
        )
    )
    register_file_kind(
        FileKind(
            "expert-visit",
            ExpertVisit,
            "profile_report",
            can_download_membership_document,
            select_related=("city",),
        )
    )

        _register_files()


def _register_files() -> None:
    """Let membership documents be downloaded by those who read the membership page."""
    from icc.core.downloads import FileKind, register_file_kind
    from icc.network.models import ExpertVisit, JoinStep
    from icc.network.permissions import can_download_membership_document

    register_file_kind(
        FileKind(
            "join-step",
            JoinStep,
            "document",
            can_download_membership_document,
            select_related=("city",),
        )
    )
    register_file_kind(
        FileKind(
            "expert-visit",
            ExpertVisit,
            "profile_report",
            can_download_membership_document,
            select_related=("city",),
        )
    )
