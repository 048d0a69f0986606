from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommitmentConfig(AppConfig):
    name = "icc.commitment"
    label = "commitment"
    verbose_name = _("Political commitment")
