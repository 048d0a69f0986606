"""A generation number for the secretariat's cached figures (the dashboard).

The membership services here and the commitment services bump it after their write
commits; a reader keys what it caches by it, so one write retires every cached copy at
once, whichever figure it changed. Bumping after commit, not at the write, means a copy
computed before the data were visible is always stored under an older generation. The
number lives in the database (``icc.core.generations``), so an evicted cache entry can
never bring an older number back.
"""

from icc.core.generations import bump_generations, read_generations

_SCOPE = "figures:secretariat"


def invalidate_secretariat_figures() -> None:
    """Make every cached secretariat figure stale; call on commit of a membership write."""
    bump_generations(_SCOPE)


def secretariat_figures_generation() -> int:
    """Return the current generation of the secretariat's figures."""
    return read_generations([_SCOPE])[_SCOPE]
