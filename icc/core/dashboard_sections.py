"""The sections that apps add to the secretariat's dashboard, in order.

The dashboard belongs to the commitment app, which may not import the other feature
apps; each app registers what it shows there (``register_dashboard_section``) from its
own selectors, as it registers its home page sections (``core.front_page``). Decision
0043.
"""

from collections.abc import Callable
from typing import Any

from icc.core.front_page import FrontPageSection as DashboardSection

SectionSource = Callable[[], dict[str, Any] | None]

_SOURCES: list[tuple[int, str, SectionSource]] = []


def register_dashboard_section(order: int, template_name: str, source: SectionSource) -> None:
    """Show ``template_name`` on the secretariat's dashboard, drawn with ``source()``, in ``order``.

    ``source`` returns the template's context, or None when it has nothing to show.
    """
    if any(name == template_name for _order, name, _source in _SOURCES):
        return
    _SOURCES.append((order, template_name, source))
    _SOURCES.sort(key=lambda item: item[0])


def dashboard_sections() -> list[DashboardSection]:
    """Return the registered sections that have something to show, in order."""
    sections = []
    for _order, template_name, source in _SOURCES:
        context = source()
        if context is not None:
            sections.append(DashboardSection(template_name, context))
    return sections
