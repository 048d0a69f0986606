from django.utils.translation import gettext_lazy as _

VERB_LABELS = {
    "invitation.sent": _("sent an invitation"),
    "invitation.accepted": _("accepted an invitation"),
    "invitation.revoked": _("withdrew an invitation"),
    "role.granted": _("granted a role"),
    "role.revoked": _("withdrew a role"),
    "token.created": _("created an API token"),
    "token.revoked": _("revoked an API token"),
    "user.language_changed": _("changed their language"),
    "person.erased": _("erased a person's personal data"),
    "person.exported": _("exported a person's personal data"),
}
