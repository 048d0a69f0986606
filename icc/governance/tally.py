"""Count a vote: turnout, quorum, majority and outcome, from counts alone (no ORM).

The quorum counts every ballot, abstentions included, over the cities that could vote
when it opened; the majority counts the ballots for an option, abstentions left out.
"""

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from fractions import Fraction
from math import ceil
from typing import Any

MAJORITIES = {"simple": Fraction(1, 2), "two_thirds": Fraction(2, 3)}

ADOPTED = "adopted"
NO_MAJORITY = "no_majority"
NO_QUORUM = "no_quorum"


@dataclass(frozen=True)
class Tally:
    """The published result of a vote."""

    eligible: int
    cast: int
    counts: dict[str, int]
    quorum_needed: int
    quorum_reached: bool
    outcome: str
    winner: int | None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def quorum_needed(eligible: int, quorum_percent: int) -> int:
    """Return how many ballots the quorum asks for (rounded up)."""
    return ceil(eligible * quorum_percent / 100)


def count(
    *,
    eligible: int,
    counts: Mapping[int, int],
    options: Sequence[tuple[int, bool]],
    quorum_percent: int,
    majority: str,
) -> Tally:
    """Return the tally of ``counts`` (ballots per option id) for ``options`` (id, abstention).

    An option carries when the quorum is reached and its ballots are more than half
    (``simple``) or at least two thirds (``two_thirds``) of the ballots for an option.
    """
    cast = sum(counts.values())
    needed = quorum_needed(eligible, quorum_percent)
    reached = cast >= needed and cast > 0
    expressed = {pk: counts.get(pk, 0) for pk, abstains in options if not abstains}
    total = sum(expressed.values())
    winner = None
    if reached and total:
        best, votes = max(expressed.items(), key=lambda item: (item[1], -item[0]))
        share = Fraction(votes, total)
        threshold = MAJORITIES[majority]
        carried = share > threshold if majority == "simple" else share >= threshold
        winner = best if carried else None
    outcome = NO_QUORUM if not reached else (ADOPTED if winner is not None else NO_MAJORITY)
    return Tally(
        eligible=eligible,
        cast=cast,
        counts={str(pk): counts.get(pk, 0) for pk, _abstains in options},
        quorum_needed=needed,
        quorum_reached=reached,
        outcome=outcome,
        winner=winner,
    )
