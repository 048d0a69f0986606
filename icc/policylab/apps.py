from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PolicylabConfig(AppConfig):
    name = "icc.policylab"
    label = "policylab"
    verbose_name = _("Policy lab")

    def ready(self) -> None:
        from icc.core.activity import register_verbs
        from icc.core.menus import register_account_links
        from icc.policylab import menu
        from icc.policylab.activity import VERB_LABELS

        register_verbs(VERB_LABELS)
        register_account_links(65, menu.account_links)
        from icc.core.related_links import register_related_link
        from icc.policylab.selectors import journey_link

        # A practice's page links to its journey when there is one (decision 0069).
        register_related_link("practice", "policylab-journey", journey_link)
        _register_files()
        _register_personal_data()
        # The daily job registers itself when the module is read.
        from icc.policylab import tasks  # noqa: F401


def _register_files() -> None:
    """Let readers of a lab open its session documents, and confirmers an uptake's evidence."""
    from icc.core.downloads import FileKind, register_file_kind
    from icc.policylab.models import SessionDocument, Uptake
    from icc.policylab.permissions import can_download_evidence, can_download_session_document

    register_file_kind(
        FileKind(
            "policylab-session-document",
            SessionDocument,
            "file",
            can_download_session_document,
            select_related=("session__lab",),
            content_type=lambda row: row.content_type,
        )
    )
    register_file_kind(
        FileKind(
            "policylab-evidence",
            Uptake,
            "evidence_file",
            can_download_evidence,
            content_type=lambda row: row.evidence_type,
        )
    )


def _register_personal_data() -> None:
    """Export and erase the contact records that carry a person's e-mail address."""
    from icc.accounts.personal_data import PersonalDataProvider, register_personal_data
    from icc.policylab.services.stakeholders import erase_contacts_of, export_contacts_of

    register_personal_data(
        PersonalDataProvider("policylab", export=export_contacts_of, erase=erase_contacts_of)
    )
