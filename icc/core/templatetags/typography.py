"""Punctuation that changes with the language: ``{{ label|colon }}`` gives « Label : ».

Registered as a template builtin (``TEMPLATES`` in settings). French puts a no-break
space before a colon; a colon typed in a template after a translated label or a name
would be wrong on every French page.
"""

from django import template
from django.utils.translation import pgettext

register = template.Library()


@register.filter(is_safe=True)
def colon(label: object) -> str:
    """Return ``label`` followed by a colon, spaced as the active language writes it."""
    return pgettext("a label followed by its value", "%(label)s:") % {"label": label}
