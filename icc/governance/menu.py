"""The account menu's link to the network's texts and votes."""

from collections.abc import Iterator
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from icc.core.menus import MenuLink
from icc.governance.permissions import can_read_governance


def account_links(user: Any) -> Iterator[MenuLink]:
    """Link the texts and votes, to those the view lets in."""
    if can_read_governance(user):
        yield MenuLink(_("Strategy and votes"), reverse("governance:home"))
