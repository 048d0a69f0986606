from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AntirumoursConfig(AppConfig):
    name = "icc.antirumours"
    label = "antirumours"
    verbose_name = _("Anti-rumours")

    def ready(self) -> None:
        from icc.accounts.personal_data import PersonalDataProvider, register_personal_data
        from icc.antirumours import menu
        from icc.antirumours.activity import VERB_LABELS
        from icc.antirumours.personal_data import erase_person, export_person
        from icc.core.activity import register_verbs
        from icc.core.menus import register_account_links

        register_verbs(VERB_LABELS)
        register_account_links(65, menu.account_links)
        register_personal_data(PersonalDataProvider("antirumours", export_person, erase_person))
        _register_files()
        _register_dashboard()


def _register_dashboard() -> None:
    """Show the secretariat the strategies, the catalogue and the proposals to decide."""
    from icc.core.dashboard_sections import register_dashboard_section

    def section() -> dict[str, Any] | None:
        # Imported when the dashboard is drawn: the selectors bring numpy and scipy.
        from icc.antirumours.selectors import dashboard_section

        return dashboard_section()

    register_dashboard_section(60, "antirumours/_dashboard_section.html", section)


def _register_files() -> None:
    """Let the readers of a strategy open its campaigns' materials."""
    from icc.antirumours.models import Material
    from icc.antirumours.permissions import can_download_material
    from icc.core.downloads import FileKind, register_file_kind

    register_file_kind(
        FileKind(
            "antirumours-material",
            Material,
            "file",
            can_download_material,
            select_related=("campaign__strategy__city",),
            content_type=lambda row: row.content_type,
        )
    )
