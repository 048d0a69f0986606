"""Whom a call's interest and an acceptance tell (issue 17)."""

from django.utils.translation import gettext_lazy as _

from icc.accounts.actors import Actor
from icc.accounts.notifications import is_person, notify, register_notification_kinds
from icc.accounts.selectors import people_of_city
from icc.connections.initiatives.models import Initiative
from icc.network.models import City
from icc.network.notifications import city_name

register_notification_kinds(
    {
        "initiative.interest": _("%(lead)s: %(actor)s (%(city)s) would like to join “%(title)s”."),
        "initiative.accepted": _("%(city)s: %(actor)s accepted your city in “%(title)s”."),
    }
)


def interest_expressed(initiative: Initiative, *, city: City, by: Actor | None) -> None:
    """Tell the lead city's people (or the organiser) that ``city`` would like to join."""
    if not is_person(by):
        return
    recipients = list(people_of_city(initiative.lead_city)) if initiative.lead_city else []
    if initiative.created_by is not None:
        recipients.append(initiative.created_by)
    notify(
        recipients,
        kind="initiative.interest",
        target=initiative,
        actor=by,
        context={
            "lead": city_name(initiative.lead_city) if initiative.lead_city else "",
            "city": city_name(city),
            "title": initiative.title,
        },
    )


def partner_accepted(initiative: Initiative, *, city: City, by: Actor | None) -> None:
    """Tell the accepted city's people."""
    if not is_person(by):
        return
    notify(
        people_of_city(city),
        kind="initiative.accepted",
        target=initiative,
        actor=by,
        context={"city": city_name(city), "title": initiative.title},
    )
