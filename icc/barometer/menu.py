"""The account menu's link to the barometer."""

from collections.abc import Iterator
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from icc.barometer.permissions import can_view_network_results
from icc.core.menus import MenuLink


def account_links(user: Any) -> Iterator[MenuLink]:
    """Link the barometer to those the view lets in."""
    if can_view_network_results(user):
        yield MenuLink(_("Diversity in business barometer"), reverse("barometer:home"))
