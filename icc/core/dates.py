"""Dates written out in the reader's language, one rule for pages, mails and PDFs.

Formats come from ``config/formats`` (month names, never figures alone). French writes
the first day of a month as an ordinal, « 1er décembre », which no date format can say:
``format_date`` adds it, and the ``date`` template filter of ``icc.core.templatetags.dates``
(a builtin of every template) calls it.
"""

import datetime
import re

from django.utils import formats
from django.utils.translation import get_language

# A formatted date that starts with the day "1" followed by a space: "1 décembre 2026".
_FIRST_DAY = re.compile(r"^1(?=\s)")


def add_french_ordinal(text: str, value: datetime.date) -> str:
    """Return ``text`` with « 1er » for the first day of a month when French is active."""
    if value.day == 1 and (get_language() or "").startswith("fr"):
        return _FIRST_DAY.sub("1er", text)
    return text


def format_date(value: datetime.date, format_name: str = "DATE_FORMAT") -> str:
    """Return ``value`` in the active language's long (or named) format."""
    return add_french_ordinal(formats.date_format(value, format_name), value)
