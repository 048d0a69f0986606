"""Why a city may not act for the network now: its status, the reason, and whom to contact.

Every page that withholds an action shows this notice (``{% status_notices %}`` in the
base layout, ``templatetags/membership.py``) and every API refusal for that cause carries its text
(``permissions.refusal``), so a suspended city's people always learn why and from whom.
"""

from dataclasses import dataclass
from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from icc.accounts.models import Role, RoleGrant
from icc.network.models import City


@dataclass(frozen=True)
class StatusNotice:
    """What a person is told about a city that may not act: status, since, reason, contact."""

    city: City
    status_label: str
    since: date | None
    reason: str
    contact_name: str
    contact_email: str

    @property
    def summary(self) -> str:
        """Return what the status means for the city's people, in the reader's language."""
        if self.city.status == City.Status.LEFT:
            return _("%(city)s has left the network: its records are frozen.") % {"city": self.city}
        return _(
            "%(city)s is suspended: its people may read its records but may not act for the "
            "network (answer the Index, write practices and stories, propose connections, vote)."
        ) % {"city": self.city}

    @property
    def message(self) -> str:
        """Return the notice as one sentence group, for an API error or a plain-text mail."""
        text = self.summary
        if self.since is not None:
            text += " " + _("Since %(date)s.") % {"date": date_format(self.since, "DATE_FORMAT")}
        if self.reason:
            text += " " + _("Reason: %(reason)s") % {"reason": self.reason}
        if self.contact_email:
            text += " " + _("Contact %(name)s at %(email)s.") % {
                "name": self.contact_name,
                "email": self.contact_email,
            }
        return text


def status_notice(city: City) -> StatusNotice | None:
    """Return the notice of a city that may not act for the network, or None if it may.

    The contact is the secretariat person who recorded the change, if they still hold the
    role, else any secretariat person.
    """
    if city.may_act_for_network:
        return None
    change = city.status_changes.filter(to_status=city.status).select_related("changed_by").first()
    contact = change.changed_by if change is not None else None
    if (
        contact is None
        or not RoleGrant.objects.active().filter(user=contact, role=Role.SECRETARIAT).exists()
    ):
        grant = (
            RoleGrant.objects.active()
            .filter(role=Role.SECRETARIAT, user__is_active=True)
            .select_related("user")
            .order_by("pk")
            .first()
        )
        contact = grant.user if grant is not None else None
    return StatusNotice(
        city=city,
        status_label=str(city.get_status_display()),
        since=change.changed_on if change is not None else None,
        reason=change.reason_text if change is not None else "",
        contact_name=str(contact) if contact is not None else "",
        contact_email=contact.email if contact is not None else "",
    )
