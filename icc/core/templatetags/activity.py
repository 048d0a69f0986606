"""Template filters that show activity entries to people, in their language."""

from django import template

from icc.core.activity import ChangeRow, describe_changes
from icc.core.models import Activity

register = template.Library()


@register.filter
def change_rows(entry: Activity) -> list[ChangeRow]:
    """Return the entry's changes with field names and values as a reader reads them."""
    return describe_changes(entry)
