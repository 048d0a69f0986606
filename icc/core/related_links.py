"""Links that other apps add to a record's page, without the page's app importing them.

A feature app may not import another (decision 0043); when its records belong on another
app's page — a practice's policy journey (decision 0069) — it registers a source of links
for that kind of record in ``AppConfig.ready()``, and the page asks ``related_links``.
A source returns ``None`` when it has nothing to show for the record, so the page shows a
link only when there is something behind it. A source must stay one small query: pages
ask it on every view.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise


@dataclass(frozen=True)
class RelatedLink:
    """A link to show on a record's page: its text and address."""

    label: str | Promise
    url: str


LinkSource = Callable[[int], RelatedLink | None]

_SOURCES: dict[str, dict[str, LinkSource]] = {}


def register_related_link(kind: str, name: str, source: LinkSource) -> None:
    """Ask ``source(pk)`` for a link on the page of each record of ``kind`` (e.g. "practice").

    ``name`` identifies the source (registering it twice keeps one).
    """
    _SOURCES.setdefault(kind, {})[name] = source


def related_links(kind: str, pk: int) -> list[RelatedLink]:
    """Return the links the registered sources give for the record ``pk`` of ``kind``, in order."""
    links = []
    for name in sorted(_SOURCES.get(kind, {})):
        link = _SOURCES[kind][name](pk)
        if link is not None:
            links.append(link)
    return links
