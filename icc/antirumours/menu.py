"""The account menu's link to anti-rumours strategies and the catalogue."""

from collections.abc import Iterator
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from icc.antirumours.permissions import can_read_catalogue
from icc.core.menus import MenuLink


def account_links(user: Any) -> Iterator[MenuLink]:
    """Link the anti-rumours pages, to those the view lets in."""
    if can_read_catalogue(user):
        yield MenuLink(_("Anti-rumours"), reverse("antirumours:home"))
