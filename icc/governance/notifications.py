"""Whom the governance of the network tells: published results and decided amendments.

Found by ``accounts`` at start-up, as the admin finds ``admin.py`` (decision 0017).
"""

from typing import Any

from django.utils.translation import gettext_lazy as _

from icc.accounts.models import Role, User
from icc.accounts.notifications import is_person, notify, register_notification_kinds
from icc.accounts.selectors import people_of_city
from icc.governance.models import Amendment
from icc.network.notifications import city_name

register_notification_kinds(
    {
        "vote.result_published": _("The result of the vote “%(motion)s” is published."),
        "amendment.decided": _("%(city)s: the amendment to section %(section)s is %(decision)s."),
    }
)


def result_published(motion: Any) -> None:
    """Tell the coordinators of every city that could vote that the result is out."""
    recipients = User.objects.filter(
        is_active=True,
        grants__revoked_at__isnull=True,
        grants__role=Role.CITY_COORDINATOR,
        grants__city__in=motion.eligible.values("city"),
    ).distinct()
    notify(
        recipients,
        kind="vote.result_published",
        target=motion,
        actor=None,
        context={"motion": {"en": motion.title_en, "fr": motion.title_fr}},
    )


def amendment_decided(amendment: Any, *, by: Any) -> None:
    """Tell the proposing city's people what the secretariat decided on their amendment."""
    if not is_person(by):
        return
    notify(
        people_of_city(amendment.city),
        kind="amendment.decided",
        target=amendment,
        actor=by,
        context={
            "city": city_name(amendment.city),
            "section": str(amendment.section.number),
            "decision": Amendment.Status(amendment.status).label,
        },
    )
