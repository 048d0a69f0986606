"""WSGI entry point used by gunicorn."""

import os

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

if settings.ICC_MISSING_FOR_PRODUCTION:
    # Two servers with keys of their own would refuse each other's sessions and links.
    raise ImproperlyConfigured(
        "Production (ICC_HTTPS on, DEBUG off) needs "
        + " and ".join(settings.ICC_MISSING_FOR_PRODUCTION)
        + " from the environment; the server does not start without them. "
        "See docs/development.md, or set ICC_HTTPS=0 for a demo on this machine only."
    )
