"""A practice's editable content as one JSON-ready shape: read, merged with a change, written.

The same shape is kept in a ``PracticeRevision`` (the pending changes of a published
practice, ``revisions``), sent back in a version conflict and compared field by field
(``flat_content``) on the moderator's page.
"""

from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from icc.core.translations import write_texts
from icc.network.models import City, NationalNetwork
from icc.practices.areas import area_codes
from icc.practices.models import Challenge, Practice, PracticeArea, PracticeTranslation

RECORD_FIELDS = (
    "level",
    "city",
    "national_network",
    "owner_name",
    "country",
    "original_language",
    "target_groups",
    "started_year",
    "ended_year",
    "contacts",
    "links",
    "is_demo",
)


def set_texts(practice: Practice, texts: Mapping[str, Mapping[str, str]]) -> dict[str, tuple]:
    """Write the texts given per language (an empty title removes that language)."""
    changes = write_texts(practice, PracticeTranslation, "practice", texts)
    if not PracticeTranslation.objects.filter(practice=practice).exists():
        raise ValidationError(_("Write the practice in at least one language."))
    return changes


def set_areas(practice: Practice, codes: Sequence[str]) -> dict[str, tuple]:
    unknown = sorted(set(codes) - set(area_codes()))
    if unknown:
        raise ValidationError(_("Unknown Index area: %(codes)s.") % {"codes": ", ".join(unknown)})
    before = sorted(PracticeArea.objects.filter(practice=practice).values_list("area", flat=True))
    after = sorted(set(codes))
    if before == after:
        return {}
    PracticeArea.objects.filter(practice=practice).exclude(area__in=after).delete()
    PracticeArea.objects.bulk_create(
        [PracticeArea(practice=practice, area=code) for code in after if code not in before]
    )
    return {"areas": (before, after)}


def set_challenges(practice: Practice, challenges: Sequence[Challenge]) -> dict[str, tuple]:
    before = sorted(practice.challenges.values_list("slug", flat=True))
    after = sorted(challenge.slug for challenge in challenges)
    if before == after:
        return {}
    practice.challenges.set(challenges)
    return {"challenges": (before, after)}


def check_owner(practice: Practice) -> None:
    if practice.city is not None and not practice.country:
        practice.country = practice.city.country
    if practice.national_network is not None and not practice.country:
        practice.country = practice.national_network.country
    if practice.level == Practice.Level.LOCAL and not practice.city_id:
        raise ValidationError({"city": _("A local practice belongs to a city.")})
    if practice.level != Practice.Level.LOCAL and not (
        practice.national_network_id or practice.owner_name or practice.city_id
    ):
        raise ValidationError(
            {"owner_name": _("Name the region or national body that carries the practice.")}
        )


def practice_content(practice: Practice) -> dict[str, Any]:
    """Return the whole editable practice as JSON-ready data: record, texts, areas, challenges.

    The same shape is stored in a ``PracticeRevision`` and sent back in a version conflict.
    """
    record = {}
    for name in RECORD_FIELDS:
        if name == "is_demo":
            continue
        value = getattr(practice, f"{name}_id" if name in ("city", "national_network") else name)
        record[name] = str(value) if name == "country" else value
    return {
        "record": record,
        "texts": {
            text.language: {
                field: getattr(text, field) for field in PracticeTranslation.TEXT_FIELDS
            }
            for text in PracticeTranslation.objects.filter(practice=practice).order_by("language")
        },
        "areas": sorted(
            PracticeArea.objects.filter(practice=practice).values_list("area", flat=True)
        ),
        "challenges": sorted(practice.challenges.values_list("slug", flat=True)),
    }


def working_content(practice: Practice) -> dict[str, Any]:
    """Return what an editor starts from: the pending changes of a published practice, if any."""
    if practice.status == Practice.Status.PUBLISHED:
        revision = practice.pending_revision()
        if revision is not None:
            return revision.content
    return practice_content(practice)


def merged_content(
    base: Mapping[str, Any],
    *,
    record: Mapping[str, Any] | None,
    texts: Mapping[str, Mapping[str, str]] | None,
    areas: Sequence[str] | None,
    challenges: Sequence[Challenge] | None,
) -> dict[str, Any]:
    content: dict[str, Any] = {
        "record": dict(base["record"]),
        "texts": {language: dict(fields) for language, fields in base["texts"].items()},
        "areas": list(base["areas"]),
        "challenges": list(base["challenges"]),
    }
    for name, value in (record or {}).items():
        if name in ("city", "national_network"):
            value = value.pk if value is not None else None
        elif name == "country":
            value = str(value)
        if name != "is_demo":
            content["record"][name] = value
    if texts is not None:
        for language, fields in texts.items():
            if fields.get("title"):
                content["texts"][language] = {
                    field: fields.get(field, "") for field in PracticeTranslation.TEXT_FIELDS
                }
            else:
                content["texts"].pop(language, None)
        content["texts"] = dict(sorted(content["texts"].items()))
    if areas is not None:
        content["areas"] = sorted(set(areas))
    if challenges is not None:
        content["challenges"] = sorted(challenge.slug for challenge in challenges)
    return content


def parts_of(content: Mapping[str, Any]) -> dict[str, Any]:
    """Turn stored content back into the arguments of ``apply_parts``."""
    record = dict(content["record"])
    city, network = record.get("city"), record.get("national_network")
    record["city"] = City.objects.filter(pk=city).first() if city else None
    record["national_network"] = (
        NationalNetwork.objects.filter(pk=network).first() if network else None
    )
    return {
        "record": record,
        "texts": content["texts"],
        "areas": content["areas"],
        "challenges": list(Challenge.objects.filter(slug__in=content["challenges"])),
    }


def apply_parts(
    practice: Practice,
    *,
    record: Mapping[str, Any] | None,
    texts: Mapping[str, Mapping[str, str]] | None,
    areas: Sequence[str] | None,
    challenges: Sequence[Challenge] | None,
) -> dict[str, tuple]:
    """Write the parts given to the practice and return every old and new value."""
    changes: dict[str, tuple] = {}
    for name, value in (record or {}).items():
        old = getattr(practice, name)
        if old != value:
            changes[name] = (old, value)
            setattr(practice, name, value)
    check_owner(practice)
    practice.full_clean()
    practice.save()
    if texts is not None:
        # Languages left out keep their texts; an empty title removes a language.
        all_texts = {language: {"title": ""} for language in practice.languages} | dict(texts)
        changes |= set_texts(practice, all_texts)
    if areas is not None:
        changes |= set_areas(practice, areas)
    if challenges is not None:
        changes |= set_challenges(practice, challenges)
    return changes


def content_changes(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, tuple]:
    flat_before, flat_after = flat_content(before), flat_content(after)
    return {
        name: (flat_before.get(name), flat_after.get(name))
        for name in sorted(set(flat_before) | set(flat_after))
        if flat_before.get(name) != flat_after.get(name)
    }


def flat_content(content: Mapping[str, Any]) -> dict[str, Any]:
    """Return content as one level of fields (``en.title``…), to compare two versions."""
    flat = dict(content["record"])
    for language, fields in content["texts"].items():
        for name, value in fields.items():
            flat[f"{language}.{name}"] = value
    flat["areas"] = content["areas"]
    flat["challenges"] = content["challenges"]
    return flat
