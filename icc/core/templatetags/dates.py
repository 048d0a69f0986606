"""The ``date`` filter of every template, with French ordinals (« 1er décembre »).

Registered as a template builtin (``TEMPLATES`` in settings), so ``{{ day|date }}`` and
``{{ day|date:"DATE_FORMAT" }}`` follow icc.core.dates everywhere without a ``load``.
"""

import datetime
from typing import Any

from django import template
from django.template.defaultfilters import date as django_date

from icc.core.dates import add_french_ordinal

register = template.Library()


@register.filter(expects_localtime=True, is_safe=False)
def date(value: Any, arg: str | None = None) -> str:
    """Format a date like Django's filter, with « 1er » for the first day in French."""
    text = django_date(value, arg)
    if text and isinstance(value, datetime.date):
        return add_french_ordinal(text, value)
    return text
