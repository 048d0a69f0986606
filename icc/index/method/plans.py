"""An edition's areas worked out once as integer units, so that scoring sums integers.

Every point value of an area is a whole number of ``1 / point_unit``, every weight
of ``1 / weight_unit``, every normalised value of ``1 / normalised_unit``: a member's
area score is built from integer sums and one fraction (``icc.index.method.scoring``).
"""

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache

from icc.index.method.parts import Answer, Area, Band, Method, Question, Weight


def common_denominator(values: Iterable[Fraction]) -> int:
    """Return the least common multiple of the denominators of ``values`` (1 if none)."""
    return math.lcm(1, *(value.denominator for value in values))


def weight_values(weight: Weight) -> list[Fraction]:
    """Return every value a weight can take."""
    values = list(weight.values.values())
    return values if weight.default is None else [*values, weight.default]


@dataclass(frozen=True)
class QuestionPlan:
    """A scored question's points as integers, in the units of its area's plan."""

    question: Question
    option_units: Mapping[str, int]
    band_units: tuple[tuple[Band, int], ...]
    cap_units: int | None
    max_units: int
    scale: int
    weights: Mapping[str, tuple[Fraction, int]]
    default_weight: tuple[Fraction, int] | None

    def units(self, answer: Answer) -> int:
        """Return the points a valid answer earns, in point units."""
        if self.band_units:
            return next(units for band, units in self.band_units if band.contains(answer))  # type: ignore[arg-type]
        if type(answer) is frozenset:
            total = sum(self.option_units[option_id] for option_id in answer)
            return total if self.cap_units is None else min(total, self.cap_units)
        return self.option_units[answer]  # type: ignore[index]

    def weight(self, attributes: Mapping[str, str]) -> tuple[Fraction, int] | None:
        """Return the question's weight for a member, exact and in weight units."""
        by = self.question.weight.by
        if by is not None and attributes.get(by) in self.weights:
            return self.weights[attributes[by]]
        return self.default_weight


@dataclass(frozen=True)
class AreaPlan:
    """An area's questions with the integer units that make its sums exact and fast.

    Every point value of the area is a whole number of ``1 / point_unit``;
    every weight a whole number of ``1 / weight_unit``; and every normalised
    value (points / maximum) a whole number of ``1 / normalised_unit``. A
    member's area score is then built from integer sums and one fraction.
    """

    area: Area
    point_unit: int
    weight_unit: int
    normalised_unit: int
    questions: tuple[tuple[Question, QuestionPlan | None], ...]


def plan_area(area: Area) -> AreaPlan:
    """Work out the integer units of an area and of each of its scored questions."""
    scored = [question for question in area.questions if question.is_scored]
    point_unit = common_denominator(
        [option.points for q in scored for option in q.options if option.points is not None]
        + [band.points for q in scored for band in q.bands]
        + [q.cap for q in scored if q.cap is not None]
    )
    weight_unit = common_denominator(value for q in scored for value in weight_values(q.weight))
    max_units = {q.id: int(q.max_points * point_unit) for q in scored}
    normalised_unit = math.lcm(1, *max_units.values())

    def plan(question: Question) -> QuestionPlan:
        weight = question.weight
        return QuestionPlan(
            question=question,
            option_units={o.id: int((o.points or 0) * point_unit) for o in question.options},
            band_units=tuple((band, int(band.points * point_unit)) for band in question.bands),
            cap_units=None if question.cap is None else int(question.cap * point_unit),
            max_units=max_units[question.id],
            scale=normalised_unit // max_units[question.id],
            weights={
                key: (value, int(value * weight_unit)) for key, value in weight.values.items()
            },
            default_weight=(
                None
                if weight.default is None
                else (weight.default, int(weight.default * weight_unit))
            ),
        )

    return AreaPlan(
        area=area,
        point_unit=point_unit,
        weight_unit=weight_unit,
        normalised_unit=normalised_unit,
        questions=tuple((q, plan(q) if q.is_scored else None) for q in area.questions),
    )


@lru_cache(maxsize=32)
def plan_for(edition: Method) -> tuple[Method, tuple[AreaPlan, ...]]:
    """Return the edition with the plans of its areas, worked out once per edition."""
    return edition, tuple(plan_area(area) for area in edition.areas)
