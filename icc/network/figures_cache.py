"""A generation number for the secretariat's cached figures (the dashboard).

The membership services here and the commitment services bump it after their write
commits; a reader keys what it caches by it, so one write retires every cached copy at
once, whichever figure it changed (the pattern of ``icc.core.page_cache``). Bumping after
commit, not at the write, means a copy computed before the data were visible is always
stored under an older generation.
"""

from django.core.cache import cache

_GENERATION_KEY = "secretariat-figures:generation"


def invalidate_secretariat_figures() -> None:
    """Make every cached secretariat figure stale; call on commit of a membership write."""
    try:
        cache.incr(_GENERATION_KEY)
    except ValueError:
        cache.set(_GENERATION_KEY, 1, timeout=None)


def secretariat_figures_generation() -> int:
    """Return the current generation of the secretariat's figures."""
    generation = cache.get(_GENERATION_KEY)
    if generation is None:
        cache.add(_GENERATION_KEY, 1, timeout=None)
        generation = cache.get(_GENERATION_KEY, 1)
    return int(generation)
