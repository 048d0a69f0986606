from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "icc.network"
    label = "network"
    verbose_name = _("Network")

    def ready(self) -> None:
        from icc.core.activity import register_verbs
        from icc.network.activity import VERB_LABELS

        register_verbs(VERB_LABELS)
        # Connects the retry of failed tasks, for the tasks of every module.
        import icc.network.background  # noqa: F401
