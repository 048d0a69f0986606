"""The links of the account menu, each shown only to whoever may open its page.

Apps register a source of links (``register_account_links``); a source asks the same
permission function as the view it links to, so the menu can never offer a page that
refuses the person.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from icc.core.actors import Person


@dataclass(frozen=True)
class MenuLink:
    """One link of the account menu: its label in the reader's language and its address."""

    label: str
    url: str


LinkSource = Callable[[Any], Iterable[MenuLink]]

_SOURCES: list[tuple[int, LinkSource]] = []


def register_account_links(order: int, source: LinkSource) -> None:
    """Add the links ``source(user)`` returns to the account menu, in ``order`` among apps."""
    _SOURCES.append((order, source))
    _SOURCES.sort(key=lambda item: item[0])


def account_links(user: Person) -> list[MenuLink]:
    """Return the account menu's links for the person, in the apps' order."""
    if not getattr(user, "is_authenticated", False):
        return []
    return [link for _order, source in _SOURCES for link in source(user)]


RecordLinkSource = Callable[[Any, Any], Iterable[MenuLink]]

_RECORD_SOURCES: dict[str, list[tuple[int, RecordLinkSource]]] = {}


def register_record_links(model_label: str, order: int, source: RecordLinkSource) -> None:
    """Add the links ``source(record, user)`` returns to the page of a ``model_label`` record.

    A city's profile links its Index results, practices, stories and commitment this way,
    each app asking its own permission functions, while the network app imports none of them.
    """
    sources = _RECORD_SOURCES.setdefault(model_label, [])
    sources.append((order, source))
    sources.sort(key=lambda item: item[0])


def record_links(record: Any, user: Person) -> list[MenuLink]:
    """Return the links the apps offer on ``record``'s page to the person, in order."""
    sources = _RECORD_SOURCES.get(record._meta.label, [])
    return [link for _order, source in sources for link in source(record, user)]
