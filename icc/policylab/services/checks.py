"""Rules the lab's writes share: evidence links."""

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

SAFE_SCHEMES = ("https", "http")


def check_link(url: str, field: str) -> str:
    """Return ``url`` stripped, or raise ``ValidationError`` unless it is an http(s) address."""
    url = url.strip()
    if not url:
        return ""
    parts = urlsplit(url)
    if parts.scheme.lower() not in SAFE_SCHEMES or not parts.netloc:
        raise ValidationError(
            {field: _("Give a web address starting with https:// or http://.")}, code="link_scheme"
        )
    return url
