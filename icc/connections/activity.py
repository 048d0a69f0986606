from typing import Any

from django.utils.translation import gettext_lazy as _

VERB_LABELS = {
    "connection.proposed": _("proposed a connection"),
    "connection.accepted": _("accepted a connection"),
    "connection.declined": _("declined a connection"),
    "connection.logged": _("wrote in a connection's log"),
    "connection.visit_planned": _("planned a study visit"),
    "connection.visit_changed": _("changed a study visit"),
    "connection.visit_reported": _("reported on a study visit"),
    "mentoring.mentor_marked": _("marked a pilot city"),
    "mentoring.mentor_changed": _("changed a pilot city"),
    "mentoring.proposed": _("proposed a mentoring scheme"),
    "mentoring.accepted": _("accepted a mentoring scheme"),
    "mentoring.declined": _("declined a mentoring scheme"),
    "mentoring.status": _("changed the status of a mentoring scheme"),
    "mentoring.agreement_changed": _("changed a mentoring agreement"),
    "mentoring.goal_added": _("added a goal to a mentoring agreement"),
    "mentoring.milestone_added": _("added a milestone to a mentoring roadmap"),
    "mentoring.goal_changed": _("changed a goal of a mentoring agreement"),
    "mentoring.goal_removed": _("removed a goal from a mentoring agreement"),
    "mentoring.milestone_changed": _("changed a milestone of a mentoring roadmap"),
    "mentoring.milestone_removed": _("removed a milestone from a mentoring roadmap"),
    "mentoring.milestone_done": _("marked a mentoring milestone done"),
    "mentoring.signed": _("signed a mentoring agreement"),
    "mentoring.checked_in": _("logged a mentoring check-in"),
    "mentoring.evaluated": _("evaluated a mentoring scheme"),
    "mentoring.report_published": _("published a mentoring closing report"),
    "mentoring.practice_drafted": _("drafted a good practice from a mentoring scheme"),
    "mentoring.network_attached": _("attached a national network to a mentoring scheme"),
}


def _city_name(slug: str) -> str:
    """Name a city recorded by its slug in the reader's language (older entries hold a name)."""
    from django.utils.translation import get_language

    from icc.network.models import City

    city = City.objects.filter(slug=slug).first()
    return city.name_in(get_language()) if city else slug


def register_change_labels() -> None:
    """Name the changes recorded on connection requests for readers."""
    from icc.connections.models import ConnectionRequest
    from icc.core.activity import register_change_labels as register

    register(ConnectionRequest, fields={"cities": _("cities")}, values={"cities": _city_name})
    register_scheme_labels()


def _choice(choices: Any) -> Any:
    """Name a stored choice by its label in the reader's language (an unknown one as stored)."""

    def label(value: Any) -> str:
        return str(dict(choices.choices).get(value, value))

    return label


def _area_name(code: Any) -> str:
    """Name an Index area code in the reader's language (an unknown one as stored)."""
    from icc.connections.mentoring.selectors import area_choices

    return str(dict(area_choices()).get(code, code))


def register_scheme_labels() -> None:
    """Name the changes recorded on mentoring schemes for readers."""
    from icc.connections.models import Scheme, SchemeMember
    from icc.core.activity import register_change_labels as register

    register(
        Scheme,
        fields={
            "answer": _("answer"),
            "reason": _("reason"),
            "goals_met": _("goals met"),
            "signed": _("agreement signed"),
            "publishes_report": _("publishes the closing report"),
            "practice": _("draft good practice"),
            "national_network": _("national network"),
            "goal": _("goal"),
            "milestone": _("milestone"),
        },
        values={
            "goal": _area_name,
            "answer": _choice(SchemeMember.Answer),
            "goals_met": _choice(SchemeMember.GoalsMet),
        },
    )
