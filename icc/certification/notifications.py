"""What the certification tells people, in each reader's language."""

from django.utils.translation import gettext_lazy

from icc.accounts.notifications import register_notification_kinds

NOTIFICATIONS = {
    "certification.organisation.confirmed": gettext_lazy(
        "%(actor)s confirmed your organisation “%(organisation)s”: it may now apply."
    ),
    "certification.review.assigned": gettext_lazy(
        "You are asked to review the application of “%(organisation)s”. "
        "Declare any conflict of interest before opening it."
    ),
    "certification.decision.made": gettext_lazy(
        "The commission decided on the application of “%(organisation)s”: %(outcome)s."
    ),
    "certification.certificate.status": gettext_lazy(
        "The certificate of “%(organisation)s” is now: %(status)s."
    ),
    "certification.certificate.expiring": gettext_lazy(
        "The certificate of “%(organisation)s” expires on %(date)s: start the renewal."
    ),
    "certification.appeal.closed": gettext_lazy(
        "The appeal of “%(organisation)s” is closed: %(outcome)s."
    ),
    "certification.review.reconcile": gettext_lazy(
        "Both reviews of “%(organisation)s” are in and differ: record the agreed scores."
    ),
    "certification.review.resubmitted": gettext_lazy(
        "“%(organisation)s” resubmitted its application after the required actions: score it again."
    ),
    "certification.complaint.overdue": gettext_lazy(
        "The complaint %(reference)s about “%(organisation)s” was due on %(date)s."
    ),
    "certification.appeal.overdue": gettext_lazy(
        "The appeal of “%(organisation)s” was due to be answered on %(date)s."
    ),
    "certification.deferral.overdue": gettext_lazy(
        "The actions required of “%(organisation)s” were due on %(date)s: "
        "the application is not resubmitted yet."
    ),
}

register_notification_kinds(NOTIFICATIONS)
