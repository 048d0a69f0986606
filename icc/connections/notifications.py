"""Whom a connection proposal and its acceptance tell, and whom mentoring tells.

Found by ``accounts`` at start-up, as the admin finds ``admin.py`` (decision 0017).
"""

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from icc.accounts.actors import Actor
from icc.accounts.models import Role, RoleGrant, User
from icc.accounts.notifications import (
    in_each_language,
    is_person,
    notify,
    register_notification_kinds,
)
from icc.accounts.selectors import people_of_city, secretariat_people
from icc.connections.models import ConnectionRequest, Milestone, Scheme, SchemeMember
from icc.core.actors import author
from icc.core.dates import format_date
from icc.network.models import City
from icc.network.notifications import city_name

register_notification_kinds(
    {
        "connection.proposed": _(
            "%(city)s: %(actor)s (%(from_city)s) proposes to work together on “%(topic)s”."
        ),
        "connection.accepted": _(
            "%(from_city)s: %(actor)s (%(city)s) accepted to work together on “%(topic)s”."
        ),
    }
)


def connection_proposed(
    request: ConnectionRequest, *, cities: Sequence[City], by: Actor | None
) -> None:
    """Tell the people of each invited city of the proposal."""
    if not is_person(by):
        return
    for city in cities:
        notify(
            people_of_city(city),
            kind="connection.proposed",
            target=request,
            actor=by,
            context={
                "city": city_name(city),
                "from_city": city_name(request.from_city),
                "topic": request.topic,
            },
        )


def connection_accepted(request: ConnectionRequest, *, city: City, by: Actor | None) -> None:
    """Tell the proposing city's people, and the proposer, that ``city`` accepted."""
    if not is_person(by):
        return
    recipients = list(people_of_city(request.from_city))
    if request.proposed_by is not None:
        recipients.append(request.proposed_by)
    notify(
        recipients,
        kind="connection.accepted",
        target=request,
        actor=by,
        context={
            "city": city_name(city),
            "from_city": city_name(request.from_city),
            "topic": request.topic,
        },
    )


register_notification_kinds(
    {
        "mentoring.proposed": _(
            "%(city)s: %(actor)s proposes a mentoring scheme, “%(title)s”, with %(cities)s."
        ),
        "mentoring.answered": _("“%(title)s”: %(actor)s answered for %(city)s: %(answer)s."),
        "mentoring.started": _("“%(title)s”: every city accepted; the mentoring is under way."),
        "mentoring.milestone_due": _(
            "“%(title)s”: the milestone “%(milestone)s” of %(city)s is due on %(due_on)s."
        ),
        "mentoring.agreement_changed": _(
            "“%(title)s”: %(actor)s changed “%(item)s” in the agreement; each city signs it again."
        ),
        "mentoring.agreement_item_removed": _(
            "“%(title)s”: %(actor)s removed “%(item)s” from the agreement;"
            " each city signs it again."
        ),
        "mentoring.closed": _(
            "“%(title)s”: every city has written its evaluation; the scheme is closed."
        ),
        "mentoring.stalled": _(
            "“%(title)s”: no check-in for %(days)s days; the scheme is marked as stalled."
            " Record a check-in to take it up again."
        ),
    }
)


def _people_of_scheme(scheme: Scheme) -> list[Any]:
    """Return the people of the scheme's cities that answered or will: its readers who act."""
    people: list[Any] = []
    for member in scheme.members.all():
        if member.answer != SchemeMember.Answer.DECLINED:
            people += list(people_of_city(member.city))
    return people


def scheme_proposed(scheme: Scheme, *, by: Actor | None) -> None:
    """Tell the people of each city of a proposed scheme."""
    if not is_person(by):
        return
    members = list(scheme.members.all())
    for member in members:
        others = ", ".join(str(m.city) for m in members if m.pk != member.pk)
        notify(
            people_of_city(member.city),
            kind="mentoring.proposed",
            target=scheme,
            actor=by,
            context={
                "city": city_name(member.city),
                "title": in_each_language(scheme.title_in),
                "cities": others,
            },
        )


def scheme_answered(scheme: Scheme, *, member: SchemeMember, by: Actor | None) -> None:
    """Tell the secretariat and the other cities of a scheme that one city answered."""
    if not is_person(by):
        return
    recipients = list(secretariat_people()) + _people_of_scheme(scheme)
    notify(
        recipients,
        kind="mentoring.answered",
        target=scheme,
        actor=by,
        context={
            "title": in_each_language(scheme.title_in),
            "city": city_name(member.city),
            "answer": SchemeMember.Answer(member.answer).label,
        },
    )


def scheme_started(scheme: Scheme, *, by: Actor | None) -> None:
    """Tell the people of a scheme's cities that the mentoring is under way."""
    if not is_person(by):
        return
    notify(
        _people_of_scheme(scheme),
        kind="mentoring.started",
        target=scheme,
        actor=by,
        context={"title": in_each_language(scheme.title_in)},
    )


def milestone_due(milestone: Milestone) -> None:
    """Remind the people of a scheme's cities that a milestone is due soon (mailed)."""
    scheme = milestone.scheme
    notify(
        _people_of_scheme(scheme),
        kind="mentoring.milestone_due",
        target=scheme,
        actor=None,
        context={
            "title": in_each_language(scheme.title_in),
            "milestone": milestone.title,
            "city": city_name(milestone.owner),
            "due_on": in_each_language(lambda code: _date_in(milestone.due_on, code)),
        },
    )


def agreement_changed(
    scheme: Scheme, *, by: Actor | None, item: str | dict[str, str], removed: bool
) -> None:
    """Tell the other side of a scheme that a goal or milestone was changed or removed.

    The people of every city of the scheme that the person does not act for are told
    (all of them when the secretariat made the change); ``item`` is the goal's area
    named in each language, or the milestone's title.
    """
    person = author(by)
    if person is None:
        return
    recipients = []
    for member in scheme.members.all():
        if member.answer == SchemeMember.Answer.DECLINED:
            continue
        people = list(people_of_city(member.city))
        if all(someone.pk != person.pk for someone in people):
            recipients += people
    names = (
        in_each_language(lambda code: item.get(code) or item.get("en") or "")
        if isinstance(item, dict)
        else item
    )
    notify(
        recipients,
        kind="mentoring.agreement_item_removed" if removed else "mentoring.agreement_changed",
        target=scheme,
        actor=by,
        context={"title": in_each_language(scheme.title_in), "item": names},
    )


def scheme_closed(scheme: Scheme, *, by: Actor | None) -> None:
    """Tell the secretariat and the scheme's cities that the scheme closed."""
    if not is_person(by):
        return
    notify(
        list(secretariat_people()) + _people_of_scheme(scheme),
        kind="mentoring.closed",
        target=scheme,
        actor=by,
        context={"title": in_each_language(scheme.title_in)},
    )


def schemes_stalled(schemes: Sequence[Scheme], *, days: int) -> int:
    """Tell each newly stalled scheme's city coordinators and its secretariat follower; count.

    The follower is the secretariat member who proposed the scheme, while they still
    hold the role; otherwise the whole secretariat is told. One query for the
    coordinators of every scheme's cities, then one ``notify()`` per scheme (in each
    reader's language, mailed as they chose). The caller tells only the schemes it has
    just flagged, so a scheme is told once per stall.
    """
    if not schemes:
        return 0
    members = SchemeMember.objects.filter(scheme__in=[s.pk for s in schemes]).exclude(
        answer=SchemeMember.Answer.DECLINED
    )
    cities_of: dict[int, set[int]] = {}
    for scheme_id, city_id in members.values_list("scheme_id", "city_id"):
        cities_of.setdefault(scheme_id, set()).add(city_id)
    city_ids = sorted({pk for cities in cities_of.values() for pk in cities})
    coordinators: dict[int, list[User]] = {}
    grants = (
        RoleGrant.objects.active()
        .filter(role=Role.CITY_COORDINATOR, city__in=city_ids, user__is_active=True)
        .select_related("user")
        .order_by("user_id")
    )
    for grant in grants:
        if grant.city_id is not None:
            coordinators.setdefault(grant.city_id, []).append(grant.user)
    secretariat = {person.pk: person for person in secretariat_people()}
    told = 0
    for scheme in schemes:
        follower = secretariat.get(scheme.proposed_by_id or 0)
        recipients = [
            person
            for city_id in sorted(cities_of.get(scheme.pk, ()))
            for person in coordinators.get(city_id, [])
        ] + ([follower] if follower is not None else list(secretariat.values()))
        told += len(
            notify(
                recipients,
                kind="mentoring.stalled",
                target=scheme,
                actor=None,
                context={"title": in_each_language(scheme.title_in), "days": days},
            )
        )
    return told


def _date_in(day: date, language: str) -> str:
    with translation.override(language):
        return format_date(day)
