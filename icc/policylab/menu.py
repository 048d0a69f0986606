"""The policy lab's link in the account menu."""

from collections.abc import Iterator
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from icc.core.menus import MenuLink
from icc.policylab.permissions import can_use_lab


def account_links(user: Any) -> Iterator[MenuLink]:
    """Link the lab's workspace, to those the view lets in."""
    if can_use_lab(user):
        yield MenuLink(_("Policy lab"), reverse("policylab:workspace"))
