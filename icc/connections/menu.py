"""The account menu's link to the connections of the person's cities."""

from collections.abc import Iterator
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from icc.accounts.actors import Actor
from icc.connections.initiatives.permissions import can_view_calls
from icc.connections.permissions import (
    can_manage_mentoring,
    can_propose_connection,
    can_view_connection_list,
    can_view_mentor_proposals,
    can_view_recommendations,
    can_view_scheme_list,
)
from icc.core.menus import MenuLink


def account_links(user: Actor) -> Iterator[MenuLink]:
    """Link the list of connections, to those the view lets in."""
    if can_view_connection_list(user):
        yield MenuLink(_("Connections"), reverse("connections:connection-list"))
    if can_view_scheme_list(user):
        yield MenuLink(_("Mentoring"), reverse("connections:scheme-list"))
    if can_view_calls(user):
        yield MenuLink(_("Common initiatives"), reverse("connections:initiative-list"))


def city_links(city: Any, user: Actor) -> Iterator[MenuLink]:
    """Link the city's peers and the form to propose a connection, to those the views let in.

    The form is offered even when the city has no weak area to start from.
    """
    if can_view_recommendations(user, city):
        yield MenuLink(
            _("Peers to learn from"),
            reverse("connections:recommendations", kwargs={"slug": city.slug}),
        )
    if can_view_mentor_proposals(user, city):
        yield MenuLink(
            _("Mentors to learn from"),
            reverse("connections:mentor-proposals", kwargs={"slug": city.slug}),
        )
    if can_manage_mentoring(user) and city.may_act_for_network:
        yield MenuLink(
            _("Mark as a pilot city"),
            reverse("connections:mentor-edit", kwargs={"slug": city.slug}),
        )
    if can_propose_connection(user, city):
        yield MenuLink(
            _("Propose a connection"),
            reverse("connections:connection-create", kwargs={"slug": city.slug}),
        )
