from django.utils.translation import gettext_lazy as _

VERB_LABELS = {
    "invitation.sent": _("sent an invitation"),
    "invitation.accepted": _("accepted an invitation"),
    "invitation.revoked": _("withdrew an invitation"),
    "role.granted": _("granted a role"),
    "role.changed": _("changed a role"),
    "role.revoked": _("withdrew a role"),
    "token.created": _("created an API token"),
    "token.revoked": _("revoked an API token"),
    "user.language_changed": _("changed their language"),
    "user.notification_frequency_changed": _("changed how often they get notification mails"),
    "person.erased": _("erased a person's personal data"),
    "person.exported": _("exported a person's personal data"),
}

NOTIFICATION_MESSAGES = {
    "role.granted": _("%(actor)s gave you a role: %(role)s (%(scope)s).%(tokens)s"),
    "role.changed": _(
        "%(actor)s changed your role from %(old_role)s to %(role)s (%(scope)s). "
        "Reason: %(reason)s%(tokens)s"
    ),
    "role.withdrawn": _(
        "%(actor)s withdrew your role %(role)s (%(scope)s). Reason: %(reason)s%(tokens)s"
    ),
}
