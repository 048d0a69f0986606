"""Link stored files through the permission-checked download view."""

from django import template
from django.db.models.fields.files import FieldFile

from icc.core import downloads

register = template.Library()


@register.filter
def download_url(file: FieldFile) -> str:
    """Return the checked address of a stored file: ``{{ evidence.file|download_url }}``."""
    return downloads.download_url(file)
