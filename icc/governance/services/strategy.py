"""Every write of a strategy document: the text, amendments and responses, decisions,
the consolidated text, and the city councils' endorsements."""

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from icc.core.activity import record_activity
from icc.core.uploads import DOCUMENTS, check_upload
from icc.core.versions import VersionConflict, advance_version
from icc.governance import notifications
from icc.governance.models import (
    Amendment,
    AmendmentResponse,
    ConsolidatedText,
    Endorsement,
    Section,
    StrategyDocument,
)
from icc.governance.permissions import can_act_for, is_in_good_standing
from icc.network.models import City
from icc.network.permissions import refusal

DOCUMENT_FIELDS = (
    "title_en",
    "title_fr",
    "summary_en",
    "summary_fr",
    "consultation_opens_on",
    "consultation_closes_on",
    "is_demo",
)
SECTION_FIELDS = ("heading_en", "heading_fr", "text_en", "text_fr")


@transaction.atomic
def create_document(
    *, created_by: Any, record: Mapping[str, Any], sections: Sequence[Mapping[str, str]]
) -> StrategyDocument:
    """Publish a text for consultation with its sections, numbered from 1, in both languages."""
    document = StrategyDocument(
        created_by=created_by if getattr(created_by, "pk", None) else None,
        **{k: v for k, v in record.items() if k in DOCUMENT_FIELDS},
    )
    if (
        document.consultation_opens_on
        and document.consultation_closes_on
        and document.consultation_closes_on < document.consultation_opens_on
    ):
        raise ValidationError(
            {"consultation_closes_on": _("The consultation must close after it opens.")}
        )
    document.full_clean()
    document.save()
    if not sections:
        raise ValidationError(_("A text needs at least one section."))
    for number, section in enumerate(sections, start=1):
        if not all(section.get(name) for name in SECTION_FIELDS):
            raise ValidationError(
                _("Section %(number)s needs a heading and a text in both languages.")
                % {"number": number}
            )
        Section.objects.create(
            document=document, number=number, **{k: section[k] for k in SECTION_FIELDS}
        )
    record_activity(
        created_by, "document.created", document, changes={"title_en": (None, document.title_en)}
    )
    return document


@transaction.atomic
def update_document(
    document: StrategyDocument,
    *,
    changed_by: Any,
    expected_version: int | None,
    record: Mapping[str, Any],
) -> StrategyDocument:
    """Change a document's titles, summaries and consultation dates; stale copies are refused."""
    if not advance_version(StrategyDocument, document.pk, expected=expected_version):
        current = StrategyDocument.objects.get(pk=document.pk)
        raise VersionConflict(
            mine=dict(record),
            theirs={name: getattr(current, name) for name in record},
            version=current.version,
        )
    document = StrategyDocument.objects.get(pk=document.pk)
    changes = {}
    for name, value in record.items():
        if name in DOCUMENT_FIELDS and getattr(document, name) != value:
            changes[name] = (getattr(document, name), value)
            setattr(document, name, value)
    if document.consultation_closes_on < document.consultation_opens_on:
        raise ValidationError(
            {"consultation_closes_on": _("The consultation must close after it opens.")}
        )
    document.full_clean()
    document.save()
    record_activity(changed_by, "document.updated", document, changes=changes)
    return document


# Amendments --------------------------------------------------------------------------------


@transaction.atomic
def propose_amendment(
    section: Section,
    *,
    city: City,
    proposed_by: Any,
    text_en: str,
    text_fr: str,
    needs_translation: bool,
    reason: str,
) -> Amendment:
    """Propose a new wording of ``section`` in ``city``'s name, with its reason.

    The wording comes in both languages, or in one with a request to translate it.
    Refused while the consultation is closed, and for anyone but the coordinator of a
    member city in good standing.
    """
    if not can_act_for(proposed_by, city):
        raise refusal(proposed_by, city)
    document = section.document
    if not document.is_consultation_open():
        raise ValidationError(_("The consultation on this text is closed: no more amendments."))
    text_en, text_fr, reason = text_en.strip(), text_fr.strip(), reason.strip()
    errors: dict[str, str] = {}
    if not text_en and not text_fr:
        errors["text_en"] = _("Write the new wording in at least one language.")
    elif not (text_en and text_fr) and not needs_translation:
        errors["needs_translation"] = _(
            "Write the wording in both languages, or ask for it to be translated."
        )
    if not reason:
        errors["reason"] = _("Say why the section should change.")
    if errors:
        raise ValidationError(errors)
    amendment = Amendment.objects.create(
        section=section,
        city=city,
        proposed_by=proposed_by,
        base_en=section.text_en,
        base_fr=section.text_fr,
        text_en=text_en,
        text_fr=text_fr,
        needs_translation=needs_translation and not (text_en and text_fr),
        reason=reason,
    )
    record_activity(
        proposed_by, "amendment.proposed", amendment, changes={"city": (None, city.slug)}
    )
    return amendment


@transaction.atomic
def respond_to_amendment(
    amendment: Amendment, *, city: City, written_by: Any, kind: str, text: str = ""
) -> AmendmentResponse:
    """Record another city's support for an amendment, or its comment."""
    if not can_act_for(written_by, city):
        raise refusal(written_by, city)
    if city.pk == amendment.city_id:
        raise ValidationError(_("A city cannot support its own amendment."))
    if not amendment.is_open:
        raise ValidationError(_("This amendment has been decided on."))
    if kind not in AmendmentResponse.Kind.values:
        raise ValidationError(_("Choose to support or to comment."))
    if kind == AmendmentResponse.Kind.COMMENT and not text.strip():
        raise ValidationError({"text": _("Write your comment.")})
    try:
        with transaction.atomic():
            response = AmendmentResponse.objects.create(
                amendment=amendment, city=city, written_by=written_by, kind=kind, text=text.strip()
            )
    except IntegrityError as error:
        raise ValidationError(_("Your city already supports this amendment.")) from error
    record_activity(written_by, f"amendment.{kind}", amendment, changes={"city": (None, city.slug)})
    return response


@transaction.atomic
def decide_amendment(
    amendment: Amendment,
    *,
    decided_by: Any,
    expected_version: int | None,
    decision: str,
    reason: str = "",
    merged_into: Amendment | None = None,
    translation: Mapping[str, str] | None = None,
) -> Amendment:
    """Accept, reject (with a reason) or merge an amendment into another of the same section.

    Accepting an amendment that asked for a translation needs the missing language
    (``translation``). A decision on a stale copy raises ``VersionConflict``.
    """
    if not advance_version(Amendment, amendment.pk, expected=expected_version):
        current = Amendment.objects.get(pk=amendment.pk)
        raise VersionConflict(
            mine={"status": decision},
            theirs={"status": current.status},
            version=current.version,
        )
    amendment = Amendment.objects.select_related("section", "city").get(pk=amendment.pk)
    if not amendment.is_open:
        raise ValidationError(_("This amendment has been decided on."))
    old = amendment.status
    reason = reason.strip()
    if decision == Amendment.Status.REJECTED:
        if not reason:
            raise ValidationError({"reason": _("Give the reason for rejecting the amendment.")})
    elif decision == Amendment.Status.MERGED:
        if (
            merged_into is None
            or merged_into.pk == amendment.pk
            or merged_into.section_id != amendment.section_id
            or merged_into.status not in (Amendment.Status.PROPOSED, Amendment.Status.ACCEPTED)
        ):
            raise ValidationError(
                {"merged_into": _("Choose another amendment to the same section to merge into.")}
            )
        amendment.merged_into = merged_into
    elif decision == Amendment.Status.ACCEPTED:
        for language in ("en", "fr"):
            given = (translation or {}).get(language, "").strip()
            if given:
                setattr(amendment, f"text_{language}", given)
            if not getattr(amendment, f"text_{language}"):
                raise ValidationError(
                    {f"text_{language}": _("Give the translation before accepting.")}
                )
        amendment.needs_translation = False
    else:
        raise ValidationError(_("Choose to accept, reject or merge."))
    amendment.status = decision
    amendment.decision_reason = reason
    amendment.decided_by = decided_by if getattr(decided_by, "pk", None) else None
    amendment.decided_at = timezone.now()
    amendment.save()
    record_activity(decided_by, "amendment.decided", amendment, changes={"status": (old, decision)})
    notifications.amendment_decided(amendment, by=decided_by)
    return amendment


@transaction.atomic
def consolidate(document: StrategyDocument, *, made_by: Any) -> ConsolidatedText:
    """Write the accepted amendments into the text under a new version number.

    Each section takes the wording of its latest accepted amendment not yet consolidated;
    the result is frozen as a ``ConsolidatedText`` and becomes the sections' text.
    """
    document = StrategyDocument.objects.select_for_update().get(pk=document.pk)
    pending = list(
        Amendment.objects.filter(
            section__document=document,
            status=Amendment.Status.ACCEPTED,
            consolidated_in__isnull=True,
        ).order_by("decided_at", "id")
    )
    if not pending:
        raise ValidationError(_("No accepted amendment waits to be written into the text."))
    number = document.version_number + 1
    latest: dict[int, Amendment] = {}
    applied: dict[int, list[int]] = {}
    for amendment in pending:
        latest[amendment.section_id] = amendment
        applied.setdefault(amendment.section_id, []).append(amendment.pk)
    sections = list(document.sections.all())
    changed = []
    for section in sections:
        if section.pk in latest:
            section.text_en = latest[section.pk].text_en
            section.text_fr = latest[section.pk].text_fr
            changed.append(section)
    Section.objects.bulk_update(changed, ["text_en", "text_fr"])
    frozen = ConsolidatedText.objects.create(
        document=document,
        number=number,
        made_by=made_by if getattr(made_by, "pk", None) else None,
        sections=[
            {
                "number": s.number,
                "heading_en": s.heading_en,
                "heading_fr": s.heading_fr,
                "text_en": s.text_en,
                "text_fr": s.text_fr,
                "amendments": applied.get(s.pk, []),
            }
            for s in sections
        ],
    )
    Amendment.objects.filter(pk__in=[a.pk for a in pending]).update(consolidated_in=number)
    document.version_number = number
    document.save(update_fields=["version_number"])
    record_activity(
        made_by, "document.consolidated", document, changes={"version_number": (number - 1, number)}
    )
    return frozen


# Endorsements ------------------------------------------------------------------------------


@transaction.atomic
def record_endorsement(
    document: StrategyDocument,
    *,
    city: City,
    council_decided_on: date,
    decision: UploadedFile,
    recorded_by: Any,
) -> Endorsement:
    """Record that ``city``'s council adopted the text, with the date and its decision.

    The secretariat records it for any member city; a coordinator for their own city in
    good standing; the platform itself (``recorded_by=None``) for the demo. A city
    endorses a text once.
    """
    from icc.accounts.permissions import is_secretariat

    is_platform = not getattr(recorded_by, "is_authenticated", False)  # the demo loader
    if not (is_platform or is_secretariat(recorded_by) or can_act_for(recorded_by, city)):
        raise PermissionDenied
    if city.status != City.Status.MEMBER and not is_in_good_standing(city):
        raise ValidationError(_("Only a member city endorses a network text."))
    if council_decided_on > timezone.localdate():
        raise ValidationError(
            {"council_decided_on": _("The council's decision cannot be in the future.")}
        )
    if Endorsement.objects.filter(document=document, city=city).exists():
        raise ValidationError(_("This city's endorsement is already recorded."))
    endorsement = Endorsement(
        document=document,
        city=city,
        council_decided_on=council_decided_on,
        recorded_by=recorded_by if getattr(recorded_by, "pk", None) else None,
        decision_type=check_upload(decision, types=DOCUMENTS).content_type,
    )
    endorsement.decision.save(decision.name or "decision", decision, save=False)
    endorsement.save()
    record_activity(
        recorded_by,
        "document.endorsed",
        document,
        changes={"city": (None, city.slug), "council_decided_on": (None, council_decided_on)},
    )
    return endorsement
