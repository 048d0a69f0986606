"""Reads of the resource library: search with the practices' analyser, versions compared."""

import difflib
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet, Sum
from django.utils.translation import get_language

from icc.learning.models import LANGUAGES, Resource, ResourceDownload, ResourceVersion
from icc.practices.selectors import query_stems


def search_resources(resources: QuerySet[Resource], query: str) -> QuerySet[Resource]:
    """Return the resources whose current texts hold every stem of ``query`` in one language.

    Stems come from the practices' analyser (Snowball, accents folded, stop words
    dropped), so « accueillir » finds « accueil » here as in practices; the library is
    small, so the stems are matched in the stored stem text without an index.
    """
    matches = Q(pk__in=[])
    any_terms = False
    for language in LANGUAGES:
        stems = query_stems(query, language)
        if not stems:
            continue
        any_terms = True
        condition = Q()
        for stem in stems:
            condition &= Q(**{f"search_{language}__contains": f" {stem} "})
        matches |= condition
    return resources.filter(matches) if any_terms else resources


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
