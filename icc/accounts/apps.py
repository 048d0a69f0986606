from importlib import import_module

from django.apps import AppConfig, apps
from django.utils.module_loading import module_has_submodule
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "icc.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from icc.accounts.activity import NOTIFICATION_MESSAGES, VERB_LABELS, register_change_labels
        from icc.accounts.notifications import register_notification_kinds
        from icc.core.activity import register_verbs

        register_verbs(VERB_LABELS)
        register_change_labels()
        register_notification_kinds(NOTIFICATION_MESSAGES)
        _discover_notification_modules()


def _discover_notification_modules() -> None:
    """Import each platform app's ``notifications`` module, which registers its messages.

    As the admin finds ``admin.py``: accounts names no feature app, and the worker,
    which renders mails, knows every message without loading the URLs (decision 0017).
    """
    for config in apps.get_app_configs():
        if config.name.startswith("icc.") and module_has_submodule(config.module, "notifications"):
            import_module(f"{config.name}.notifications")
