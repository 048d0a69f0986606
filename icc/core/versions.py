"""Version checks for records that people edit: a save made on a stale copy is refused.

Every record that people edit carries a ``version`` number that grows by one at each
save. A form or an API call sends back the version it started from; the save moves the
stored version forward in one conditional statement, so of two people who started from
the same version exactly one succeeds, on SQLite and on PostgreSQL alike, and the other
gets a ``VersionConflict`` with both versions to compare (decision 0022).
"""

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django import forms
from django.db import models
from django.db.models import F
from django.utils.translation import gettext_lazy as _


class VersionConflict(Exception):
    """A save made on a stale copy: carries both versions so a person can choose.

    ``mine`` is what the refused save tried to write, ``theirs`` what is stored now;
    ``version`` is the stored version, to send back to overwrite it with ``mine``.
    """

    def __init__(self, *, mine: Mapping[str, Any], theirs: Mapping[str, Any], version: int) -> None:
        self.mine = dict(mine)
        self.theirs = dict(theirs)
        self.version = version
        super().__init__(f"changed meanwhile (now version {version})")


def advance_version(
    model: type[models.Model], pk: Any, *, expected: int | None, field: str = "version"
) -> bool:
    """Move the stored version from ``expected`` to the next one; return whether it moved.

    Call it inside the transaction that saves the record, before any other write: the
    conditional UPDATE takes the row's write lock, so a concurrent save started from the
    same version waits, then finds the version moved and gets ``False``. ``expected=None``
    moves the version whatever it is (the platform's own writes, which check nothing).
    """
    rows = model._default_manager.filter(pk=pk)  # type: ignore[attr-defined]
    if expected is not None:
        rows = rows.filter(**{field: expected})
    return bool(rows.update(**{field: F(field) + 1}))


class VersionField(forms.IntegerField):
    """The version a form was started from, sent back hidden with the form."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("label", _("Version"))
        super().__init__(**kwargs)


def differences(
    mine: Mapping[str, Any],
    theirs: Mapping[str, Any],
    *,
    labels: Mapping[str, Any],
    show: Callable[[str, Any], str] = lambda name, value: str(value if value is not None else ""),
    order: Iterable[str] | None = None,
) -> list[tuple[Any, str, str]]:
    """Return ``(label, theirs, mine)`` for every labelled field whose values differ.

    ``show`` turns a stored value into the text a person reads; the rows feed the
    ``components/version_conflict.html`` table.
    """
    rows = []
    for name in order if order is not None else labels:
        if name not in labels:
            continue
        if mine.get(name) != theirs.get(name):
            rows.append((labels[name], show(name, theirs.get(name)), show(name, mine.get(name))))
    return rows
