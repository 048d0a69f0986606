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
