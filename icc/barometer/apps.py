from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BarometerConfig(AppConfig):
    name = "icc.barometer"
    label = "barometer"
    verbose_name = _("Diversity in business barometer")

    def ready(self) -> None:
        from icc.accounts.personal_data import PersonalDataProvider, register_personal_data
        from icc.barometer import personal_data
        from icc.barometer.activity import VERB_LABELS
        from icc.core.activity import register_verbs
        from icc.core.menus import register_account_links

        register_verbs(VERB_LABELS)
        register_personal_data(
            PersonalDataProvider("barometer", personal_data.export, personal_data.erase)
        )
        from icc.barometer import menu

        register_account_links(75, menu.account_links)
        # The daily reminders register themselves when the module is read.
        from icc.barometer import tasks  # noqa: F401
