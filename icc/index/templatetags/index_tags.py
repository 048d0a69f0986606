"""Template filters of the Index pages."""

from collections.abc import Mapping
from typing import Any

from django import template

register = template.Library()


@register.filter
def get_item(mapping: Mapping[Any, Any] | None, key: Any) -> Any:
    """Return ``mapping[key]``, or None when the mapping or the key is missing."""
    if not mapping:
        return None
    return mapping.get(key)
