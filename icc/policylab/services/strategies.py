"""Writes about national strategies and their mapping to the model framework."""

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from icc.accounts.actors import Actor
from icc.core.activity import record_activity
from icc.core.page_cache import invalidate_public_pages_on_commit
from icc.core.versions import VersionConflict, advance_version
from icc.network.models import NationalNetwork
from icc.policylab import framework, permissions
from icc.policylab.models import NationalStrategy, StrategyMapping
from icc.policylab.services.checks import check_link


def create_strategy(
    *, created_by: Actor | None, record: Mapping[str, Any], slug: str = "", is_demo: bool = False
) -> NationalStrategy:
    """Add a country's national strategy; a national coordinator adds only their country's."""
    title = str(record.get("title", "")).strip()
    country = str(record.get("country", ""))
    if not title or not country:
        raise ValidationError(_("Give the strategy's title and country."))
    link = check_link(str(record.get("link", "")), "link")
    strategy = NationalStrategy(
        title=title,
        title_fr=str(record.get("title_fr", "")).strip(),
        country=country,
        adopted_on=record.get("adopted_on"),
        link=link,
        is_demo=is_demo,
        national_network=NationalNetwork.objects.filter(country=country).order_by("pk").first(),
    )
    if created_by is not None and not permissions.can_map_strategy(created_by, strategy):
        raise PermissionDenied
    base = slug or slugify(f"{country}-{title}")[:70] or "strategy"
    strategy.slug, n = base, 2
    while NationalStrategy.objects.filter(slug=strategy.slug).exists():
        strategy.slug, n = f"{base}-{n}", n + 1
    with transaction.atomic():
        strategy.save()
        record_activity(created_by, "policylab.strategy.created", strategy)
    invalidate_public_pages_on_commit("policylab")
    return strategy


def map_strategy(
    strategy: NationalStrategy,
    *,
    mapped_by: Actor | None,
    expected_version: int | None,
    coverage: Mapping[str, str],
    notes: Mapping[str, str] | None = None,
) -> NationalStrategy:
    """Store how far the strategy covers each element of the model framework, all at once."""
    codes = set(framework.element_codes())
    if set(coverage) - codes:
        raise ValidationError(_("Map only elements of the model framework."))
    if set(coverage.values()) - set(StrategyMapping.Coverage.values):
        raise ValidationError(_("Choose a coverage for each element."))
    notes = notes or {}
    with transaction.atomic():
        if not advance_version(NationalStrategy, strategy.pk, expected=expected_version):
            stored = NationalStrategy.objects.get(pk=strategy.pk)
            current = dict(stored.mappings.values_list("element", "coverage"))
            raise VersionConflict(mine=dict(coverage), theirs=current, version=stored.version)
        before = dict(strategy.mappings.values_list("element", "coverage"))
        for code, value in coverage.items():
            StrategyMapping.objects.update_or_create(
                strategy=strategy,
                element=code,
                defaults={"coverage": value, "note": notes.get(code, "").strip()},
            )
        strategy.refresh_from_db(fields=["version"])
        changes = {
            code: (before.get(code), value)
            for code, value in coverage.items()
            if before.get(code) != value
        }
        record_activity(mapped_by, "policylab.strategy.mapped", strategy, changes=changes)
    invalidate_public_pages_on_commit("policylab")
    return strategy
