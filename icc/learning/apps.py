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
    """Let lesson and library files be downloaded by whoever may read the course or resource.

    A library file's download is counted for the person's city (``on_download``).
    """
    from icc.core.downloads import FileKind, register_file_kind
    from icc.learning.models import LessonFile, ResourceFile
    from icc.learning.permissions import can_download_lesson_file, can_download_resource_file
    from icc.learning.services.library import count_file_download

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
    register_file_kind(
        FileKind(
            "resource-file",
            ResourceFile,
            "file",
            can_download_resource_file,
            select_related=("version__resource",),
            content_type=lambda row: row.content_type,
            filename=lambda row: row.name,
            on_download=count_file_download,
        )
    )
