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
        from icc.core.front_page import register_front_page_section
        from icc.events.front_page import next_events

        register_front_page_section(20, "events/front_page.html", next_events)
