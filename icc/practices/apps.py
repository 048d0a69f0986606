from typing import Any

from django.apps import AppConfig
from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class PracticesConfig(AppConfig):
    name = "icc.practices"
    label = "practices"
    verbose_name = _("Good practices")

    def ready(self) -> None:
        from icc.core.activity import register_verbs
        from icc.practices.activity import VERB_LABELS, register_change_labels

        register_verbs(VERB_LABELS)
        register_change_labels()
        from icc.core.front_page import register_front_page_section
        from icc.practices.front_page import latest_practices_and_stories

        register_front_page_section(10, "practices/front_page.html", latest_practices_and_stories)
        from icc.core.menus import register_account_links, register_record_links
        from icc.practices import menu

        register_account_links(30, menu.account_links)
        register_record_links("network.City", 20, menu.city_links)
        # Registers the daily digest of questions with the scheduler.
        import icc.practices.tasks  # noqa: F401

        post_migrate.connect(_empty_search_index_without_practices, sender=self)
        _register_files()


def _register_files() -> None:
    """Let a practice's files and thumbnails be downloaded by whoever may read the practice."""
    from icc.core.downloads import FileKind, register_file_kind
    from icc.practices.models import PracticeAttachment
    from icc.practices.permissions import can_download_attachment

    register_file_kind(
        FileKind(
            "practice-attachment",
            PracticeAttachment,
            "file",
            can_download_attachment,
            select_related=("practice__city",),
            content_type=lambda attachment: attachment.content_type,
        )
    )
    register_file_kind(
        FileKind(
            "practice-thumbnail",
            PracticeAttachment,
            "thumbnail",
            can_download_attachment,
            select_related=("practice__city",),
        )
    )


def _empty_search_index_without_practices(**kwargs: Any) -> None:
    """Empty the search tables when no practice is left, as after a flush.

    The search tables are not models, so ``flush`` (which the browser tests run between
    journeys) leaves their rows behind; counts would then include practices that are gone.
    With practices present nothing is done: rebuilding a large index on every migrate
    would take minutes.
    """
    from icc.practices import search
    from icc.practices.models import Practice

    # The search module writes through the default connection only.
    if kwargs.get("using", DEFAULT_DB_ALIAS) != DEFAULT_DB_ALIAS:
        return
    if not Practice.objects.exists():
        with transaction.atomic():
            search.rebuild_index()
