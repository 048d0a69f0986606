from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConnectionsConfig(AppConfig):
    name = "icc.connections"
    label = "connections"
    verbose_name = _("Connections")

    def ready(self) -> None:
        from icc.connections.activity import VERB_LABELS, register_change_labels
        from icc.core.activity import register_verbs

        register_verbs(VERB_LABELS)
        register_change_labels()
        from icc.connections import menu
        from icc.core.menus import register_account_links, register_record_links

        register_account_links(40, menu.account_links)
        register_record_links("network.City", 40, menu.city_links)
        _register_mentoring()
        from icc.connections.initiatives import hooks  # common initiatives (issue 17)

        hooks.register()


def _register_mentoring() -> None:
    """Register mentoring's daily jobs, check-in documents and dashboard section."""
    from icc.connections.mentoring import selectors, tasks  # noqa: F401 (daily jobs)
    from icc.connections.models import CheckIn
    from icc.connections.permissions import can_download_checkin_document
    from icc.core.dashboard_sections import register_dashboard_section
    from icc.core.downloads import FileKind, register_file_kind

    register_file_kind(
        FileKind(
            "mentoring-check-in",
            CheckIn,
            "document",
            can_download_checkin_document,
            select_related=("scheme",),
        )
    )
    register_dashboard_section(
        50, "connections/mentoring/_dashboard_section.html", selectors.dashboard_section
    )
