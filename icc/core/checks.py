"""System checks of the platform's own settings (``manage.py check --deploy``)."""

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, register


@register(Tags.security, deploy=True)
def check_production_environment(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Fail the deploy check when production takes SECRET_KEY or ALLOWED_HOSTS from no variable."""
    return [
        Error(
            f"{name} is not set in the environment.",
            hint=(
                "In production every server must share one SECRET_KEY and name its hosts "
                "in ALLOWED_HOSTS; a key kept under var/ differs on each machine."
            ),
            id="icc.E001",
        )
        for name in getattr(settings, "ICC_MISSING_FOR_PRODUCTION", [])
    ]
