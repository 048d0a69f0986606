"""Writes about stakeholders and their contact people."""

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from icc.accounts.actors import Actor
from icc.accounts.models import User
from icc.core.activity import apply_changes, record_activity
from icc.core.actors import author
from icc.core.page_cache import invalidate_public_pages_on_commit
from icc.core.versions import VersionConflict, advance_version
from icc.network.models import City, NationalNetwork
from icc.policylab import permissions, search
from icc.policylab.models import ContactPerson, Lab, Level, Outcome, Stakeholder, Uptake

FIELDS = ("name", "level", "kind", "country", "region")


def _clean(record: Mapping[str, Any]) -> dict[str, Any]:
    data = {name: record.get(name, "") for name in FIELDS}
    data["name"] = str(data["name"]).strip()
    if not data["name"]:
        raise ValidationError({"name": _("Give the stakeholder's name.")})
    if data["level"] not in Level.values:
        raise ValidationError({"level": _("Choose a level.")})
    if data["kind"] not in Stakeholder.Kind.values:
        raise ValidationError({"kind": _("Choose a kind.")})
    if data["level"] != Level.EUROPEAN and not data["country"]:
        raise ValidationError(
            {"country": _("Choose the country of a local, regional or national body.")}
        )
    return data


def create_stakeholder(
    *,
    created_by: Actor | None,
    record: Mapping[str, Any],
    cities: Iterable[City] = (),
    national_networks: Iterable[NationalNetwork] = (),
    is_demo: bool = False,
) -> Stakeholder:
    """Add a stakeholder; a national coordinator adds only their country's."""
    data = _clean(record)
    stakeholder = Stakeholder(**data, is_demo=is_demo, created_by=author(created_by))
    if created_by is not None and not permissions.can_edit_stakeholder(created_by, stakeholder):
        raise PermissionDenied
    with transaction.atomic():
        stakeholder.save()
        stakeholder.cities.set(list(cities))
        stakeholder.national_networks.set(list(national_networks))
        search.index_stakeholders([stakeholder.pk])
        record_activity(created_by, "policylab.stakeholder.created", stakeholder)
    return stakeholder


def update_stakeholder(
    stakeholder: Stakeholder,
    *,
    changed_by: Actor | None,
    expected_version: int | None,
    record: Mapping[str, Any],
    cities: Iterable[City],
    national_networks: Iterable[NationalNetwork],
) -> Stakeholder:
    """Change a stakeholder from the version the person started from."""
    data = _clean(record)
    if stakeholder.is_merged:
        raise ValidationError(_("This stakeholder was merged into another; change that one."))
    with transaction.atomic():
        if not advance_version(Stakeholder, stakeholder.pk, expected=expected_version):
            stored = Stakeholder.objects.get(pk=stakeholder.pk)
            raise VersionConflict(
                mine=data,
                theirs={name: getattr(stored, name) for name in FIELDS},
                version=stored.version,
            )
        stakeholder.refresh_from_db(fields=["version"])
        changes = apply_changes(stakeholder, data)
        # A coordinator cannot move a body to a country they do not coordinate.
        if changed_by is not None and not permissions.can_edit_stakeholder(changed_by, stakeholder):
            raise PermissionDenied
        stakeholder.save()
        stakeholder.cities.set(list(cities))
        stakeholder.national_networks.set(list(national_networks))
        search.index_stakeholders([stakeholder.pk])
        if "name" in changes:
            search.index_labs(stakeholder.labs.values_list("pk", flat=True))
        record_activity(changed_by, "policylab.stakeholder.changed", stakeholder, changes=changes)
    invalidate_public_pages_on_commit("policylab")
    return stakeholder


def merge_stakeholders(
    duplicate: Stakeholder, *, into: Stakeholder, merged_by: Actor | None
) -> Stakeholder:
    """Merge ``duplicate`` into ``into``: contacts, labs, uptakes and commitments move over.

    A stakeholder is merged once: merging it again, merging into a merged one or into
    itself is refused and nothing changes.
    """
    with transaction.atomic():
        duplicate = Stakeholder.objects.select_for_update().get(pk=duplicate.pk)
        into = Stakeholder.objects.select_for_update().get(pk=into.pk)
        if duplicate.pk == into.pk:
            raise ValidationError({"into": _("A stakeholder cannot be merged into itself.")})
        if duplicate.is_merged:
            raise ValidationError(
                {
                    "into": _("This stakeholder was already merged into “%(name)s”.")
                    % {"name": duplicate.merged_into}
                }
            )
        if into.is_merged:
            raise ValidationError(
                {
                    "into": _(
                        "“%(name)s” was itself merged into another stakeholder; choose that one."
                    )
                    % {"name": into}
                }
            )
        if merged_by is not None and not permissions.can_merge_stakeholders(
            merged_by, duplicate, into
        ):
            raise PermissionDenied
        ContactPerson.objects.filter(stakeholder=duplicate).update(stakeholder=into)
        Uptake.objects.filter(adopter_stakeholder=duplicate).update(adopter_stakeholder=into)
        Outcome.objects.filter(owner=duplicate).update(owner=into)
        moved = list(Lab.objects.filter(stakeholders=duplicate))
        for lab in moved:
            lab.stakeholders.remove(duplicate)
            lab.stakeholders.add(into)
        into.cities.add(*duplicate.cities.all())
        into.national_networks.add(*duplicate.national_networks.all())
        duplicate.merged_into = into
        duplicate.save(update_fields=["merged_into", "updated_at"])
        advance_version(Stakeholder, duplicate.pk, expected=None)
        search.index_stakeholders([into.pk])
        search.index_labs([lab.pk for lab in moved])
        record_activity(
            merged_by,
            "policylab.stakeholder.merged",
            duplicate,
            about=into,
            changes={"merged_into": (None, into.name)},
        )
    invalidate_public_pages_on_commit("policylab")
    return into


def add_contact(
    stakeholder: Stakeholder, *, added_by: Actor | None, record: Mapping[str, Any]
) -> ContactPerson:
    """Add a contact person to a stakeholder (personal data, never public)."""
    if stakeholder.is_merged:
        raise ValidationError(_("This stakeholder was merged into another; add the contact there."))
    full_name = str(record.get("full_name", "")).strip()
    if not full_name:
        raise ValidationError({"full_name": _("Give the person's name.")})
    with transaction.atomic():
        contact = ContactPerson.objects.create(
            stakeholder=stakeholder,
            full_name=full_name,
            position=str(record.get("position", "")).strip(),
            email=str(record.get("email", "")).strip(),
            phone=str(record.get("phone", "")).strip(),
        )
        # The log names the stakeholder, not the person: the entry outlives an erasure.
        record_activity(added_by, "policylab.contact.added", stakeholder)
    return contact


def remove_contact(contact: ContactPerson, *, removed_by: Actor | None) -> None:
    """Remove a contact person."""
    with transaction.atomic():
        stakeholder = contact.stakeholder
        contact.delete()
        record_activity(removed_by, "policylab.contact.removed", stakeholder)


def export_contacts_of(user: User) -> list[dict[str, str]]:
    """Return the contact records that carry the person's e-mail address (personal data export)."""
    return [
        {
            "stakeholder": contact.stakeholder.name,
            "full_name": contact.full_name,
            "position": contact.position,
            "email": contact.email,
            "phone": contact.phone,
        }
        for contact in ContactPerson.objects.filter(email__iexact=user.email).select_related(
            "stakeholder"
        )
    ]


def erase_contacts_of(user: User) -> None:
    """Remove the contact records that carry the person's e-mail address."""
    ContactPerson.objects.filter(email__iexact=user.email).delete()
