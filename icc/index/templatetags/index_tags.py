"""Template filters of the Index pages."""

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django import template
from django.utils.formats import localize

register = template.Library()

# What a page shows where there is no score; a score of 0 is a score and never shows this.
NO_SCORE = "—"


@register.filter
def get_item(mapping: Mapping[Any, Any] | None, key: Any) -> Any:
    """Return ``mapping[key]``, or None when the mapping or the key is missing."""
    if not mapping:
        return None
    return mapping.get(key)


@register.filter
def score(value: Decimal | float | int | None) -> str:
    """Return a score as the reader's language writes it, or a dash when there is none.

    Only None (no score: the area was not taken, or no question counted) shows the
    dash; ``default`` would treat a score of 0 as missing, so Index pages never use it
    on a number.
    """
    if value is None or value == "":
        return NO_SCORE
    return str(localize(value))
