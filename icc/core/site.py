"""The platform's own address, for every absolute URL it writes.

Links in pages, feeds, mail and PDFs are built from ``SITE_URL``, never from the
request's Host header: a forged host could otherwise end up in a cached page or a
mail and send readers elsewhere.
"""

from django.conf import settings


def absolute_url(path: str) -> str:
    """Return ``path`` (starting with ``/``) on the platform's configured address."""
    return settings.SITE_URL.rstrip("/") + path
