"""Vocabulary of the URL permission walk, shared by every app's ``tests/url_walk.py``.

Each app declares ``EXPECTED`` — ``{url name: (method, kwargs key, {persona: status})}`` —
and, when its URLs take arguments, ``url_kwargs(key, personas)`` returning the kwargs
for ``reverse()`` (or None when the key is not its own). Methods: get, post, put, patch.
An app may add ``CASES`` — ``{case name: (url name, method, kwargs key, {persona: status})}``
— to walk one URL name with several objects (a file view with each kind of file).
"""

from conftest import PERSONA_NAMES

SIGNED_IN = [name for name in PERSONA_NAMES if name != "visitor"]
LOGIN = 302  # login_required sends visitors to the sign-in page
CITY_EDITORS = ["secretariat", "lyon_coordinator", "lyon_editor"]


def everyone(status: int) -> dict[str, int]:
    """Expect the same status for every persona."""
    return dict.fromkeys(PERSONA_NAMES, status)


def only(
    allowed: list[str], *, status: int = 200, refused: int = 403, visitor: int = LOGIN
) -> dict[str, int]:
    """Allow ``allowed`` personas, refuse the other signed-in ones, send visitors to sign in."""
    return {name: status if name in allowed else refused for name in SIGNED_IN} | {
        "visitor": visitor
    }


def signed_in(status: int = 200, *, visitor: int = LOGIN) -> dict[str, int]:
    """Expect ``status`` for every signed-in persona and ``visitor`` for the visitor."""
    return dict.fromkeys(SIGNED_IN, status) | {"visitor": visitor}
