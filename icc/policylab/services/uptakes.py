"""Writes about the uptakes of a practice: record, confirm or decline, change, withdraw."""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from icc.accounts.actors import Actor
from icc.core.activity import apply_changes, record_activity
from icc.core.actors import author
from icc.core.page_cache import invalidate_public_pages_on_commit
from icc.core.uploads import type_for_name
from icc.core.versions import VersionConflict, advance_version
from icc.network.models import City
from icc.network.permissions import city_may_act
from icc.policylab import framework, journey, notifications, permissions
from icc.policylab.models import WRITTEN_IN, NationalStrategy, Stakeholder, Uptake
from icc.policylab.services.checks import check_link
from icc.practices.selectors import PracticeFacts

LIVE = (Uptake.Status.PROPOSED, Uptake.Status.CONFIRMED)


def _adopter_key(
    city: City | None, stakeholder: Stakeholder | None, strategy: NationalStrategy | None
) -> str:
    if city is not None:
        return f"city:{city.pk}"
    if stakeholder is not None:
        return f"body:{stakeholder.pk}"
    return f"strategy:{strategy.pk}"  # type: ignore[union-attr]


def _check_adopter(
    kind: str,
    city: City | None,
    stakeholder: Stakeholder | None,
    strategy: NationalStrategy | None,
) -> None:
    if sum(x is not None for x in (city, stakeholder, strategy)) != 1:
        raise ValidationError(_("Name exactly one adopter: a city, a body or a national strategy."))
    if kind not in Uptake.Kind.values:
        raise ValidationError({"kind": _("Choose the kind of uptake.")})
    if kind == Uptake.Kind.ADOPTION and city is None:
        raise ValidationError({"adopter_city": _("Choose the city that adopted the practice.")})
    if kind == Uptake.Kind.STRATEGY and strategy is None:
        raise ValidationError({"strategy": _("Choose the national strategy.")})
    if kind in (Uptake.Kind.POLICY, Uptake.Kind.LAW, Uptake.Kind.PROGRAMME) and stakeholder is None:
        raise ValidationError(
            {
                "adopter_stakeholder": _(
                    "Choose the body that took the practice into its policy, law or programme."
                )
            }
        )
    if stakeholder is not None and stakeholder.is_merged:
        raise ValidationError(
            {"adopter_stakeholder": _("This stakeholder was merged into another; choose that one.")}
        )


def record_uptake(
    practice: PracticeFacts,
    *,
    recorded_by: Actor | None,
    kind: str,
    adopted_on: datetime.date,
    adopter_city: City | None = None,
    adopter_stakeholder: Stakeholder | None = None,
    strategy: NationalStrategy | None = None,
    source: Uptake | None = None,
    adaptation: str = "",
    adaptation_language: str = "en",
    evidence_url: str = "",
    evidence_file: UploadedFile | None = None,
    elements: Iterable[str] = (),
    is_demo: bool = False,
    confirmed: bool = False,
) -> Uptake:
    """Record that someone took the published ``practice`` up, waiting for the other side.

    Refused, with nothing saved: no or several adopters, a date before the practice
    started or before the uptake it came from, an uptake that would lead the practice
    back in a circle, an evidence link that is not a web address, no evidence at all.
    ``confirmed`` (the platform's own imports only) records it as confirmed at once.
    """
    _check_adopter(kind, adopter_city, adopter_stakeholder, strategy)
    evidence_url = check_link(evidence_url, "evidence_url")
    if not evidence_url and evidence_file is None:
        raise ValidationError(_("Give the evidence: a link, a document or both."))
    if adopted_on.year < practice.started_year:
        raise ValidationError(
            {
                "adopted_on": _("The practice started in %(year)s: it cannot be taken up before.")
                % {"year": practice.started_year}
            }
        )
    if adopted_on > timezone.localdate():
        raise ValidationError({"adopted_on": _("The date of an uptake cannot be in the future.")})
    codes = _check_elements(elements)
    _check_language(adaptation_language)
    uptake = Uptake(
        practice_id=practice.id,
        kind=kind,
        adopter_city=adopter_city,
        adopter_stakeholder=adopter_stakeholder,
        strategy=strategy,
        source=source,
        adopted_on=adopted_on,
        adaptation=adaptation.strip(),
        adaptation_language=adaptation_language,
        evidence_url=evidence_url,
        elements=codes,
        is_demo=is_demo,
        recorded_by=author(recorded_by),
    )
    side = permissions.SECRETARIAT
    if recorded_by is not None:
        side = permissions.recording_side(
            recorded_by, origin_city_id=practice.city_id, uptake=uptake
        )
    uptake.recorded_side = side
    if side == permissions.ORIGIN:
        uptake.recorded_for_city_id = practice.city_id
    elif side == permissions.ADOPTER and adopter_city is not None:
        uptake.recorded_for_city = adopter_city
    if uptake.recorded_for_city_id is not None and not city_may_act(
        City.objects.get(pk=uptake.recorded_for_city_id)
    ):
        raise ValidationError(_("Your city may not act for the network at the moment."))
    with transaction.atomic():
        # Lock the journey: two uptakes recorded at once cannot close a circle together.
        rows = list(
            Uptake.objects.select_for_update(of=("self",))
            .filter(practice_id=practice.id)
            .live()
            .select_related("source")
        )
        origin = f"city:{practice.city_id}" if practice.city_id else f"practice:{practice.id}"
        if source is not None:
            if source.practice_id != practice.id or source.status not in LIVE:
                raise ValidationError({"source": _("Choose an uptake of this practice.")})
            if adopted_on < source.adopted_on:
                raise ValidationError(
                    {
                        "adopted_on": _(
                            "It cannot be taken up before the uptake it came from (%(date)s)."
                        )
                        % {"date": source.adopted_on.isoformat()}
                    }
                )
        edges = [(_source_key(row, origin), row.adopter_key) for row in rows]
        from_key = _source_key(uptake, origin)
        to_key = _adopter_key(adopter_city, adopter_stakeholder, strategy)
        if journey.closes_cycle(edges, origin, from_key, to_key):
            raise ValidationError(
                {
                    "source": _(
                        "This uptake would lead the practice back to where it came from: "
                        "a journey cannot go in a circle."
                    )
                },
                code="cycle",
            )
        if confirmed:
            uptake.status = Uptake.Status.CONFIRMED
            uptake.confirmed_at = timezone.now()
            uptake.confirmed_side = permissions.SECRETARIAT
        uptake.save()
        if evidence_file is not None:
            _keep_evidence(uptake, evidence_file)
        record_activity(recorded_by, "policylab.uptake.recorded", uptake)
        if not confirmed:
            notifications.uptake_recorded(uptake, origin_city_id=practice.city_id, by=recorded_by)
    if confirmed:
        # Practice pages link to their journey (core.related_links): theirs may change too.
        invalidate_public_pages_on_commit("policylab", "practices")
    return uptake


def _check_elements(elements: Iterable[str]) -> list[str]:
    codes = sorted(set(elements))
    if set(codes) - set(framework.element_codes()):
        raise ValidationError({"elements": _("Choose elements of the model framework.")})
    return codes


def _check_language(language: str) -> None:
    if language not in dict(WRITTEN_IN):
        raise ValidationError({"adaptation_language": _("Choose the language it is written in.")})


def _keep_evidence(uptake: Uptake, evidence_file: UploadedFile) -> None:
    uptake.evidence_type = getattr(evidence_file, "checked_type", "") or type_for_name(
        evidence_file.name or ""
    )
    uptake.evidence_file.save(evidence_file.name or "evidence", evidence_file, save=False)
    uptake.save(update_fields=["evidence_file", "evidence_type"])


def _source_key(uptake: Uptake, origin: str) -> str:
    return uptake.source.adopter_key if uptake.source_id else origin  # type: ignore[union-attr]


def decide_uptake(
    uptake: Uptake,
    *,
    decided_by: Actor | None,
    expected_version: int | None,
    confirm: bool,
    origin_city_id: int | None,
) -> Uptake:
    """Confirm the uptake (it becomes public) or decline it; the recorder is told."""
    if decided_by is not None and not permissions.can_confirm_uptake(
        decided_by, uptake, origin_city_id=origin_city_id
    ):
        raise ValidationError(_("This uptake does not wait for your confirmation."))
    with transaction.atomic():
        if not advance_version(Uptake, uptake.pk, expected=expected_version):
            stored = Uptake.objects.get(pk=uptake.pk)
            raise VersionConflict(
                mine={"status": "confirmed" if confirm else "rejected"},
                theirs={"status": stored.status},
                version=stored.version,
            )
        uptake.refresh_from_db()
        if uptake.status != Uptake.Status.PROPOSED:
            raise ValidationError(_("This uptake was already decided."))
        uptake.status = Uptake.Status.CONFIRMED if confirm else Uptake.Status.REJECTED
        uptake.confirmed_by = author(decided_by)
        uptake.confirmed_at = timezone.now() if confirm else None
        # Declining is recorded by side too: the page says who decided.
        uptake.confirmed_side = permissions.confirming_side(
            decided_by, uptake, origin_city_id=origin_city_id
        )
        uptake.save(update_fields=["status", "confirmed_by", "confirmed_at", "confirmed_side"])
        record_activity(
            decided_by,
            "policylab.uptake.confirmed" if confirm else "policylab.uptake.rejected",
            uptake,
            changes={"status": ("proposed", uptake.status)},
        )
        notifications.uptake_decided(uptake, by=decided_by)
    invalidate_public_pages_on_commit("policylab", "practices")
    return uptake


def _conflict(uptake: Uptake, mine: dict[str, object]) -> VersionConflict:
    stored = Uptake.objects.get(pk=uptake.pk)
    return VersionConflict(
        mine=mine,
        theirs={name: getattr(stored, name) for name in mine},
        version=stored.version,
    )


def change_uptake(
    uptake: Uptake,
    practice: PracticeFacts,
    *,
    changed_by: Actor | None,
    expected_version: int | None,
    adopted_on: datetime.date,
    adaptation: str,
    adaptation_language: str,
    evidence_url: str,
    evidence_file: UploadedFile | None = None,
    elements: Iterable[str] = (),
) -> Uptake:
    """Change the date, the adaptation, the evidence and the elements of an uptake.

    Only the side that recorded it (or the secretariat) changes it, from the version they
    read; who took the practice up, and from whom, do not change (withdraw it and record
    another). A confirmed uptake stays confirmed; the other side is told what changed.
    Refused, with nothing saved, as when recording: a date before the practice, before
    the uptake it came from or after one that came from it, in the future; a bad link;
    no evidence left.
    """
    if changed_by is not None and not permissions.can_change_uptake(
        changed_by, uptake, origin_city_id=practice.city_id
    ):
        raise ValidationError(_("Only the side that recorded this uptake may change it."))
    evidence_url = check_link(evidence_url, "evidence_url")
    if not evidence_url and evidence_file is None and not uptake.evidence_file:
        raise ValidationError(_("Give the evidence: a link, a document or both."))
    codes = _check_elements(elements)
    _check_language(adaptation_language)
    if adopted_on.year < practice.started_year:
        raise ValidationError(
            {
                "adopted_on": _("The practice started in %(year)s: it cannot be taken up before.")
                % {"year": practice.started_year}
            }
        )
    if adopted_on > timezone.localdate():
        raise ValidationError({"adopted_on": _("The date of an uptake cannot be in the future.")})
    record = {
        "adopted_on": adopted_on,
        "adaptation": adaptation.strip(),
        "adaptation_language": adaptation_language,
        "evidence_url": evidence_url,
        "elements": codes,
    }
    with transaction.atomic():
        if not advance_version(Uptake, uptake.pk, expected=expected_version):
            raise _conflict(uptake, record)
        uptake.refresh_from_db()
        if uptake.status not in LIVE:
            raise ValidationError(_("A declined or withdrawn uptake no longer changes."))
        if uptake.source_id and adopted_on < uptake.source.adopted_on:  # type: ignore[union-attr]
            raise ValidationError(
                {
                    "adopted_on": _(
                        "It cannot be taken up before the uptake it came from (%(date)s)."
                    )
                    % {"date": uptake.source.adopted_on.isoformat()}  # type: ignore[union-attr]
                }
            )
        first_child = uptake.children.live().order_by("adopted_on").first()
        if first_child is not None and adopted_on > first_child.adopted_on:
            raise ValidationError(
                {
                    "adopted_on": _(
                        "%(adopter)s took it up from this uptake on %(date)s: "
                        "this one cannot come later."
                    )
                    % {"adopter": first_child.adopter_label, "date": first_child.adopted_on}
                }
            )
        changes = apply_changes(uptake, record)
        uptake.save()
        if evidence_file is not None:
            _keep_evidence(uptake, evidence_file)
            changes["evidence_file"] = ("", uptake.evidence_file.name)
        record_activity(changed_by, "policylab.uptake.changed", uptake, changes=changes)
        if changes:
            notifications.uptake_changed(uptake, origin_city_id=practice.city_id, by=changed_by)
    if uptake.is_confirmed:
        invalidate_public_pages_on_commit("policylab", "practices")
    return uptake


def withdraw_uptake(
    uptake: Uptake,
    *,
    withdrawn_by: Actor | None,
    expected_version: int | None,
    reason: str,
    origin_city_id: int | None,
) -> Uptake:
    """Withdraw an uptake: it leaves the journey, stays in the log, and those concerned are told.

    The side that recorded it (or the secretariat) withdraws it, saying why. An uptake
    that others came from is withdrawn after them, so no journey is left hanging.
    """
    if withdrawn_by is not None and not permissions.can_change_uptake(
        withdrawn_by, uptake, origin_city_id=origin_city_id
    ):
        raise ValidationError(_("Only the side that recorded this uptake may withdraw it."))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the uptake is withdrawn.")})
    with transaction.atomic():
        if not advance_version(Uptake, uptake.pk, expected=expected_version):
            raise _conflict(uptake, {"status": Uptake.Status.WITHDRAWN.value})
        uptake.refresh_from_db()
        if uptake.status not in LIVE:
            raise ValidationError(_("This uptake was already declined or withdrawn."))
        if uptake.children.live().exists():
            raise ValidationError(_("Other uptakes came from this one: withdraw them first."))
        was_confirmed = uptake.is_confirmed
        before = uptake.status
        uptake.status = Uptake.Status.WITHDRAWN
        uptake.withdrawn_at = timezone.now()
        uptake.withdrawal_reason = reason
        uptake.save(update_fields=["status", "withdrawn_at", "withdrawal_reason"])
        record_activity(
            withdrawn_by,
            "policylab.uptake.withdrawn",
            uptake,
            changes={"status": (before, uptake.status), "withdrawal_reason": ("", reason)},
        )
        notifications.uptake_withdrawn(
            uptake, origin_city_id=origin_city_id, by=withdrawn_by, was_confirmed=was_confirmed
        )
    invalidate_public_pages_on_commit("policylab", "practices")
    return uptake
