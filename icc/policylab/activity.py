"""The policy lab's verbs in the activity log."""

from django.utils.translation import gettext_lazy as _

VERB_LABELS = {
    "policylab.stakeholder.created": _("added a stakeholder"),
    "policylab.stakeholder.changed": _("changed a stakeholder"),
    "policylab.stakeholder.merged": _("merged a duplicate stakeholder"),
    "policylab.contact.added": _("added a contact person"),
    "policylab.contact.removed": _("removed a contact person"),
    "policylab.lab.created": _("created a policy lab"),
    "policylab.lab.changed": _("changed a policy lab"),
    "policylab.session.added": _("added a lab session"),
    "policylab.document.added": _("added a session document"),
    "policylab.outcome.added": _("recorded a lab outcome"),
    "policylab.outcome.followed_up": _("followed up a commitment"),
    "policylab.outcome.reminded": _("reminded that a commitment is overdue"),
    "policylab.uptake.recorded": _("recorded an uptake of a practice"),
    "policylab.uptake.confirmed": _("confirmed an uptake"),
    "policylab.uptake.rejected": _("did not confirm an uptake"),
    "policylab.uptake.changed": _("changed an uptake"),
    "policylab.uptake.withdrawn": _("withdrew an uptake"),
    "policylab.strategy.created": _("added a national strategy"),
    "policylab.strategy.mapped": _("mapped a national strategy to the model framework"),
}
