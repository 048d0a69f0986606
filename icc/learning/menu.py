"""The account menu's link to the courses, and a city's link to its people's progress."""

from collections.abc import Iterator
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from icc.core.menus import MenuLink
from icc.learning.permissions import (
    can_use_city_kit,
    can_view_city_progress,
    is_network_person,
)


def account_links(user: Any) -> Iterator[MenuLink]:
    """Link the courses to the people of the network."""
    if is_network_person(user):
        yield MenuLink(_("Courses"), reverse("learning:course-list"))
    yield MenuLink(_("Welcome pack and toolkits"), reverse("learning:resource-list"))


def city_links(city: Any, user: Any) -> Iterator[MenuLink]:
    """Link the city's progress in the courses, to its people and the secretariat."""
    if can_view_city_progress(user, city):
        yield MenuLink(
            _("Progress in the courses"),
            reverse("learning:city-progress", kwargs={"city": city.slug}),
        )
    if can_use_city_kit(user, city):
        yield MenuLink(
            _("Communication kit"), reverse("learning:city-kit", kwargs={"city": city.slug})
        )
