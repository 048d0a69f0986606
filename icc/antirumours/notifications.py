"""Whom the anti-rumours catalogue tells: the secretariat of proposals, a city of decisions.

Found by ``accounts`` at start-up, as the admin finds ``admin.py`` (decision 0017).
"""

from typing import Any

from django.utils.translation import gettext_lazy as _

from icc.accounts.models import Role, User
from icc.accounts.notifications import is_person, notify, register_notification_kinds
from icc.accounts.selectors import people_of_city
from icc.antirumours.models import Rumour

register_notification_kinds(
    {
        "antirumours.rumour_proposed": _(
            "A city proposed the rumour “%(rumour)s” for the catalogue."
        ),
        "antirumours.rumour_decided": _("The rumour “%(rumour)s” you proposed: %(decision)s."),
    }
)


def _statement(rumour: Rumour) -> dict[str, str]:
    return {
        "en": rumour.statement_en or rumour.statement_fr,
        "fr": rumour.statement_fr or rumour.statement_en,
    }


def rumour_proposed(rumour: Rumour, *, by: Any) -> None:
    """Tell the secretariat that a city proposed a rumour for review."""
    secretariat = User.objects.filter(
        is_active=True, grants__revoked_at__isnull=True, grants__role=Role.SECRETARIAT
    ).distinct()
    notify(
        secretariat,
        kind="antirumours.rumour_proposed",
        target=rumour,
        actor=by,
        context={"rumour": _statement(rumour)},
    )


def rumour_decided(rumour: Rumour, *, by: Any) -> None:
    """Tell the proposing city's people what the secretariat decided."""
    if not is_person(by) or rumour.proposed_by_city is None:
        return
    notify(
        people_of_city(rumour.proposed_by_city),
        kind="antirumours.rumour_decided",
        target=rumour,
        actor=by,
        context={"rumour": _statement(rumour), "decision": Rumour.Status(rumour.status).label},
    )
