"""The reader's roles and unread notifications, for menus; read lazily for anonymous pages."""

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from icc.accounts.notifications import unread_count
from icc.accounts.permissions import can_manage_roles, is_secretariat


def roles(request: HttpRequest) -> dict[str, Any]:
    """Return whether the reader works for the secretariat or may change roles, and unread count.

    ``reader_notifications.unread`` is counted only when a template asks for it: the
    header asks only for signed-in people, whose pages are never cached for others.
    """
    return {
        "viewer_is_secretariat": SimpleLazyObject(lambda: is_secretariat(request.user)),
        "viewer_manages_roles": SimpleLazyObject(lambda: can_manage_roles(request.user)),
        "reader_notifications": SimpleLazyObject(lambda: {"unread": unread_count(request.user)}),
    }
