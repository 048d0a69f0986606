# SQL is assembled from constant names; every value is a parameter.
# ruff: noqa: S608
"""The published practices of each facet value as a bitmap: facets counted without rows.

Each numbered facet value (``practices_search_value``) keeps the set of published
practices that have it as a bitmap, in ``members``: bit *n* of its bytes, read
little-endian, is the practice whose id is *n*. Counting a facet is then an ``AND``
and a population count per value, on integers of a few kilobytes, whatever the
number of practices: no facet row is read.

The index writes a bitmap inside the transaction that publishes or removes the
practice (``set_member``), with a new random ``token``. A process keeps the bitmaps
it has read, one copy per thread, and on each search reads only the tokens: a
bitmap whose token changed is read again. A rolled-back write leaves the token it
replaced, so a bitmap read inside a transaction that did not commit is read again.
"""

import secrets
import threading
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import connection


@dataclass(frozen=True)
class Value:
    """A facet value and the published practices that have it."""

    facet: str
    value: str
    token: int
    members: int  # bit n set: practice n has the value


_kept = threading.local()


def values() -> dict[int, Value]:
    """Return every facet value with its bitmap, by number, reading only what changed."""
    kept: dict[int, Value] = getattr(_kept, "values", {})
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, token FROM practices_search_value")
        tokens = dict(cursor.fetchall())
        stale = [number for number, token in tokens.items() if _token(kept, number) != token]
        fresh = {number: kept[number] for number in tokens if number not in stale}
        if stale:
            marks = ", ".join(["%s"] * len(stale))
            cursor.execute(
                "SELECT id, facet, value, token, members FROM practices_search_value "
                f"WHERE id IN ({marks})",
                stale,
            )
            for number, facet, value, token, members in cursor.fetchall():
                fresh[number] = Value(facet, value, token, int.from_bytes(members, "little"))
    _kept.values = fresh
    return fresh


def _token(kept: Mapping[int, Value], number: int) -> int | None:
    value = kept.get(number)
    return value.token if value is not None else None


def bitmap(practice_ids: Iterable[int]) -> int:
    """Return the bitmap of ``practice_ids``."""
    ids = list(practice_ids)
    if not ids:
        return 0
    bits = bytearray(max(ids) // 8 + 1)
    for pid in ids:
        bits[pid >> 3] |= 1 << (pid & 7)
    return int.from_bytes(bits, "little")


def members_of(bits: int, practice_ids: Iterable[int]) -> list[int]:
    """Return those of ``practice_ids`` whose bit is set in ``bits``, in their order."""
    view = bits.to_bytes((bits.bit_length() + 7) // 8, "little")
    size = len(view)
    return [pid for pid in practice_ids if pid >> 3 < size and view[pid >> 3] >> (pid & 7) & 1]


def ids_of(bits: int) -> list[int]:
    """Return the practice ids whose bit is set in ``bits``, in ascending order."""
    found: list[int] = []
    for byte_number, byte in enumerate(bits.to_bytes((bits.bit_length() + 7) // 8, "little")):
        if byte:
            base = byte_number << 3
            found.extend(base + bit for bit in _BITS[byte])
    return found


# The bits set in each byte.
_BITS = [tuple(bit for bit in range(8) if byte >> bit & 1) for byte in range(256)]


@dataclass(frozen=True)
class Counted:
    """The practices passing every choice, and the counts of each facet's values."""

    passing: int  # a bitmap
    counts: dict[str, dict[str, int]]
    within: int  # the bitmap the counts were made in


def count(
    found: Mapping[int, Value], chosen: Mapping[str, Collection[str]], within: int | None = None
) -> Counted:
    """Count each facet's values among the practices ``within`` (all published if None).

    A practice counts in a facet when it passes the choices of the other facets (its
    own choice aside, so that a choice can be widened); it passes when it has any of
    the values chosen in every facet with a choice.
    """
    if within is None:
        # Every published practice has exactly one level.
        within = 0
        for value in found.values():
            if value.facet == "level":
                within |= value.members
    unions: dict[str, int] = {name: 0 for name in chosen}
    for value in found.values():
        if value.facet in unions and value.value in chosen[value.facet]:
            unions[value.facet] |= value.members
    passing = within
    for union in unions.values():
        passing &= union
    bases: dict[str, int] = {}
    for name in unions:
        base = within
        for other, union in unions.items():
            if other != name:
                base &= union
        bases[name] = base
    counts: dict[str, dict[str, int]] = {}
    for value in found.values():
        number = (bases.get(value.facet, passing) & value.members).bit_count()
        if number:
            counts.setdefault(value.facet, {})[value.value] = number
    return Counted(passing, counts, within)


def set_member(cursor: Any, practice_id: int, value_ids: Collection[int], *, member: bool) -> None:
    """Add the practice to the bitmaps of ``value_ids`` (or take it out), with new tokens.

    Called inside the transaction that writes the practice's facet rows; on PostgreSQL
    the values' rows are locked first, so two practices published at once both stay.
    """
    if not value_ids:
        return
    marks = ", ".join(["%s"] * len(value_ids))
    lock = " FOR UPDATE" if connection.vendor == "postgresql" else ""
    cursor.execute(
        f"SELECT id, members FROM practices_search_value WHERE id IN ({marks}){lock}",
        sorted(value_ids),
    )
    byte, bit = practice_id >> 3, 1 << (practice_id & 7)
    updates = []
    for number, members in cursor.fetchall():
        bits = bytearray(members)
        if member:
            if len(bits) <= byte:
                bits.extend(bytes(byte + 1 - len(bits)))
            bits[byte] |= bit
        elif len(bits) > byte:
            bits[byte] &= ~bit & 0xFF
        updates.append((bytes(bits), new_token(), number))
    cursor.executemany(
        "UPDATE practices_search_value SET members = %s, token = %s WHERE id = %s", updates
    )


def write_all(cursor: Any) -> None:
    """Write every value's bitmap again from the facet rows (after a rebuild)."""
    cursor.execute("SELECT id FROM practices_search_value")
    grouped: dict[int, list[int]] = {number: [] for (number,) in cursor.fetchall()}
    cursor.execute("SELECT value_id, practice_id FROM practices_search_facet")
    for number, pid in cursor.fetchall():
        grouped[number].append(pid)
    cursor.executemany(
        "UPDATE practices_search_value SET members = %s, token = %s WHERE id = %s",
        [(_bytes(bitmap(ids)), new_token(), number) for number, ids in sorted(grouped.items())],
    )


def _bytes(bits: int) -> bytes:
    return bits.to_bytes((bits.bit_length() + 7) // 8, "little")


def new_token() -> int:
    """Return a token no earlier bitmap had (63 random bits fit every database's bigint)."""
    return secrets.randbits(63)
