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
