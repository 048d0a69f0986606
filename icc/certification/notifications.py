"""What the certification tells people, in each reader's language."""

from icc.accounts.notifications import register_notification_kinds
from icc.certification.services import NOTIFICATIONS

register_notification_kinds(NOTIFICATIONS)
