"""Read settings from environment variables through small typed helpers.

A missing or malformed value stops start-up with a message that names the
variable, so a misconfigured server never starts half-working.
"""

import os
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def _read[T](name: str, default: T, parse: Callable[[str], T], expected: str) -> T:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        return parse(raw.strip())
    except (ValueError, TypeError) as error:
        raise ImproperlyConfigured(
            f"Environment variable {name}={raw!r} is not valid: expected {expected} ({error})."
        ) from None


def env_str(name: str, default: str = "") -> str:
    """Return the variable as text."""
    return _read(name, default, str, "text")


def env_bool(name: str, default: bool = False) -> bool:
    """Return the variable as a boolean written as 1/0, true/false, yes/no or on/off."""

    def parse(raw: str) -> bool:
        lowered = raw.lower()
        if lowered in _TRUE:
            return True
        if lowered in _FALSE:
            return False
        raise ValueError("not a boolean")

    return _read(name, default, parse, "one of 1, 0, true, false, yes, no, on, off")


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    """Return the variable as an integer, refusing values under ``minimum``."""

    def parse(raw: str) -> int:
        value = int(raw)
        if minimum is not None and value < minimum:
            raise ValueError(f"must be at least {minimum}")
        return value

    return _read(name, default, parse, "an integer")


def env_list(name: str, default: list[str]) -> list[str]:
    """Return the variable as a comma-separated list of non-empty items."""

    def parse(raw: str) -> list[str]:
        return [item.strip() for item in raw.split(",") if item.strip()]

    return _read(name, default, parse, "a comma-separated list")


def env_database(name: str, default: str) -> dict[str, Any]:
    """Return a Django database setting parsed from a database URL."""
    import dj_database_url

    def parse(raw: str) -> dict[str, Any]:
        if "://" not in raw:
            raise ValueError("not a URL such as postgres://user:pass@host/db")
        return dict(dj_database_url.parse(raw))

    return _read(name, parse(default) if default else {}, parse, "a database URL")
