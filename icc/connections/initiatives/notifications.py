"""Whom a call's interest, an acceptance, an edit, a role, a meeting or a step tells (issue 17).

Every sentence is written in each reader's language: titles go in each language
(``in_each_language``), roles as catalogue messages translated for each reader.
"""

from collections.abc import Iterable
from datetime import date

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from icc.accounts.actors import Actor
from icc.accounts.models import User
from icc.accounts.notifications import (
    in_each_language,
    is_person,
    notify,
    register_notification_kinds,
)
from icc.accounts.selectors import people_of_city
from icc.connections.initiatives.models import Initiative, Meeting, Member
from icc.network.models import City
from icc.network.notifications import city_name

register_notification_kinds(
    {
        "initiative.interest": _("%(lead)s: %(actor)s (%(city)s) would like to join “%(title)s”."),
        "initiative.accepted": _("%(city)s: %(actor)s accepted your city in “%(title)s”."),
        "initiative.edited": _("%(actor)s changed the call for partners “%(title)s”."),
        "initiative.withdrawn": _(
            "%(lead)s: %(actor)s (%(city)s) withdrew the interest in “%(title)s”."
        ),
        "initiative.role": _("%(city)s is now %(role)s in “%(title)s” (changed by %(actor)s)."),
        "initiative.meeting": _("%(actor)s planned the meeting “%(meeting)s” of “%(title)s”."),
        "initiative.meeting_changed": _(
            "%(actor)s changed the meeting “%(meeting)s” of “%(title)s”: now %(date)s."
        ),
        "initiative.meeting_cancelled": _(
            "%(actor)s cancelled the meeting “%(meeting)s” of “%(title)s” (%(date)s)."
        ),
        "initiative.left": _("%(lead)s: %(actor)s took %(city)s out of “%(title)s”."),
        "initiative.started": _("%(actor)s closed the call: the work on “%(title)s” starts."),
        "initiative.finished": _("%(actor)s marked “%(title)s” finished."),
    }
)


def interest_expressed(initiative: Initiative, *, city: City, by: Actor | None) -> None:
    """Tell the lead city's people (or the organiser) that ``city`` would like to join."""
    if not is_person(by):
        return
    notify(
        _lead_people(initiative),
        kind="initiative.interest",
        target=initiative,
        actor=by,
        context={
            "lead": city_name(initiative.lead_city) if initiative.lead_city else "",
            "city": city_name(city),
            "title": _title(initiative),
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
        context={"city": city_name(city), "title": _title(initiative)},
    )


def _title(initiative: Initiative) -> dict[str, str]:
    return in_each_language(initiative.title_in)


def _people_of(cities: Iterable[City]) -> list[User]:
    return [person for city in cities for person in people_of_city(city)]


def _lead_people(initiative: Initiative) -> list[User]:
    """Return the people of the lead cities, and the organiser of a call without a lead city."""
    leads = [
        m.city for m in initiative.members.filter(role=Member.Role.LEAD).select_related("city")
    ]
    recipients = _people_of(leads)
    if initiative.lead_city_id is None and initiative.created_by is not None:
        recipients.append(initiative.created_by)
    return recipients


def call_edited(initiative: Initiative, *, by: Actor | None) -> None:
    """Tell the cities taking part and those waiting for an answer that the call changed."""
    if not is_person(by):
        return
    members = [m.city for m in initiative.members.select_related("city")]
    waiting = [i.city for i in initiative.interests.filter(answer="pending").select_related("city")]
    notify(
        _people_of(members + waiting) + _lead_people(initiative),
        kind="initiative.edited",
        target=initiative,
        actor=by,
        context={"title": _title(initiative)},
    )


def interest_withdrawn(initiative: Initiative, *, city: City, by: Actor | None) -> None:
    """Tell the lead that ``city`` no longer wishes to join."""
    if not is_person(by):
        return
    notify(
        _lead_people(initiative),
        kind="initiative.withdrawn",
        target=initiative,
        actor=by,
        context={
            "lead": city_name(initiative.lead_city) if initiative.lead_city else "",
            "city": city_name(city),
            "title": _title(initiative),
        },
    )


def role_changed(initiative: Initiative, *, member: Member, by: Actor | None) -> None:
    """Tell the city whose role changed, and the lead cities, its new role."""
    if not is_person(by):
        return
    notify(
        list(people_of_city(member.city)) + _lead_people(initiative),
        kind="initiative.role",
        target=initiative,
        actor=by,
        context={
            "city": city_name(member.city),
            "role": Member.Role(member.role).label,
            "title": _title(initiative),
        },
    )


def _members_people(initiative: Initiative) -> list[User]:
    return _people_of(m.city for m in initiative.members.select_related("city"))


def _tell_meeting(meeting: Meeting, kind: str, by: Actor | None) -> None:
    """Tell the people of every city of the initiative about ``meeting``, each in their language."""
    if not is_person(by):
        return
    initiative = meeting.initiative
    notify(
        _members_people(initiative),
        kind=kind,
        target=initiative,
        actor=by,
        context={
            "meeting": in_each_language(meeting.title_in),
            "title": _title(initiative),
            "date": _dates(meeting.meets_on),
        },
        link=reverse("connections:initiative-workspace", kwargs={"pk": initiative.pk}),
    )


def _dates(day: date) -> dict[str, str]:
    """Return ``day`` written as each language writes a date."""
    found = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            found[code] = date_format(day, "DATE_FORMAT")
    return found


def meeting_planned(meeting: Meeting, *, by: Actor | None) -> None:
    """Tell the people of every city of the initiative that a meeting is planned."""
    _tell_meeting(meeting, "initiative.meeting", by)


def meeting_changed(meeting: Meeting, *, by: Actor | None) -> None:
    """Tell the people of every city of the initiative that a meeting changed."""
    _tell_meeting(meeting, "initiative.meeting_changed", by)


def meeting_cancelled(meeting: Meeting, *, by: Actor | None) -> None:
    """Tell the people of every city of the initiative that a meeting is cancelled."""
    _tell_meeting(meeting, "initiative.meeting_cancelled", by)


def member_left(initiative: Initiative, *, city: City, by: Actor | None) -> None:
    """Tell the lead that ``city`` left the initiative."""
    if not is_person(by):
        return
    notify(
        _lead_people(initiative),
        kind="initiative.left",
        target=initiative,
        actor=by,
        context={
            "lead": city_name(initiative.lead_city) if initiative.lead_city else "",
            "city": city_name(city),
            "title": _title(initiative),
        },
    )


def status_changed(initiative: Initiative, *, by: Actor | None) -> None:
    """Tell every city of the initiative that the work starts, or that it is finished."""
    if not is_person(by) or initiative.status == Initiative.Status.CALL:
        return
    started = initiative.status == Initiative.Status.RUNNING
    notify(
        _members_people(initiative) + _lead_people(initiative),
        kind="initiative.started" if started else "initiative.finished",
        target=initiative,
        actor=by,
        context={"title": _title(initiative)},
        link=reverse("connections:initiative-workspace", kwargs={"pk": initiative.pk}),
    )
