"""The verbs of the anti-rumours records in the activity log."""

from django.utils.translation import gettext_lazy as _

VERB_LABELS = {
    "antirumours.strategy.started": _("started the anti-rumours strategy"),
    "antirumours.strategy.updated": _("changed the anti-rumours strategy"),
    "antirumours.city_rumour.added": _("recorded a rumour heard in the city"),
    "antirumours.organisation.added": _("added an organisation to the anti-rumours network"),
    "antirumours.module.added": _("added a training module"),
    "antirumours.agent.added": _("added an anti-rumour agent"),
    "antirumours.session.added": _("recorded a training session"),
    "antirumours.campaign.added": _("added a campaign"),
    "antirumours.campaign.updated": _("changed a campaign"),
    "antirumours.material.added": _("added a campaign material"),
    "antirumours.survey.added": _("created a perception survey"),
    "antirumours.survey.changed": _("changed the items of a perception survey"),
    "antirumours.wave.added": _("opened a survey wave"),
    "antirumours.answers.entered": _("entered a paper answer"),
    "antirumours.answers.imported": _("imported survey answers"),
    "antirumours.rumour.created": _("wrote a catalogue rumour"),
    "antirumours.rumour.updated": _("changed a catalogue rumour"),
    "antirumours.rumour.submitted": _("proposed a rumour for the catalogue"),
    "antirumours.rumour.published": _("published a catalogue rumour"),
    "antirumours.rumour.rejected": _("did not take a rumour into the catalogue"),
    "antirumours.counter.added": _("added a counter-argument"),
    "antirumours.theme.added": _("added a theme of rumours"),
}
