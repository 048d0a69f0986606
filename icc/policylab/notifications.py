"""Whom the policy lab tells: the other side of a recorded uptake, and its recorder.

Found by ``accounts`` at start-up (decision 0017).
"""

from django.utils.translation import gettext_lazy as _

from icc.accounts.actors import Actor
from icc.accounts.models import User
from icc.accounts.notifications import is_person, notify, register_notification_kinds
from icc.accounts.selectors import coordinators_of_network, people_of_city, secretariat_people
from icc.network.models import City, NationalNetwork
from icc.policylab.models import Outcome, Uptake

register_notification_kinds(
    {
        "policylab.uptake_recorded": _(
            "An uptake of a good practice by %(adopter)s waits for your confirmation."
        ),
        "policylab.uptake_decided": _("The uptake by %(adopter)s is %(decision)s."),
        "policylab.uptake_changed": _(
            "The uptake of a good practice by %(adopter)s was changed: %(fields)s."
        ),
        "policylab.uptake_withdrawn": _(
            "The uptake of a good practice by %(adopter)s was withdrawn: %(reason)s"
        ),
        "policylab.commitment_overdue": _(
            "A commitment of %(owner)s from the lab “%(lab)s” is past its due date and still open."
        ),
    }
)


# Lazy: each recipient reads it in their own language.
_CHANGED_FIELDS = _("date, adaptation, evidence or framework elements")


def _other_side(uptake: Uptake, origin_city_id: int | None) -> list[User]:
    people: list[User] = []
    if uptake.recorded_side != "origin" and origin_city_id is not None:
        people += list(people_of_city(City.objects.get(pk=origin_city_id)))
    if uptake.recorded_side != "adopter":
        if uptake.adopter_city_id is not None:
            people += list(people_of_city(uptake.adopter_city))
        else:
            body = uptake.adopter_stakeholder or uptake.strategy
            country = body.country if body is not None else ""
            for network in NationalNetwork.objects.filter(country=country):
                people += list(coordinators_of_network(network))
    return people or list(secretariat_people())


def uptake_recorded(uptake: Uptake, *, origin_city_id: int | None, by: Actor | None) -> None:
    """Ask the other side (or else the secretariat) to confirm the uptake."""
    if not is_person(by):
        return
    notify(
        _other_side(uptake, origin_city_id),
        kind="policylab.uptake_recorded",
        target=uptake,
        actor=by,
        context={"adopter": uptake.adopter_label},
    )


def uptake_decided(uptake: Uptake, *, by: Actor | None) -> None:
    """Tell the person who recorded the uptake whether it was confirmed."""
    if not is_person(by) or uptake.recorded_by is None:
        return
    notify(
        [uptake.recorded_by],
        kind="policylab.uptake_decided",
        target=uptake,
        actor=by,
        context={
            "adopter": uptake.adopter_label,
            "decision": Uptake.Status(uptake.status).label,
        },
    )


def uptake_changed(uptake: Uptake, *, origin_city_id: int | None, by: Actor | None) -> None:
    """Tell the other side (else the secretariat) that the uptake was changed."""
    if not is_person(by):
        return
    notify(
        _other_side(uptake, origin_city_id),
        kind="policylab.uptake_changed",
        target=uptake,
        actor=by,
        context={"adopter": uptake.adopter_label, "fields": _CHANGED_FIELDS},
    )


def uptake_withdrawn(
    uptake: Uptake, *, origin_city_id: int | None, by: Actor | None, was_confirmed: bool
) -> None:
    """Tell those concerned that the uptake was withdrawn: the other side, its recorder, and
    the person who confirmed it (the public journey changed)."""
    if not is_person(by):
        return
    people = _other_side(uptake, origin_city_id)
    for person in (uptake.recorded_by, uptake.confirmed_by if was_confirmed else None):
        if person is not None and person not in people:
            people.append(person)
    notify(
        [person for person in people if person != by],
        kind="policylab.uptake_withdrawn",
        target=uptake,
        actor=by,
        context={"adopter": uptake.adopter_label, "reason": uptake.withdrawal_reason},
    )


def commitment_overdue(outcome: Outcome) -> None:
    """Tell the coordinators of the owner's country (else the secretariat) a commitment is late."""
    owner = outcome.owner
    people: list[User] = []
    if owner is not None and owner.country:
        for network in NationalNetwork.objects.filter(country=owner.country):
            people += list(coordinators_of_network(network))
    lab = outcome.session.lab
    notify(
        people or list(secretariat_people()),
        kind="policylab.commitment_overdue",
        target=lab,
        actor=None,
        context={
            "owner": owner.name if owner is not None else "",
            "lab": {"en": lab.title_en, "fr": lab.title_fr or lab.title_en},
        },
    )
