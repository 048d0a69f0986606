"""Whom the network tells of a change of membership status, and the daily notification mail.

Found by ``accounts`` at start-up, as the admin finds ``admin.py`` (decision 0017).
"""

from django.utils.translation import gettext_lazy as _

from icc.accounts.actors import Actor
from icc.accounts.notifications import (
    in_each_language,
    is_person,
    notify,
    register_notification_kinds,
)
from icc.accounts.selectors import people_of_city
from icc.accounts.tasks import send_notification_digests
from icc.core.background import register_daily_job
from icc.network.models import City, CityStatusChange

register_notification_kinds(
    {
        "city.suspended": _("%(city)s: membership suspended by %(actor)s. Reason: %(reason)s"),
        "city.reinstated": _("%(city)s: membership reinstated by %(actor)s. Reason: %(reason)s"),
    }
)
# The registry of daily jobs lives in network, which accounts may not import.
register_daily_job(send_notification_digests)


def city_name(city: City) -> dict[str, str]:
    """Return the city's name in each language, as a notification parameter."""
    return in_each_language(city.name_in)


def status_changed(change: CityStatusChange, *, by: Actor | None) -> None:
    """Tell the city's people that it was suspended or reinstated, with the reason."""
    if not is_person(by):
        return
    if change.to_status == City.Status.SUSPENDED:
        kind = "city.suspended"
    elif change.from_status == City.Status.SUSPENDED and change.to_status == City.Status.MEMBER:
        kind = "city.reinstated"
    else:
        return
    city = change.city
    notify(
        people_of_city(city),
        kind=kind,
        target=city,
        actor=by,
        context={"city": city_name(city), "reason": change.reason},
    )
