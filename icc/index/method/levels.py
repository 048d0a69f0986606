"""Levels a member reaches: core requirements that must all be met, and a score threshold.

A certification (bronze, silver, gold) or a maturity rating (1 to 5) is a list of
levels, lowest first, in the edition file. A member reaches a level when every
requirement of the level is met, its overall score as displayed (rounded by the
edition's rule) is at least the level's ``min_score``, and it reaches every level
before it. docs/index-format.md works an example through.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

from icc.index.method.parts import Answer, Method, Requirement


@dataclass(frozen=True)
class LevelResult:
    """Whether a member reaches one level, and what it lacks when it does not."""

    id: str
    reached: bool
    score_met: bool
    unmet: tuple[str, ...] = ()
    """The questions of the level's requirements that the member's answers do not meet."""


def is_met(requirement: Requirement, answers: Mapping[str, Answer]) -> bool:
    """Tell whether the answers meet a requirement: its question answered with a listed option.

    For a question answered with several options, one listed option is enough.
    """
    answer = answers.get(requirement.question)
    if isinstance(answer, frozenset):
        return bool(answer & requirement.options)
    return isinstance(answer, str) and answer in requirement.options


def reach_levels(
    edition: Method, overall: Fraction | None, answers: Mapping[str, Answer]
) -> tuple[LevelResult, ...]:
    """Return, for each of the edition's levels in order, whether the member reaches it."""
    shown = None if overall is None else Fraction(edition.rules.rounding.round(overall))
    results = []
    below = True
    for level in edition.levels:
        score_met = level.min_score is None or (shown is not None and shown >= level.min_score)
        unmet = tuple(
            requirement.question
            for requirement in level.requires
            if not is_met(requirement, answers)
        )
        below = below and score_met and not unmet
        results.append(LevelResult(level.id, below, score_met, unmet))
    return tuple(results)


def level_reached(levels: tuple[LevelResult, ...]) -> str | None:
    """Return the id of the highest level reached, or None."""
    reached = [level.id for level in levels if level.reached]
    return reached[-1] if reached else None
