"""Organisations and their representatives: registration, confirmation, invitations.

Each write checks its input, saves in one transaction and records who did what in the
activity log."""

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from icc.accounts.models import Invitation, Role, User
from icc.accounts.notifications import notify
from icc.accounts.services import grant_role, invite_person
from icc.certification import permissions
from icc.certification.models import (
    Organisation,
    Representative,
    RepresentativeInvitation,
)
from icc.certification.services.guards import check_version as _check_version
from icc.certification.services.guards import representatives as _representatives
from icc.core.activity import record_activity
from icc.core.actors import author


def _unique_slug(name: str) -> str:
    base = slugify(name)[:70] or "organisation"
    slug, number = base, 2
    while Organisation.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


def add_representative(organisation: Organisation, user: User, *, by: Any) -> Representative:
    """Give ``user`` the NGO representative role for ``organisation`` (one organisation each)."""
    held = Representative.objects.filter(user=user, revoked_at__isnull=True).first()
    if held is not None and held.organisation_id != organisation.pk:
        raise ValidationError(
            _("%(person)s already represents another organisation.") % {"person": user}
        )
    if held is not None:
        return held
    grant = grant_role(user, Role.NGO_REPRESENTATIVE, granted_by=author(by))
    row = Representative.objects.create(organisation=organisation, user=user, grant=grant)
    record_activity(
        by,
        "certification.representative.added",
        row,
        about=organisation,
        changes={"person": (None, user.email)},
    )
    return row


@transaction.atomic
def register_organisation(*, by: User, data: Mapping[str, Any]) -> Organisation:
    """Register an organisation; the person who registers it becomes its representative.

    It waits for the secretariat or its city's coordinator to confirm it before applying.
    """
    if permissions.represented_organisation(by) is not None:
        raise ValidationError(_("You already represent an organisation."))
    organisation = Organisation(
        name=data["name"].strip(),
        slug=_unique_slug(data["name"]),
        city=data["city"],
        country=data.get("country") or data["city"].country,
        registration_number=data["registration_number"].strip(),
        website=data.get("website", ""),
        description_en=data.get("description_en", ""),
        description_fr=data.get("description_fr", ""),
        registered_by=by,
    )
    organisation.full_clean()
    organisation.save()
    record_activity(
        by,
        "certification.organisation.registered",
        organisation,
        changes={"name": (None, organisation.name), "city": (None, str(organisation.city))},
    )
    add_representative(organisation, by, by=by)
    return organisation


@transaction.atomic
def confirm_organisation(
    organisation: Organisation, *, by: Any, confirm: bool, reason: str = "", expected: int | None
) -> Organisation:
    """Confirm the organisation (it may then apply), or refuse it with a reason."""
    if not confirm and not reason.strip():
        raise ValidationError(_("Give the reason why the organisation is not confirmed."))
    _check_version(Organisation, organisation.pk, expected)
    old = organisation.status
    organisation.status = Organisation.Status.CONFIRMED if confirm else Organisation.Status.REFUSED
    organisation.status_reason = reason.strip()
    organisation.confirmed_by = author(by)
    organisation.confirmed_at = timezone.now()
    organisation.save(update_fields=["status", "status_reason", "confirmed_by", "confirmed_at"])
    organisation.refresh_from_db(fields=["version"])
    record_activity(
        by,
        "certification.organisation.confirmed" if confirm else "certification.organisation.refused",
        organisation,
        changes={"status": (old, organisation.status), "reason": ("", reason.strip())},
    )
    if confirm:
        notify(
            _representatives(organisation),
            kind="certification.organisation.confirmed",
            target=organisation,
            actor=by,
            context={"organisation": organisation.name},
        )
    return organisation


@transaction.atomic
def invite_representative(
    organisation: Organisation, *, by: User, email: str, full_name: str, language: str
) -> Invitation:
    """Invite a person to represent the organisation: the accounts invitation, scoped here."""
    invitation = invite_person(
        email=email,
        role=Role.NGO_REPRESENTATIVE,
        invited_by=by,
        full_name=full_name,
        language=language,
    )
    RepresentativeInvitation.objects.create(invitation=invitation, organisation=organisation)
    record_activity(
        by,
        "certification.representative.invited",
        invitation,
        about=organisation,
        changes={"email": (None, invitation.email)},
    )
    return invitation


def invitation_accepted(invitation: Invitation) -> None:
    """Scope the role an accepted invitation gave to the organisation it was for."""
    scope = RepresentativeInvitation.objects.filter(invitation=invitation).first()
    user = invitation.accepted_by
    if scope is None or user is None:
        return
    grant = user.grants.filter(role=Role.NGO_REPRESENTATIVE, revoked_at__isnull=True).first()
    if Representative.objects.filter(user=user, revoked_at__isnull=True).exists():
        return
    row = Representative.objects.create(organisation=scope.organisation, user=user, grant=grant)
    record_activity(
        invitation.invited_by,
        "certification.representative.added",
        row,
        about=scope.organisation,
        changes={"person": (None, user.email)},
    )
