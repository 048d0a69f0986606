"""The sections of the home page that the apps contribute, in order.

The home page belongs to the network app, which may not import the feature apps; each
app registers what it shows there (``register_front_page_section``) from its own
selectors, as it registers its menu links.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class FrontPageSection:
    """One section of the home page: its template and the context it is drawn with."""

    template_name: str
    context: dict[str, Any]


SectionSource = Callable[[], dict[str, Any] | None]

_SOURCES: list[tuple[int, str, SectionSource]] = []


def register_front_page_section(order: int, template_name: str, source: SectionSource) -> None:
    """Show ``template_name`` on the home page, drawn with ``source()``, in ``order``.

    ``source`` returns the template's context, or None when it has nothing to show.
    """
    _SOURCES.append((order, template_name, source))
    _SOURCES.sort(key=lambda item: item[0])


def front_page_sections() -> list[FrontPageSection]:
    """Return the sections that have something to show, in order."""
    sections = []
    for _order, template_name, source in _SOURCES:
        context = source()
        if context is not None:
            sections.append(FrontPageSection(template_name, context))
    return sections
