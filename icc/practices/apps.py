from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PracticesConfig(AppConfig):
    name = "icc.practices"
    label = "practices"
    verbose_name = _("Good practices")

    def ready(self) -> None:
        from icc.core.activity import register_verbs
        from icc.practices.activity import VERB_LABELS

        register_verbs(VERB_LABELS)
        # Registers the daily digest of questions with the scheduler.
        import icc.practices.tasks  # noqa: F401
