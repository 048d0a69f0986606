"""Settings of the Intercultural Cities platform.

Everything that differs between machines comes from the environment through
the typed helpers of ``config.env``; see docs/development.md for the list.
"""

import os
import secrets
from pathlib import Path
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from config.env import env_bool, env_database, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("ICC_VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env_bool("DEBUG", False)
# Production is HTTPS without DEBUG: every server must then sign with the same SECRET_KEY
# and answer only the hosts it serves, both given by the environment. A demo on loopback
# says ICC_HTTPS=0 (scripts/demo.sh); tests run without HTTPS too (settings_test).
ICC_PRODUCTION = env_bool("ICC_HTTPS", True) and not DEBUG
# What production still lacks: config.wsgi refuses to start and `check --deploy` fails.
ICC_MISSING_FOR_PRODUCTION = [
    name for name in ("SECRET_KEY", "ALLOWED_HOSTS") if ICC_PRODUCTION and not env_str(name)
]


def _secret_key() -> str:
    """Use SECRET_KEY when set; otherwise keep a random key in var/ for this machine.

    The key in var/ serves demos and command-line tools only: in production a server
    refuses to start without SECRET_KEY (config.wsgi), as two servers would sign differently.
    """
    key = env_str("SECRET_KEY")
    if key:
        return key
    key_file = VAR_DIR / "secret-key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(64))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_countries",
    "django_tasks_db",
    "ninja",
    "icc.core",
    "icc.accounts",
    "icc.network",
    "icc.commitment",
    "icc.index",
    "icc.practices",
    "icc.connections",
    "icc.events",
    "icc.learning",
    "icc.governance",
    "icc.antirumours",
    "icc.barometer",
    "icc.certification",
    "icc.policylab",
]

MIDDLEWARE = [
    # First: every later step, and every log line it writes, carries the request's id.
    "icc.core.observability.RequestObservationMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "icc.core.security_headers.PermissionsPolicyMiddleware",
    # Every error under /api/ answers the API's JSON shape, unknown paths and methods too.
    "icc.core.api_errors.ApiErrorShapeMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Cached public pages are answered here, before sessions, locale, CSRF and auth.
    "icc.core.page_cache.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "icc.accounts.middleware.RequireSecretariatTwoFactorMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "icc" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "icc.core.context_processors.site",
                "icc.accounts.context_processors.roles",
            ],
            # French ordinals in dates (« 1er décembre ») for every template's date filter,
            # and the colon spaced as each language writes it (« Pays : »).
            "builtins": ["icc.core.templatetags.dates", "icc.core.templatetags.typography"],
        },
    },
]

# Database: SQLite under var/ unless DATABASE_URL says otherwise.
DATABASES = {"default": env_database("DATABASE_URL", f"sqlite:///{VAR_DIR / 'icc.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # Readers never wait for the writer; a writer waits up to 5 s for another.
        "init_command": (
            "PRAGMA journal_mode=WAL;"
            "PRAGMA synchronous=NORMAL;"
            "PRAGMA foreign_keys=ON;"
            "PRAGMA temp_store=MEMORY;"
            "PRAGMA mmap_size=134217728;"
            "PRAGMA cache_size=-32000;"
        ),
        "timeout": 5,
        # Take the write lock at BEGIN so concurrent writers queue instead of failing.
        "transaction_mode": "IMMEDIATE",
    }
DATABASES["default"]["CONN_MAX_AGE"] = env_int("CONN_MAX_AGE", 600, minimum=0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache holds cached public pages, sign-in throttles and computed figures. On one
# machine it is a folder shared by every server process; with several app servers,
# CACHE_URL names the Redis or Valkey server they share (redis://host:6379/0).
CACHE_URL = env_str("CACHE_URL")
if CACHE_URL:
    if not CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
        raise ImproperlyConfigured(
            f"Environment variable CACHE_URL={CACHE_URL!r} is not valid: expected a "
            "redis://, rediss:// or unix:// address."
        )
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "TIMEOUT": 3600,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "icc"),
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": env_str("CACHE_DIR", str(VAR_DIR / "cache")),
            "TIMEOUT": 3600,
            "OPTIONS": {"MAX_ENTRIES": 20000},
        }
    }

# Accounts and sign-in.
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "network:home"
ACCOUNT_ADAPTER = "icc.accounts.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
# Invitations prove the address: people only join through one.
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
ACCOUNT_SESSION_REMEMBER = None
# Failed sign-ins are limited per address and per account; the window is the cool-off. A
# browser the account signed in from before is limited per address only, so nobody can
# lock a person out by failing on purpose (icc.accounts.devices). Addresses are read
# through ICC_TRUSTED_PROXIES.
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/15m/key",
    "login_failed_known_device": "10/m/ip",
    "reset_password": "20/m/ip,5/m/key",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_FORMS = {"authenticate": "icc.accounts.two_factor.TwoFactorCodeForm"}
MFA_ADAPTER = "icc.accounts.two_factor.TwoFactorAdapter"
MFA_TOTP_ISSUER = "Intercultural Cities"

# Internationalisation: English and French, the language in every URL.
LANGUAGE_CODE = "en"
# Dates with month names in each language (config/formats), never US figures.
FORMAT_MODULE_PATH = ["config.formats"]
LANGUAGES = [("en", _("English")), ("fr", _("French"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Europe/Paris"
LANGUAGE_COOKIE_NAME = "icc_language"
LANGUAGE_COOKIE_SECURE = env_bool("ICC_HTTPS", True)
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

# Static and uploaded files, served by the application itself.
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "icc" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
# Uploads have no public address: icc.core.downloads checks the permission, then the web
# server sends the file when told how (docs/deployment.md); empty, Django streams it.
ICC_FILE_SEND_HEADER = env_str("ICC_FILE_SEND_HEADER", "")
if ICC_FILE_SEND_HEADER not in {"", "X-Accel-Redirect", "X-Sendfile"}:
    raise ImproperlyConfigured(
        f"Environment variable ICC_FILE_SEND_HEADER={ICC_FILE_SEND_HEADER!r} is not valid: "
        "expected X-Accel-Redirect, X-Sendfile or nothing."
    )
# nginx's internal location that maps to MEDIA_ROOT.
ICC_FILE_SEND_PREFIX = env_str("ICC_FILE_SEND_PREFIX", "/protected-media/")
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Several app servers share their uploads on an S3-compatible object store (django-storages)
# named by ICC_S3_BUCKET; the keys come from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY,
# as boto3 reads them. Files stay private (no ACL, signed addresses only): downloads still
# go through icc.core.downloads, which streams them or, with ICC_S3_REDIRECT_SECONDS, sends
# the browser to an address signed for that long (docs/deployment.md).
ICC_S3_BUCKET = env_str("ICC_S3_BUCKET")
ICC_S3_REDIRECT_SECONDS = env_int("ICC_S3_REDIRECT_SECONDS", 0, minimum=0)
if ICC_S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": ICC_S3_BUCKET,
            "endpoint_url": env_str("ICC_S3_ENDPOINT_URL") or None,
            "region_name": env_str("ICC_S3_REGION") or None,
            "location": env_str("ICC_S3_PREFIX"),
            "default_acl": None,
            "querystring_auth": True,
            # Two uploads of the same name keep both files, as on the file system.
            "file_overwrite": False,
            "querystring_expire": max(ICC_S3_REDIRECT_SECONDS, 1),
            # Version 4 signatures: every current store accepts them, some only them.
            "signature_version": "s3v4",
        },
    }
# Source maps are for developers' tools only; compressing them costs seconds at each deploy.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = [
    "jpg",
    "jpeg",
    "png",
    "gif",
    "webp",
    "zip",
    "gz",
    "tgz",
    "bz2",
    "tbz",
    "xz",
    "br",
    "swf",
    "flv",
    "woff",
    "woff2",
    "3gp",
    "3gpp",
    "asf",
    "avi",
    "m4v",
    "mov",
    "mp4",
    "mpeg",
    "mpg",
    "webm",
    "wmv",
    "map",
    "pdf",
]

# Mail: printed to the console unless MAIL_BACKEND=smtp, configured by the environment.
MAIL_BACKEND = env_str("MAIL_BACKEND", "console")
_MAIL_BACKENDS = {
    "console": "django.core.mail.backends.console.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
}
if MAIL_BACKEND not in _MAIL_BACKENDS:
    raise ImproperlyConfigured(
        f"Environment variable MAIL_BACKEND={MAIL_BACKEND!r} is not valid: "
        f"expected one of {', '.join(_MAIL_BACKENDS)}."
    )
MAILERS: dict[str, dict[str, Any]] = {"default": {"BACKEND": _MAIL_BACKENDS[MAIL_BACKEND]}}
if MAIL_BACKEND == "smtp":
    MAILERS["default"]["OPTIONS"] = {
        "host": env_str("SMTP_HOST", "localhost"),
        "port": env_int("SMTP_PORT", 587, minimum=1),
        "username": env_str("SMTP_USER"),
        "password": env_str("SMTP_PASSWORD"),
        "use_tls": env_bool("SMTP_STARTTLS", True),
        "use_ssl": env_bool("SMTP_SSL", False),
        "timeout": env_int("SMTP_TIMEOUT", 20, minimum=1),
    }
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Intercultural Cities <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")

# Background work: Django's tasks framework with a database-backed worker.
TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}
# A worker (manage.py run_worker) says it is alive this often; a task whose worker has been
# silent for longer than the lease was abandoned and is failed into the retries (0023).
TASK_WORKER_HEARTBEAT_SECONDS = env_int("TASK_WORKER_HEARTBEAT_SECONDS", 10, minimum=1)
TASK_WORKER_LEASE_SECONDS = env_int("TASK_WORKER_LEASE_SECONDS", 60, minimum=2)
# /readyz answers 503 while no task worker has beaten within the lease (mail, reports wait).
ICC_READY_REQUIRES_WORKER = env_bool("ICC_READY_REQUIRES_WORKER", True)

# Security: HTTPS everywhere in production; ICC_HTTPS=0 only for loopback demos.
ICC_HTTPS = env_bool("ICC_HTTPS", True)
SECURE_SSL_REDIRECT = ICC_HTTPS
# Probes and the scraper talk to each server directly, often in plain HTTP on a private network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]
SESSION_COOKIE_SECURE = ICC_HTTPS
CSRF_COOKIE_SECURE = ICC_HTTPS
SECURE_HSTS_SECONDS = 31_536_000 if ICC_HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = ICC_HTTPS
SECURE_HSTS_PRELOAD = ICC_HTTPS
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_PROXY", False) else None
)
# How many reverse proxies we run in front of the application: the client's address is
# read that many entries from the end of X-Forwarded-For (icc.core.clients).
ICC_TRUSTED_PROXIES = env_int("ICC_TRUSTED_PROXIES", 0, minimum=0)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
# Browser features the platform never uses, switched off for every page ("()": nobody).
ICC_PERMISSIONS_POLICY: dict[str, list[str]] = {
    "accelerometer": [],
    "camera": [],
    "geolocation": [],
    "gyroscope": [],
    "magnetometer": [],
    "microphone": [],
    "payment": [],
    "usb": [],
}
# Every asset comes from the platform itself; no inline script or style.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Every line names the request it belongs to; the error page shows the same id.
    "filters": {"request_id": {"()": "icc.core.observability.RequestIdFilter"}},
    "formatters": {
        "line": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"}
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "line",
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
    # WeasyPrint reports every screen-only CSS rule it skips; only its errors matter here.
    "loggers": {
        "weasyprint": {"level": "ERROR"},
        "fontTools": {"level": "ERROR"},
        "django.request": {"level": "ERROR"},
    },
}

# The scraper of /metrics presents this token (Authorization: Bearer …); unset, /metrics is 404.
ICC_METRICS_TOKEN = env_str("ICC_METRICS_TOKEN")

# Public pages are cached for anonymous visitors; a write retires the pages it shows on.
ICC_PUBLIC_PAGE_CACHE_SECONDS = env_int("ICC_PUBLIC_PAGE_CACHE_SECONDS", 600, minimum=0)
# PDFs of pages cost a second or more each: how many one client may have rendered a minute.
ICC_PDF_RENDERS_PER_MINUTE = env_int("ICC_PDF_RENDERS_PER_MINUTE", 12, minimum=1)
# PDF renders at once on this machine (0: no bound), and how long a request waits for a
# free slot before a 503 "try again" page (decision 0037). One a CPU leaves the other
# gunicorn workers (two a CPU) to the pages; a waiting request holds a worker too, so by
# default none waits (benchmarks/pdf_overload.py).
ICC_PDF_CONCURRENT_RENDERS = env_int("ICC_PDF_CONCURRENT_RENDERS", os.cpu_count() or 1, minimum=0)
ICC_PDF_WAIT_SECONDS = env_int("ICC_PDF_WAIT_SECONDS", 0, minimum=0)
ICC_PDF_SLOTS_DIR = VAR_DIR / "pdf-slots"
# Published Index reports are rendered in the background at publication, once per language,
# and served as files (decision 0033).
ICC_INDEX_REPORTS_AT_PUBLICATION = env_bool("ICC_INDEX_REPORTS_AT_PUBLICATION", True)
ICC_DIRECTORY_PAGE_SIZE = 24
