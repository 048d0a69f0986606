"""Reads of practices that other apps use (connections shows a peer's practices, the
briefing pack a city's own)."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from icc.practices.models import Practice


@dataclass(frozen=True)
class PracticeLink:
    """A published practice as another app shows it: a title in the reader's language."""

    title: str
    url: str
    language: str


@dataclass(frozen=True)
class CityPractice:
    """A city's published practice as another app lists it, in the active language."""

    title: str
    url: str
    started_year: int


def published_practices_of_city(city_id: int) -> list[CityPractice]:
    """Return the city's published practices, the latest published first.

    Each is titled in the active language, else its original one; one without text is left out.
    """
    practices = (
        Practice.objects.published()
        .filter(city_id=city_id)
        .prefetch_related("translations")
        .order_by("-published_at", "-pk")
    )
    found = []
    for practice in practices:
        text = practice.text()
        if text is not None:
            found.append(
                CityPractice(text.title, practice.get_absolute_url(), practice.started_year)
            )
    return found


def published_practices_by_city_and_area(
    city_ids: Iterable[int], areas: Iterable[str], *, language: str | None = None
) -> dict[tuple[int, str], list[PracticeLink]]:
    """Return ``{(city id, area code): [practice, …]}`` for the published practices given."""
    areas = set(areas)
    practices = (
        Practice.objects.published()
        .filter(city_id__in=list(city_ids), area_links__area__in=areas)
        .distinct()
        .prefetch_related("translations", "area_links")
    )
    found: dict[tuple[int, str], list[PracticeLink]] = defaultdict(list)
    for practice in practices:
        text = practice.text(language)
        if text is None:
            continue
        link = PracticeLink(text.title, practice.get_absolute_url(), text.language)
        if practice.city_id is None:
            continue
        for area in practice.area_codes:
            if area in areas:
                found[(practice.city_id, area)].append(link)
    return dict(found)
