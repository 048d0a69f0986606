"""Generation numbers: how many writes one kind of content has seen.

A cached copy records the numbers of the scopes it was computed from; it is fresh
while they are unchanged. The numbers live in the database (``Generation``) rather
than in the cache itself, so eviction, a restart of the cache server or two app
servers with caches of their own can never make an old number current again.
"""

from collections.abc import Iterable, Mapping

from django.db import IntegrityError, transaction
from django.db.models import F

from icc.core.models import Generation


def bump_generations(*scopes: str) -> None:
    """Add one to the generation of each scope, creating the scopes not seen yet."""
    for scope in sorted(set(scopes)):
        if Generation.objects.filter(scope=scope).update(number=F("number") + 1):
            continue
        try:
            with transaction.atomic():
                Generation.objects.create(scope=scope, number=1)
        except IntegrityError:
            # Another writer created the row first: count this write on top of its own.
            Generation.objects.filter(scope=scope).update(number=F("number") + 1)


def read_generations(scopes: Iterable[str]) -> Mapping[str, int]:
    """Return the generation of each scope, 0 for a scope that has never been written."""
    wanted = set(scopes)
    numbers = dict(Generation.objects.filter(scope__in=wanted).values_list("scope", "number"))
    return {scope: numbers.get(scope, 0) for scope in wanted}
