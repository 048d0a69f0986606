from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndexConfig(AppConfig):
    name = "icc.index"
    label = "index"
    verbose_name = _("ICC Index")

    def ready(self) -> None:
        from icc.core.activity import register_verbs
        from icc.index.activity import VERB_LABELS

        register_verbs(VERB_LABELS)
