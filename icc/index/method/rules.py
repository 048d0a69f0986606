"""The edition's choices among published ways of scoring, and how results are rounded.

Every option's default is the Index's own method, so an edition that names none
scores exactly as before. docs/index-format.md describes each with a worked example.
"""

import math
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction


class RoundingRule(StrEnum):
    """Which way a value halfway between two roundings goes."""

    HALF_UP = "half_up"
    HALF_EVEN = "half_even"


class RoundingTime(StrEnum):
    """When scores are rounded: once, for display, or at every level before the next sums them."""

    END = "end"
    EACH_LEVEL = "each_level"


class MaximumOf(StrEnum):
    """Whose maximum a percentage is taken over: the member's own, or its group's."""

    MEMBER = "member"
    GROUP = "group"


class EmptyGroup(StrEnum):
    """What an area (or dimension) with nothing counted scores."""

    NO_SCORE = "no_score"
    ZERO = "zero"


class Several(StrEnum):
    """How the options of a single-choice question that allows several answers add up."""

    CAPPED = "capped"
    SUMMED = "summed"


@dataclass(frozen=True)
class Rounding:
    """How scores are rounded: the rule for halves, the decimals kept, and when."""

    rule: RoundingRule = RoundingRule.HALF_UP
    places: int = 2
    at: RoundingTime = RoundingTime.END

    def round(self, value: Fraction, places: int | None = None) -> Decimal:
        """Round an exact value to ``places`` decimals (the edition's by default) by the rule."""
        places = self.places if places is None else places
        scaled = value * 10**places
        if self.rule == RoundingRule.HALF_EVEN:
            whole = math.floor(scaled)
            rest = scaled - whole
            if rest > Fraction(1, 2) or (rest == Fraction(1, 2) and whole % 2):
                whole += 1
            return Decimal(whole).scaleb(-places)
        magnitude = int(abs(scaled) + Fraction(1, 2))
        return Decimal(magnitude if value >= 0 else -magnitude).scaleb(-places)

    def exact(self, value: Fraction) -> Fraction:
        """Return ``value`` rounded, as an exact fraction: what a level passes on to the next."""
        return Fraction(self.round(value))

    def describe(self) -> str:
        """Say how results are rounded, in English, for the JSON results file."""
        rule = "half up" if self.rule == RoundingRule.HALF_UP else "half to even"
        when = (
            "after exact computation"
            if self.at == RoundingTime.END
            else "at every level before the next sums it"
        )
        return f"{rule} to {self.places} decimals, {when}"


DEFAULT_ROUNDING = Rounding()


@dataclass(frozen=True)
class ScoringRules:
    """The edition's choices among the published ways of scoring (docs/index-format.md).

    The defaults are the Index's own method; every edition written before these
    options existed scores exactly as it did.
    """

    rounding: Rounding = DEFAULT_ROUNDING
    negative_points: bool = False
    maximum: MaximumOf = MaximumOf.MEMBER
    empty_area: EmptyGroup = EmptyGroup.NO_SCORE
    raw_percent: bool = False

    @property
    def rounds_each_level(self) -> bool:
        """Tell whether every level's score is rounded before the level above sums it."""
        return self.rounding.at == RoundingTime.EACH_LEVEL


DEFAULT_RULES = ScoringRules()
