"""The certification's periods and limits, in one place."""

VALIDITY_YEARS = 3
# A decision sets the certificate's validity within these years (real labels: 3 to 5).
VALIDITY_CHOICES = (3, 4, 5)
APPEAL_DAYS = 30
HANDLING_DAYS = 60
# Two reviewers' points on a criterion differing by more than this are listed to reconcile.
MARGIN = 1
REMINDER_DAYS = (90, 30)
# Overdue complaints, appeals and required actions: one reminder per item per period.
OVERDUE_PERIOD_DAYS = 7
# Reminders of overdue required actions stop this long after the deadline.
DEFERRAL_REMINDER_DAYS = 56
MAX_LINKS = 10
