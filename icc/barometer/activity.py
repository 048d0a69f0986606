from django.utils.translation import gettext_lazy as _

VERB_LABELS = {
    "barometer.round.created": _("opened a barometer round"),
    "barometer.round.changed": _("changed a barometer round"),
    "barometer.round.published": _("published the barometer's group figures"),
    "barometer.invitation.sent": _("invited a company to the barometer"),
    "barometer.invitations.imported": _("invited companies to the barometer from a file"),
    "barometer.invitation.reminded": _("reminded a company of the barometer"),
    "barometer.consent.given": _("a company gave its consent to the barometer"),
    "barometer.response.submitted": _("a company submitted its barometer answers"),
    "barometer.response.erased": _("a company deleted its barometer answers"),
    "barometer.report.shared": _("a company shared its barometer report with the secretariat"),
    "barometer.report.unshared": _(
        "a company stopped sharing its barometer report with the secretariat"
    ),
}
