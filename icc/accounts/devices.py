"""Browsers a person has fully signed in from, so the sign-in cool-off can spare them.

After five failed sign-ins an account cools off for fifteen minutes, which stops
guessing but also lets anyone lock a person out by typing wrong passwords on purpose.
A browser that completed a sign-in to the account (password and, for the secretariat,
the second factor) keeps a signed cookie naming it; from that browser the right
password and code still work during the cool-off, limited only per address.
"""

from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponseBase

COOKIE_NAME = "icc_device"
# The rate limit (ACCOUNT_RATE_LIMITS) of failed sign-ins from a known browser: per address.
KNOWN_DEVICE_ACTION = "login_failed_known_device"
_SALT = "icc.accounts.devices"
_MAX_AGE = 180 * 24 * 3600
# A shared computer remembers a few people, not everyone who ever used it.
_MAX_PEOPLE = 5


def _known_people(request: HttpRequest) -> list[int]:
    try:
        value = request.get_signed_cookie(COOKIE_NAME, salt=_SALT, max_age=_MAX_AGE)
    except (KeyError, signing.BadSignature):
        return []
    return [int(part) for part in (value or "").split(",") if part.isdigit()]


def is_known_device(request: HttpRequest, user_id: int | None) -> bool:
    """Return whether this browser has completed a sign-in to the account ``user_id``."""
    return user_id is not None and user_id in _known_people(request)


def remember_device(request: HttpRequest, response: HttpResponseBase, user_id: int) -> None:
    """Mark this browser, on ``response``, as one the account ``user_id`` signed in from."""
    people = [user_id, *(pk for pk in _known_people(request) if pk != user_id)][:_MAX_PEOPLE]
    response.set_signed_cookie(
        COOKIE_NAME,
        ",".join(str(pk) for pk in people),
        salt=_SALT,
        max_age=_MAX_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
