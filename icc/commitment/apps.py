from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommitmentConfig(AppConfig):
    name = "icc.commitment"
    label = "commitment"
    verbose_name = _("Political commitment")

    def ready(self) -> None:
        from icc.commitment.activity import VERB_LABELS
        from icc.core.activity import register_verbs

        register_verbs(VERB_LABELS)
        # Registers the daily checks with the scheduler.
        import icc.commitment.tasks  # noqa: F401
        from icc.accounts.personal_data import PersonalDataProvider, register_personal_data
        from icc.commitment.personal_data import erase_person, export_person

        register_personal_data(PersonalDataProvider("commitment", export_person, erase_person))
