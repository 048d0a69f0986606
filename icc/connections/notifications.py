"""Whom a connection proposal and its acceptance tell.

Found by ``accounts`` at start-up, as the admin finds ``admin.py`` (decision 0017).
"""

from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext_lazy as _

from icc.accounts.notifications import is_person, notify, register_notification_kinds
from icc.accounts.selectors import people_of_city
from icc.connections.models import ConnectionRequest
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


def connection_proposed(request: ConnectionRequest, *, cities: Sequence[City], by: Any) -> None:
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


def connection_accepted(request: ConnectionRequest, *, city: City, by: Any) -> None:
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
