"""Template tags of membership: the notice of a city that may not act for the network."""

from typing import Any

from django import template

from icc.network.models import City
from icc.network.notices import notices_for

register = template.Library()


@register.inclusion_tag("network/status_notices.html", takes_context=True)
def status_notices(context: template.Context) -> dict[str, Any]:
    """Show why actions are withheld: the reader's cities that may not act, and the page's city.

    The base layout calls it on every page; a page about a city names it ``city``.
    """
    city = context.get("city")
    return {"notices": notices_for(context.get("user"), city if isinstance(city, City) else None)}
