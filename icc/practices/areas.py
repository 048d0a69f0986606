"""The Index areas a practice can serve, named as in the current Index edition.

Areas are stored by their code in the edition files (``icc/index/editions``);
their names come from the methodology so the two never drift apart.
"""

from functools import cache

from django.utils.translation import get_language

from icc.index.method.loader import load_shipped_edition

EDITION = "2019"


@cache
def _areas() -> tuple[tuple[str, dict[str, str]], ...]:
    edition = load_shipped_edition(EDITION)
    return tuple((area.id, {"en": area.title.en, "fr": area.title.fr}) for area in edition.areas)


def area_codes() -> list[str]:
    """Return the codes of the areas, in the order of the edition."""
    return [code for code, _names in _areas()]


def area_name(code: str, language: str | None = None) -> str:
    """Return the name of the area ``code`` in ``language`` (the active one by default)."""
    language = (language or get_language() or "en")[:2]
    names = dict(_areas()).get(code)
    if names is None:
        return code
    return names.get(language, names["en"])


def area_choices() -> list[tuple[str, str]]:
    """Return ``(code, name)`` pairs in the active language, for forms."""
    return [(code, area_name(code)) for code in area_codes()]
