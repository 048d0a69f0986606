"""Settings for the test suite: the production settings with fast, local parts.

The database still comes from DATABASE_URL, so the same suite runs on SQLite
and on PostgreSQL.
"""

from config.settings import *  # noqa: F403
from config.settings import VAR_DIR

# Tests are not production: no shared secret key or host list to require.
ICC_PRODUCTION = False
ICC_MISSING_FOR_PRODUCTION = []
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
LANGUAGE_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Serve static files from the apps in tests, without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
MEDIA_ROOT = VAR_DIR / "test-media"
SITE_URL = "http://testserver"
# Tests of views see each response fresh; the page cache has tests of its own.
ICC_PUBLIC_PAGE_CACHE_SECONDS = 0
# Tests render many PDFs from one address within a minute; the limit has a test of its own.
ICC_PDF_RENDERS_PER_MINUTE = 100_000
# Each publication would render every report of its round in both languages; the tests of
# stored reports turn it on.
ICC_INDEX_REPORTS_AT_PUBLICATION = False
# Tests run tasks in-process, with no worker beating; readiness tests ask for one.
ICC_READY_REQUIRES_WORKER = False
