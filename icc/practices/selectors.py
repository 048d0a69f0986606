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


def search_stems(text: str, language: str) -> str:
    """Return the stems of ``text`` (space-separated) as the practices' search index keeps them.

    Other apps that search their own few records (the learning library, decision 0039)
    analyse them with the practices' analyser, so one query finds the same words in both.
    """
    from icc.practices.search.analysis import analyse

    return analyse(text, language)


def query_stems(query: str, language: str) -> list[str]:
    """Return the stems a search for ``query`` looks for in ``language``, as practices do."""
    from icc.practices.search.analysis import parse_query

    parsed = parse_query(query)
    return sorted(parsed.highlight_stems(language)) if not parsed.is_empty_for(language) else []


def published_story_titles_of_city(city_id: int) -> list[str]:
    """Return the titles of the city's published stories, latest first, in the active language."""
    from icc.practices.models import Story

    stories = (
        Story.objects.filter(city_id=city_id, is_published=True)
        .prefetch_related("translations")
        .order_by("-published_at", "-pk")
    )
    titles = []
    for story in stories:
        text = story.text()
        if text is not None:
            titles.append(text.title)
    return titles
