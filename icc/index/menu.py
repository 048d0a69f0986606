"""The link from a city's profile to its published Index results."""

from collections.abc import Iterator

from django.urls import reverse
from django.utils.translation import gettext as _

from icc.accounts.actors import Actor
from icc.core.menus import MenuLink
from icc.index.models import Response
from icc.network.models import City


def city_links(city: City, user: Actor) -> Iterator[MenuLink]:
    """Link the city's Index report when it has a published result (public)."""
    if Response.objects.published().filter(city=city).exists():
        yield MenuLink(
            _("Index results of %(city)s") % {"city": city},
            reverse("index:city-report", kwargs={"slug": city.slug}),
        )
