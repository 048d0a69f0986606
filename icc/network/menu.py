"""The account menu's links to the person's own city and national network."""

from collections.abc import Iterator

from django.urls import reverse
from django.utils.translation import gettext as _

from icc.accounts.actors import Actor
from icc.accounts.models import Role
from icc.accounts.permissions import active_grants
from icc.core.menus import MenuLink
from icc.network.models import City, NationalNetwork
from icc.network.permissions import (
    can_manage_join_steps,
    can_view_city,
    can_view_failed_tasks,
    get_own_cities,
)


def own_cities(user: Actor) -> list[City]:
    """Return the cities the person works for (coordinator or editor) that they may see."""
    return [city for city in get_own_cities(user) if can_view_city(user, city)]


def account_links(user: Actor) -> Iterator[MenuLink]:
    """Link each of the person's cities and national networks, and the secretariat's pages."""
    for city in own_cities(user):
        yield MenuLink(_("My city: %(city)s") % {"city": city}, city.get_absolute_url())
    ids = {
        g.national_network_id
        for g in active_grants(user)
        if g.role == Role.NETWORK_COORDINATOR and g.national_network_id
    }
    for network in NationalNetwork.objects.filter(pk__in=sorted(ids)):
        yield MenuLink(
            _("My national network: %(network)s") % {"network": network},
            network.get_absolute_url(),
        )
    if can_manage_join_steps(user):
        yield MenuLink(_("Join steps"), reverse("network:join-step-definition-list"))
    if can_view_failed_tasks(user):
        yield MenuLink(_("Failed background tasks"), reverse("network:failed-task-list"))
