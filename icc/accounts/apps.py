from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "icc.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from icc.accounts.activity import VERB_LABELS
        from icc.core.activity import register_verbs

        register_verbs(VERB_LABELS)
