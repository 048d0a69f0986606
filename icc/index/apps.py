from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndexConfig(AppConfig):
    name = "icc.index"
    label = "index"
    verbose_name = _("ICC Index")

    def ready(self) -> None:
        from icc.core.activity import register_change_labels, register_verbs
        from icc.index.activity import CHANGE_LABELS, VERB_LABELS
        from icc.index.models import Response

        register_verbs(VERB_LABELS)
        register_change_labels(Response, fields=CHANGE_LABELS)
        _register_files()
        from icc.core.front_page import register_front_page_section
        from icc.index.results.front_page import index_highlights

        register_front_page_section(30, "index/front_page.html", index_highlights)
        from icc.core.menus import register_record_links
        from icc.index import menu

        register_record_links("network.City", 10, menu.city_links)
        from django.db.models.signals import post_save

        from icc.index.services.results import refresh_results_on_city_save

        # A city's new facts change its peer groups (decision 0032).
        post_save.connect(
            refresh_results_on_city_save, sender="network.City", dispatch_uid="index-results-city"
        )


def _register_files() -> None:
    """Let the files attached to answers be downloaded by those who read the answers."""
    from icc.core.downloads import FileKind, register_file_kind
    from icc.index.models import EvidenceFile
    from icc.index.permissions import can_download_evidence

    register_file_kind(
        FileKind(
            "index-evidence",
            EvidenceFile,
            "file",
            can_download_evidence,
            select_related=("answer__response__city", "answer__response__round"),
            content_type=lambda evidence: evidence.content_type,
        )
    )
