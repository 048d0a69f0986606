from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificationConfig(AppConfig):
    name = "icc.certification"
    label = "certification"
    verbose_name = _("Certification of intercultural NGOs")

    def ready(self) -> None:
        from icc.certification.activity import VERB_LABELS, register_change_labels
        from icc.core.activity import register_verbs

        register_verbs(VERB_LABELS)
        register_change_labels()
        from icc.certification import hooks, menu
        from icc.core.menus import register_account_links

        register_account_links(50, menu.account_links)
        hooks.connect()
        # Registers the daily reminders with the scheduler.
        import icc.certification.daily  # noqa: F401

        _register_files()
        from icc.accounts.personal_data import PersonalDataProvider, register_personal_data
        from icc.certification.personal_data import erase_person, export_person

        register_personal_data(PersonalDataProvider("certification", export_person, erase_person))


def _register_files() -> None:
    """Let an evidence file be downloaded by whoever may read its application."""
    from icc.certification.models import EvidenceFile
    from icc.certification.permissions import can_download_evidence
    from icc.core.downloads import FileKind, register_file_kind

    register_file_kind(
        FileKind(
            "certification-evidence",
            EvidenceFile,
            "file",
            can_download_evidence,
            select_related=("application__organisation",),
            content_type=lambda row: row.content_type,
            filename=lambda row: row.name,
        )
    )
