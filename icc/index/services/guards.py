"""The two checks every Index service makes.

A service checks the state first (``require``: ``ValidationError``) and then the person
(``allow``: ``PermissionDenied``); ``by=None`` is the platform acting and skips the
person check only.
"""

from django.core.exceptions import PermissionDenied, ValidationError

from icc.accounts.actors import Actor


def require(condition: bool, message: str) -> None:
    """Raise ``ValidationError`` with ``message`` unless the state allows the step."""
    if not condition:
        raise ValidationError(message)


def allow(by: Actor | None, allowed: bool) -> None:
    """Raise ``PermissionDenied`` when a person (not the platform) is not allowed."""
    if by is not None and not allowed:
        raise PermissionDenied
