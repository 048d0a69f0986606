from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommitmentConfig(AppConfig):
    name = "icc.commitment"
    label = "commitment"
    verbose_name = _("Political commitment")

    def ready(self) -> None:
        from icc.commitment.activity import VERB_LABELS
        from icc.core.activity import register_verbs

        register_verbs(VERB_LABELS)
        from icc.commitment import menu
        from icc.core.menus import register_account_links, register_record_links

        register_account_links(20, menu.account_links)
        register_record_links("network.City", 30, menu.city_links)
        # Registers the daily checks with the scheduler, and the tasks' descriptions.
        import icc.commitment.daily
        import icc.commitment.tasks  # noqa: F401
        from icc.accounts.personal_data import PersonalDataProvider, register_personal_data
        from icc.commitment.personal_data import erase_person, export_person

        register_personal_data(PersonalDataProvider("commitment", export_person, erase_person))
        _register_files()


def _register_files() -> None:
    """Let an instrument's document be downloaded by those who read the commitment page."""
    from icc.commitment.models import CommitmentInstrument
    from icc.commitment.permissions import can_download_instrument
    from icc.core.downloads import FileKind, register_file_kind

    register_file_kind(
        FileKind(
            "commitment-instrument",
            CommitmentInstrument,
            "document",
            can_download_instrument,
            select_related=("city",),
        )
    )
