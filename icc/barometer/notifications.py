"""Whom the barometer tells: a city's people when the round's figures are published.

Found by ``accounts`` at start-up (decision 0017).
"""

from django.utils.translation import gettext_lazy as _

from icc.accounts.actors import Actor
from icc.accounts.models import Role, User
from icc.accounts.notifications import notify, register_notification_kinds
from icc.barometer.models import Invitation, Round

MESSAGES = {
    "barometer.published": _("The barometer figures of “%(round)s” are published."),
}
register_notification_kinds(MESSAGES)


def figures_published(round: Round, *, by: Actor | None) -> None:
    """Tell the people of every city invited to the round that its figures are out."""
    cities = Invitation.objects.filter(round=round).values("city_id")
    recipients = User.objects.filter(
        is_active=True,
        grants__revoked_at__isnull=True,
        grants__role__in=[Role.CITY_COORDINATOR, Role.CITY_EDITOR],
        grants__city__in=cities,
    ).distinct()
    notify(
        recipients,
        kind="barometer.published",
        target=round,
        actor=by,
        context={"round": round.name},
    )
