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


def register_change_labels() -> None:
    """Name the changes recorded on roles and invitations for readers.

    Roles are stored as their keys, so the choice label is given in the reader's language.
    """
    from icc.accounts.models import Invitation, RoleGrant
    from icc.core.activity import register_change_labels as register

    for model in (RoleGrant, Invitation):
        register(model, fields={"person": _("person"), "reason": _("reason")})
