from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "icc.governance"
    label = "governance"
    verbose_name = _("Governance")

    def ready(self) -> None:
        from icc.core.activity import register_verbs
        from icc.governance.activity import VERB_LABELS, register_change_labels

        register_verbs(VERB_LABELS)
        register_change_labels()
        from icc.core.menus import register_account_links
        from icc.governance import menu

        register_account_links(60, menu.account_links)
        _register_files()
        # The daily job registers itself when the module is read.
        from icc.governance import tasks  # noqa: F401


def _register_files() -> None:
    """Let every reader of a text open the council decisions that endorsed it."""
    from icc.core.downloads import FileKind, register_file_kind
    from icc.governance.models import Endorsement
    from icc.governance.permissions import can_download_endorsement

    register_file_kind(
        FileKind(
            "governance-endorsement",
            Endorsement,
            "decision",
            can_download_endorsement,
            select_related=("city",),
            content_type=lambda row: row.decision_type,
        )
    )
