from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningConfig(AppConfig):
    name = "icc.learning"
    label = "learning"
    verbose_name = _("Learning")

    def ready(self) -> None:
        from icc.core.activity import register_verbs
        from icc.learning.activity import VERB_LABELS

        register_verbs(VERB_LABELS)
        from icc.core.menus import register_account_links, register_record_links
        from icc.learning import menu

        register_account_links(45, menu.account_links)
        register_record_links("network.City", 45, menu.city_links)
        from icc.learning import enrolment_hooks

        enrolment_hooks.connect()
        # Registers the daily reminders with the scheduler.
        import icc.learning.daily  # noqa: F401

        _register_files()


def _register_files() -> None:
    """Let lesson images and files be downloaded by whoever may read the course."""
    from icc.core.downloads import FileKind, register_file_kind
    from icc.learning.models import LessonFile
    from icc.learning.permissions import can_download_lesson_file

    register_file_kind(
        FileKind(
            "lesson-file",
            LessonFile,
            "file",
            can_download_lesson_file,
            select_related=("course",),
            content_type=lambda row: row.content_type,
        )
    )
