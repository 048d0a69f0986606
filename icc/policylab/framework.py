"""The model framework a national strategy is mapped against, read from its data file.

Pure: no ORM, no request. The file is ours (``framework/model_framework.yaml``,
decision 0055); codes are what ``StrategyMapping.element`` and ``Uptake.elements`` store.
"""

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml
from django.utils.translation import get_language

FRAMEWORK_FILE = Path(__file__).parent / "framework" / "model_framework.yaml"


@dataclass(frozen=True)
class Element:
    """One element of the framework: what a strategy should cover, and the areas that back it."""

    code: str
    principle: str
    title_en: str
    title_fr: str
    index_areas: tuple[str, ...]

    @property
    def title(self) -> str:
        return self.title_fr if (get_language() or "en")[:2] == "fr" else self.title_en


@dataclass(frozen=True)
class Principle:
    """One of the four principles and its elements."""

    code: str
    title_en: str
    title_fr: str
    elements: tuple[Element, ...]

    @property
    def title(self) -> str:
        return self.title_fr if (get_language() or "en")[:2] == "fr" else self.title_en


class FrameworkError(ValueError):
    """The data file breaks a rule: a missing title, a repeated code."""


@cache
def _data() -> dict:
    return yaml.safe_load(FRAMEWORK_FILE.read_text(encoding="utf-8"))


@cache
def principles() -> tuple[Principle, ...]:
    """Return the framework's principles with their elements, in the file's order."""
    return parse(_data())


def title() -> str:
    """Return the framework's title in the active language."""
    names = _data()["title"]
    return names["fr"] if (get_language() or "en")[:2] == "fr" else names["en"]


def parse(data: dict) -> tuple[Principle, ...]:
    """Return the principles of a loaded framework file; raise ``FrameworkError`` if malformed."""
    seen: set[str] = set()
    found = []
    for principle in data.get("principles") or []:
        elements = []
        for element in principle.get("elements") or []:
            code = element.get("code", "")
            title = element.get("title") or {}
            if not code or code in seen:
                raise FrameworkError(f"element code missing or repeated: {code!r}")
            if not title.get("en") or not title.get("fr"):
                raise FrameworkError(f"element {code} needs an English and a French title")
            seen.add(code)
            elements.append(
                Element(
                    code,
                    principle["code"],
                    title["en"],
                    title["fr"],
                    tuple(element.get("index_areas") or ()),
                )
            )
        title = principle.get("title") or {}
        if not title.get("en") or not title.get("fr"):
            raise FrameworkError(f"principle {principle.get('code')} needs two titles")
        found.append(Principle(principle["code"], title["en"], title["fr"], tuple(elements)))
    if not found:
        raise FrameworkError("the framework has no principle")
    return tuple(found)


def elements() -> list[Element]:
    """Return every element, principle by principle."""
    return [element for principle in principles() for element in principle.elements]


def element_codes() -> list[str]:
    """Return the codes of every element, in order."""
    return [element.code for element in elements()]


def element_choices() -> list[tuple[str, str]]:
    """Return ``(code, title)`` pairs in the active language, for forms."""
    return [(element.code, element.title) for element in elements()]
