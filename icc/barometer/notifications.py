"""Whom the barometer tells: a city's people when the round's figures are published.

Found by ``accounts`` at start-up (decision 0017).
"""

from django.utils.translation import gettext_lazy as _

from icc.accounts.notifications import register_notification_kinds

MESSAGES = {
    "barometer.published": _("The barometer figures of “%(round)s” are published."),
}
register_notification_kinds(MESSAGES)
