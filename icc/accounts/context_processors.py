"""The reader's roles, for menus; read lazily so anonymous pages pay nothing."""

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from icc.accounts.permissions import is_secretariat


def roles(request: HttpRequest) -> dict[str, Any]:
    """Return whether the reader works for the secretariat."""
    return {"viewer_is_secretariat": SimpleLazyObject(lambda: is_secretariat(request.user))}
