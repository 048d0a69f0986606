from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "icc.network"
    label = "network"
    verbose_name = _("Network")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from icc.core.activity import register_verbs
        from icc.core.menus import register_account_links
        from icc.network import menu
        from icc.network.activity import VERB_LABELS, register_change_labels
        from icc.network.join_steps import ship_join_steps

        register_verbs(VERB_LABELS)
        register_change_labels()
        register_account_links(10, menu.account_links)
        # The shipped join steps come back after a flush, as after the first migration.
        post_migrate.connect(ship_join_steps, sender=self)

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
