"""Writes of a city's anti-rumours strategy: its steps, districts and the records of each step.

Every write asks ``can_edit_strategy`` (the city's people while the city may act, and the
secretariat), runs in one transaction and is recorded in the activity log.
"""

from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.utils.translation import gettext as _

from icc.accounts.actors import Actor
from icc.antirumours.models import (
    STEPS,
    Agent,
    Answer,
    Campaign,
    CityRumour,
    District,
    Material,
    Organisation,
    Quota,
    Strategy,
    Survey,
    Tally,
    TrainingModule,
    TrainingSession,
)
from icc.antirumours.permissions import can_edit_strategy, require
from icc.core.activity import record_activity
from icc.core.page_cache import invalidate_public_pages_on_commit
from icc.core.versions import VersionConflict, advance_version
from icc.network.models import City

SCOPE = "antirumours"
STRATEGY_FIELDS = ("origin", "adopted_from", "summary", *(f"{step}_status" for step in STEPS))


def start_strategy(city: City, *, by: Actor | None) -> Strategy:
    """Open the city's strategy (once)."""
    require(can_edit_strategy(by, city))
    with transaction.atomic():
        strategy, created = Strategy.objects.get_or_create(city=city)
        if created:
            record_activity(by, "antirumours.strategy.started", strategy, about=city)
    return strategy


def update_strategy(
    strategy: Strategy,
    *,
    by: Actor | None,
    expected_version: int | None,
    districts: Sequence[str],
    **fields: Any,
) -> Strategy:
    """Change the origin, summary and step statuses, and the list of districts.

    A district that holds records is kept even when left out of the list (it is not
    deleted under its agents); a stale copy raises ``VersionConflict``.
    """
    require(can_edit_strategy(by, strategy.city))
    if (
        fields.get("origin") == Strategy.Origin.ADOPTED
        and fields.get("adopted_from") == strategy.city
    ):
        raise ValidationError({"adopted_from": _("A city cannot adopt the method from itself.")})
    names = sorted({name.strip() for name in districts if name.strip()})
    if any(len(name) > 120 for name in names):
        raise ValidationError({"districts": _("A district's name has 120 characters at most.")})
    with transaction.atomic():
        if not advance_version(Strategy, strategy.pk, expected=expected_version):
            stored = Strategy.objects.get(pk=strategy.pk)
            raise VersionConflict(
                mine=fields,
                theirs={name: getattr(stored, name) for name in fields},
                version=stored.version,
            )
        for name, value in fields.items():
            setattr(strategy, name, value)
        if strategy.origin == Strategy.Origin.ORIGINATED:
            strategy.adopted_from = None
        strategy.version = (expected_version or strategy.version) + 1
        strategy.save()
        existing = {d.name: d for d in strategy.districts.all()}
        for name in names:
            if name not in existing:
                District.objects.create(strategy=strategy, name=name)
        for name, district in existing.items():
            if name not in names and not _district_in_use(district):
                district.delete()
        record_activity(by, "antirumours.strategy.updated", strategy, about=strategy.city)
    return strategy


def _district_in_use(district: District) -> bool:
    return any(
        model.objects.filter(district=district).exists()
        for model in (CityRumour, Organisation, Agent, Campaign, Survey, Quota, Answer, Tally)
    )


def _add(
    strategy: Strategy,
    record: models.Model,
    *,
    by: Actor | None,
    verb: str,
    many: dict[str, Iterable[Any]] | None = None,
) -> Any:
    """Save a new record of the strategy, its many-to-many links, and the activity entry."""
    require(can_edit_strategy(by, strategy.city))
    record.strategy = strategy  # type: ignore[attr-defined]
    district = getattr(record, "district", None)
    if district is not None and district.strategy_id != strategy.pk:
        raise ValidationError({"district": _("Choose one of the city's districts.")})
    record.full_clean()
    with transaction.atomic():
        record.save()
        for name, values in (many or {}).items():
            getattr(record, name).set(list(values))
        record_activity(by, verb, record, about=strategy.city)
    return record


def add_city_rumour(
    strategy: Strategy, record: CityRumour, *, by: Actor | None, counters: Iterable[Any] = ()
) -> CityRumour:
    """Record a rumour heard in the city (step 1), adapted from the catalogue or its own."""
    if record.rumour is not None and not record.rumour.is_published:
        raise ValidationError({"rumour": _("Choose a published rumour of the catalogue.")})
    counters = list(counters)
    if any(c.rumour_id != record.rumour_id for c in counters):
        raise ValidationError(
            {"counters": _("Choose counter-arguments of the catalogue rumour it adapts.")}
        )
    result = _add(
        strategy, record, by=by, verb="antirumours.city_rumour.added", many={"counters": counters}
    )
    invalidate_public_pages_on_commit(SCOPE)
    return result


def add_organisation(strategy: Strategy, record: Organisation, *, by: Actor | None) -> Organisation:
    """Add a local organisation to the city's anti-rumours network (step 3)."""
    return _add(strategy, record, by=by, verb="antirumours.organisation.added")


def add_module(strategy: Strategy, record: TrainingModule, *, by: Actor | None) -> TrainingModule:
    """Add a module of the city's training course (step 4)."""
    if record.hours is not None and record.hours <= 0:
        raise ValidationError({"hours": _("A module lasts more than zero hours.")})
    return _add(strategy, record, by=by, verb="antirumours.module.added")


def add_agent(strategy: Strategy, record: Agent, *, by: Actor | None) -> Agent:
    """Add a trained agent (step 4)."""
    if record.organisation is not None and record.organisation.strategy_id != strategy.pk:
        raise ValidationError({"organisation": _("Choose one of the city's organisations.")})
    return _add(strategy, record, by=by, verb="antirumours.agent.added")


def add_session(
    strategy: Strategy, record: TrainingSession, *, by: Actor | None, attendees: Iterable[Agent]
) -> TrainingSession:
    """Record a training session and who attended it (step 4)."""
    attendees = list(attendees)
    if record.module.strategy_id != strategy.pk or any(
        a.strategy_id != strategy.pk for a in attendees
    ):
        raise ValidationError(_("Choose the city's own modules and agents."))
    return _add(
        strategy, record, by=by, verb="antirumours.session.added", many={"attendees": attendees}
    )


def add_campaign(
    strategy: Strategy,
    record: Campaign,
    *,
    by: Actor | None,
    partners: Iterable[Organisation] = (),
    counters: Iterable[Any] = (),
    agents: Iterable[Agent] = (),
) -> Campaign:
    """Add a campaign (step 5) with its partners, the agents who run it and the
    counter-arguments it uses."""
    partners, agents = list(partners), list(agents)
    if any(p.strategy_id != strategy.pk for p in partners):
        raise ValidationError({"partners": _("Choose the city's own organisations.")})
    if any(a.strategy_id != strategy.pk for a in agents):
        raise ValidationError({"agents": _("Choose the city's own modules and agents.")})
    return _add(
        strategy,
        record,
        by=by,
        verb="antirumours.campaign.added",
        many={"partners": partners, "agents": agents, "counters": list(counters)},
    )


def update_campaign(
    campaign: Campaign, *, by: Actor | None, expected_version: int | None, **fields: Any
) -> Campaign:
    """Change a campaign's reach and evaluation; a stale copy raises ``VersionConflict``."""
    require(can_edit_strategy(by, campaign.strategy.city))
    with transaction.atomic():
        if not advance_version(Campaign, campaign.pk, expected=expected_version):
            stored = Campaign.objects.get(pk=campaign.pk)
            raise VersionConflict(
                mine=fields,
                theirs={name: getattr(stored, name) for name in fields},
                version=stored.version,
            )
        for name, value in fields.items():
            setattr(campaign, name, value)
        campaign.version = (expected_version or campaign.version) + 1
        campaign.full_clean()
        campaign.save()
        record_activity(by, "antirumours.campaign.updated", campaign, about=campaign.strategy.city)
    return campaign


def add_material(
    campaign: Campaign, *, by: Actor | None, title: str, upload: UploadedFile
) -> Material:
    """Keep a campaign's material; the upload was checked by content (``CheckedFileField``)."""
    require(can_edit_strategy(by, campaign.strategy.city))
    with transaction.atomic():
        material = Material(
            campaign=campaign,
            title=title,
            content_type=getattr(getattr(upload, "checked_type", None), "content_type", ""),
        )
        material.file.save(upload.name or "material", upload, save=False)
        material.save()
        record_activity(by, "antirumours.material.added", material, about=campaign.strategy.city)
    return material
