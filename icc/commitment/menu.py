"""The account menu's link to the political commitment of the person's own city."""

from collections.abc import Iterator
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from icc.accounts.actors import Actor
from icc.commitment.permissions import can_view_commitment
from icc.core.menus import MenuLink
from icc.network.menu import own_cities


def account_links(user: Actor) -> Iterator[MenuLink]:
    """Link the commitment page of each city of the person that they may read."""
    for city in own_cities(user):
        if can_view_commitment(user, city):
            yield MenuLink(
                _("Political commitment of %(city)s") % {"city": city},
                reverse("commitment:city-commitment", kwargs={"slug": city.slug}),
            )


def city_links(city: Any, user: Actor) -> Iterator[MenuLink]:
    """Link the city's commitment page to those who may read it."""
    if can_view_commitment(user, city):
        yield MenuLink(
            _("Political commitment of %(city)s") % {"city": city},
            reverse("commitment:city-commitment", kwargs={"slug": city.slug}),
        )
