"""Whoever acts on a record, as core knows them, and the author a record keeps of them.

Core cannot name the platform's ``User`` (it lives in ``accounts``, above core), so it
types the person acting by what it needs of them: ``Person``, which the ``User`` and
Django's ``AnonymousUser`` both are. The apps type the same argument with
``icc.accounts.actors.Actor`` (decision 0036).

A service is called by a signed-in person, by a visitor, or by the platform itself (the
demo loader, a daily job: ``None``). Only the first is an author worth keeping on a
record: ``author(actor)`` says who, once, for every module.
"""

from typing import TYPE_CHECKING, Any, Protocol, overload

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser


class Person(Protocol):
    """What core needs of someone acting: whether they signed in, and their key."""

    @property
    def pk(self) -> Any: ...

    @property
    def is_authenticated(self) -> bool: ...


@overload
def author(actor: "AnonymousUser | None") -> None: ...


@overload
def author[P: Person](actor: P | None) -> P | None: ...


def author(actor: Any) -> Any:
    """Return the person to keep as the author: ``actor`` if signed in, else None.

    None stands for the platform (the demo loader, a daily job) and for a visitor, who
    is never named as the author of a record.
    """
    return actor if getattr(actor, "is_authenticated", False) else None
