"""The account menu's links to the certification."""

from collections.abc import Iterator
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from icc.certification.permissions import can_manage, represented_organisation
from icc.core.menus import MenuLink


def account_links(user: Any) -> Iterator[MenuLink]:
    organisation = represented_organisation(user)
    if organisation is not None:
        yield MenuLink(_("My organisation's certification"), organisation.get_absolute_url())
    if can_manage(user):
        yield MenuLink(_("Certification desk"), reverse("certification:desk"))
    yield MenuLink(_("Register of certified NGOs"), reverse("certification:register"))
