"""Reads of practices that other apps use (connections shows a peer's practices, the
briefing pack a city's own)."""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

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


def search_documents(prefix: str, key: str) -> Any:
    """Name another family of searchable documents: ``{prefix}_en``/``{prefix}_fr`` tables.

    Decision 0059: an app that searches its own records (the learning library) keeps
    them in full-text tables made like the practices' ones (FTS5 on SQLite, ``tsvector``
    with a GIN index on PostgreSQL), written and matched by the practices' search code.
    """
    from icc.practices.search.index import DocumentTables

    return DocumentTables(prefix, key)


def index_search_documents(tables: Any, documents: Sequence[tuple[int, str, str, str]]) -> None:
    """Replace the documents ``(id, language, title, body)`` of ``tables`` (one search engine)."""
    from django.db import connection

    from icc.practices.search.index import remove_documents, write_documents

    with connection.cursor() as cursor:
        remove_documents(cursor, tables, sorted({document[0] for document in documents}))
        write_documents(cursor, tables, documents)


def match_search_documents(tables: Any, query: str, *, limit: int = 2000) -> dict[int, float]:
    """Return the ids of the documents of ``tables`` matching ``query``, with their scores.

    The query is parsed and matched as a practices search is (stems, accents, phrases);
    with more than ``limit`` matches, the ``limit`` newest are kept.
    """
    from icc.practices.search.analysis import parse_query
    from icc.practices.search.matching import match

    return match(parse_query(query), limit=limit, tables=tables).scores


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


def published_practices_for_target_group(
    target_group: str, *, language: str | None = None, limit: int = 60
) -> list[tuple[PracticeLink, list[str]]]:
    """Return published practices meant for ``target_group`` (such as "businesses"), the
    latest first, each with its Index area codes (used by the barometer's suggestions)."""
    practices = (
        Practice.objects.published()
        .prefetch_related("translations", "area_links")
        .order_by("-published_at", "-pk")
    )
    found = []
    for practice in practices.iterator(chunk_size=200):
        if target_group not in (practice.target_groups or []):
            continue
        text = practice.text(language)
        if text is None:
            continue
        link = PracticeLink(text.title, practice.get_absolute_url(), text.language)
        found.append((link, practice.area_codes))
        if len(found) >= limit:
            break
    return found


@dataclass(frozen=True)
class PracticeFacts:
    """What the policy lab needs of a published practice: its origin, dates and areas."""

    id: int
    slug: str
    city_id: int | None
    country: str
    started_year: int
    published_at: object
    areas: tuple[str, ...]


def published_practice_facts(
    *,
    ids: Iterable[int] | None = None,
    slug: str | None = None,
    city_ids: Iterable[int] | None = None,
) -> list[PracticeFacts]:
    """Return the facts of the published practices chosen by id, slug or city (decision 0054).

    No text is read: ``published_practice_titles`` names the few a page shows.
    """
    practices = Practice.objects.published()
    if ids is not None:
        practices = practices.filter(pk__in=list(ids))
    if slug is not None:
        practices = practices.filter(slug=slug)
    if city_ids is not None:
        practices = practices.filter(city_id__in=list(city_ids))
    rows = list(
        practices.values_list("pk", "slug", "city_id", "country", "started_year", "published_at")
    )
    areas: dict[int, list[str]] = defaultdict(list)
    from icc.practices.models import PracticeArea

    for practice_id, area in PracticeArea.objects.filter(
        practice_id__in=[row[0] for row in rows]
    ).values_list("practice_id", "area"):
        areas[practice_id].append(area)
    return [
        PracticeFacts(pk, slug_, city_id, str(country), year, published, tuple(sorted(areas[pk])))
        for pk, slug_, city_id, country, year, published in rows
    ]


def published_practice_titles(
    ids: Iterable[int], language: str | None = None
) -> dict[int, PracticeLink]:
    """Return ``{id: link}`` for the published practices given, titled in ``language``."""
    found = {}
    for practice in (
        Practice.objects.published().filter(pk__in=list(ids)).prefetch_related("translations")
    ):
        text = practice.text(language)
        if text is not None:
            found[practice.pk] = PracticeLink(
                text.title, practice.get_absolute_url(), text.language
            )
    return found
