from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "icc.events"
    label = "events"
    verbose_name = _("Events")

    def ready(self) -> None:
        from icc.core.activity import register_verbs
        from icc.events.activity import VERB_LABELS

        register_verbs(VERB_LABELS)
