"""Reads of the resource library: search with the practices' search engine, versions compared."""

import difflib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet, Sum
from django.utils.translation import get_language

from icc.core.markup import plain_text
from icc.learning.models import LANGUAGES, Resource, ResourceDownload, ResourceVersion
from icc.practices.selectors import match_search_documents, search_documents

# The library's documents, searched by the practices' search code (decision 0059).
RESOURCE_DOCUMENTS = search_documents("learning_resource_fts", "resource_id")
SEARCH_FIELDS = ("summary", "body")


def resource_documents(
    rows: Iterable[tuple[int, Mapping[str, Any]]],
) -> list[tuple[int, str, str, str]]:
    """Return the search documents ``(id, language, title, words)`` of ``(id, texts)`` rows."""
    documents = []
    for pk, texts in rows:
        for language in LANGUAGES:
            text = texts.get(language) or {}
            body = "\n".join(plain_text(text.get(name, "")) for name in SEARCH_FIELDS)
            if text.get("title") or body.strip():
                documents.append((pk, language, text.get("title", ""), body))
    return documents


def search_resources(resources: QuerySet[Resource], query: str) -> list[int]:
    """Return the ids of the resources among ``resources`` that match ``query``, best first.

    One search engine (decision 0059): the current texts of each resource are documents
    in full-text tables made like the practices' ones (FTS5 on SQLite, ``tsvector`` with a
    GIN index on PostgreSQL), stemmed, folded and matched by the practices' search code,
    so « accueillir » finds « accueil » here as in practices, at any size of library.
    Only ids are read here: the page loads the rows it shows (``resources_by_id``).
    """
    scores = match_search_documents(RESOURCE_DOCUMENTS, query)
    if not scores:
        return []
    allowed = resources.order_by().filter(pk__in=list(scores)).values_list("pk", flat=True)
    return sorted(allowed, key=lambda pk: (-scores[pk], pk))


def resources_by_id(resources: QuerySet[Resource], ids: Sequence[int]) -> list[Resource]:
    """Return the resources of ``ids``, in that order."""
    found = resources.in_bulk(list(ids))
    return [found[pk] for pk in ids if pk in found]


@dataclass
class TextChange:
    language: str
    field: str
    lines: list[tuple[str, str]]


def compare(old: ResourceVersion | None, new: ResourceVersion) -> dict[str, Any]:
    """Return what changed from ``old`` to ``new``: text lines per language, files in and out."""
    texts: list[TextChange] = []
    for language in LANGUAGES:
        before = (old.texts.get(language) or {}) if old else {}
        after = new.texts.get(language) or {}
        for name in ("title", "summary", "body"):
            a, b = before.get(name, ""), after.get(name, "")
            if a == b:
                continue
            lines = []
            for line in difflib.ndiff(a.splitlines(), b.splitlines()):
                if line.startswith(("- ", "+ ")):
                    lines.append(("removed" if line[0] == "-" else "added", line[2:]))
            texts.append(TextChange(language, name, lines))
    old_files = {(f.language, f.name) for f in old.files.all()} if old else set()
    new_files = {(f.language, f.name) for f in new.files.all()}
    return {
        "texts": texts,
        "added": sorted(new_files - old_files),
        "removed": sorted(old_files - new_files),
    }


def text_of(version: ResourceVersion | None) -> tuple[dict[str, str], str]:
    """Return the version's texts in the reader's language (else English), and that language."""
    if version is None:
        return {}, "en"
    language = (get_language() or "en")[:2]
    for candidate in (language, "en"):
        if version.texts.get(candidate):
            return version.texts[candidate], candidate
    return {}, language


def download_counts(resource: Resource) -> tuple[int, list[ResourceDownload]]:
    """Return the resource's total downloads and the counts per city, most first."""
    rows = list(resource.downloads.select_related("city").order_by("-count"))
    total = resource.downloads.aggregate(total=Sum("count"))["total"] or 0
    return total, rows
