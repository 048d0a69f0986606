"""Template tags of membership: the notice of a city that may not act for the network."""

from typing import Any

from django import template
from django.contrib.auth.models import AnonymousUser

from icc.accounts.actors import Actor
from icc.accounts.models import Role
from icc.accounts.permissions import active_grants
from icc.network.models import City
from icc.network.notices import StatusNotice, status_notice
from icc.network.permissions import can_view_city, get_own_cities

register = template.Library()


def notices_for(user: Actor, city: City | None = None) -> list[StatusNotice]:
    """Return the notices a person sees on a page: for each of their cities that may not act.

    ``city`` is the city the page is about; its notice is added for the secretariat and
    the city's people (visitors are withheld nothing by a city's status).
    """
    # A city that left is hidden from its former people: no notice names it to them.
    own = [each for each in get_own_cities(user) if can_view_city(user, each)]
    cities = {each.pk: each for each in own}
    is_staff = any(grant.role == Role.SECRETARIAT for grant in active_grants(user))
    if city is not None and (is_staff or city.pk in cities):
        cities[city.pk] = city
    withheld = [each for each in cities.values() if not each.may_act_for_network]
    return [notice for notice in (status_notice(each) for each in withheld) if notice is not None]


@register.inclusion_tag("network/status_notices.html", takes_context=True)
def status_notices(context: template.Context) -> dict[str, Any]:
    """Show why actions are withheld: the reader's cities that may not act, and the page's city.

    The base layout calls it on every page; a page about a city names it ``city``.
    """
    city = context.get("city")
    user = context.get("user")
    if user is None:  # A template rendered without a request: nobody signed in.
        user = AnonymousUser()
    return {"notices": notices_for(user, city if isinstance(city, City) else None)}
