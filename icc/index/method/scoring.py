"""Turn one member's answers into scores, exactly, following an edition's method.

The method, in full (docs/index-format.md shows it with examples):

- A question's points come from the chosen option(s) or the band of a number;
  its maximum is the best answer's points. Its *normalised* value is
  points / maximum, between 0 and 1.
- A question counts when it is answered, or unanswered and counting as zero.
  It does not count (it leaves both the score and the maximum) when it does
  not apply to the member, when it is unanswered and the edition excludes
  unanswered questions, when it is in an optional area the member did not
  take (answered none of its questions that apply), or when it earns no
  points at all (facts, free text).
- An area's score is 100 × Σ(weight × normalised) / Σ(weight) over its
  counted questions; with no counted question the area has no score.
- A composite's score (and the overall score) is Σ(W × score) / Σ(W) over its
  parts that have a score, W being each part's weight for this member. An
  optional area counts in the overall score only when the edition says so.
- Raw points and raw maxima are also summed at every level, for raw and
  percentage results in the scorecards manner.

Everything is computed with exact fractions; ``round_half_up`` rounds a
result for display, at the very end, so the same answers always give the
same digits whatever the platform.
"""

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from functools import lru_cache

from icc.index.method.parts import (
    MEMBER_ID_ATTRIBUTE,
    Answer,
    AnswerRule,
    Area,
    Band,
    Method,
    Part,
    Question,
    Rule,
    Unanswered,
    Weight,
)

HUNDRED = Fraction(100)
DISPLAY_PLACES = 2


@dataclass(frozen=True)
class Member:
    """Someone who answers the questionnaire (a city), with the attributes rules look at."""

    id: str
    attributes: Mapping[str, str] = field(default_factory=dict)

    def attribute_values(self) -> dict[str, str]:
        """Return the attributes rules and weights read, including ``member``: the id."""
        return {**self.attributes, MEMBER_ID_ATTRIBUTE: self.id}


class QuestionStatus(StrEnum):
    """How a question took part in a member's score."""

    ANSWERED = "answered"
    UNANSWERED_ZERO = "unanswered_zero"
    UNANSWERED_EXCLUDED = "unanswered_excluded"
    NOT_APPLICABLE = "not_applicable"
    NOT_TAKEN = "not_taken"
    NOT_SCORED = "not_scored"


COUNTED = frozenset({QuestionStatus.ANSWERED, QuestionStatus.UNANSWERED_ZERO})


class GroupStatus(StrEnum):
    """Whether an area, composite or overall score could be computed."""

    SCORED = "scored"
    NO_DATA = "no_data"
    NOT_TAKEN = "not_taken"


class Level(StrEnum):
    """Where a result sits in the edition's tree."""

    QUESTION = "question"
    AREA = "area"
    COMPOSITE = "composite"
    OVERALL = "overall"


OVERALL_ID = "overall"


@dataclass(frozen=True)
class QuestionResult:
    """A question's points for one member; the numbers are None when it does not count."""

    id: str
    status: QuestionStatus
    points: Fraction | None = None
    max_points: Fraction | None = None
    weight: Fraction | None = None

    @property
    def is_counted(self) -> bool:
        """Tell whether the question takes part in its area's score and maximum."""
        return self.status in COUNTED

    @property
    def score(self) -> Fraction | None:
        """Return the points as a percentage of the maximum."""
        if self.points is None or not self.max_points:
            return None
        return HUNDRED * self.points / self.max_points

    @property
    def weighted(self) -> Fraction | None:
        """Return weight × points / maximum: the question's share of its area's weighted total."""
        if self.points is None or self.weight is None or not self.max_points:
            return None
        return self.weight * self.points / self.max_points


@dataclass(frozen=True)
class GroupResult:
    """An area's, composite's or the overall result for one member.

    ``score`` is 100 × ``weighted`` / ``weighted_max``. For an area, ``weighted``
    sums weight × normalised points of its counted questions and ``weighted_max``
    their weights; for a composite or the overall score they sum W × score / 100
    and W over the parts with a score. ``raw`` and ``raw_max`` always sum plain
    points of every counted question beneath. ``contributions`` gives, for each
    part of a composite or of the overall score, the points it adds to ``score``.
    """

    id: str
    level: Level
    status: GroupStatus
    score: Fraction | None = None
    raw: Fraction = Fraction(0)
    raw_max: Fraction = Fraction(0)
    weighted: Fraction = Fraction(0)
    weighted_max: Fraction = Fraction(0)
    contributions: Mapping[str, Fraction] = field(default_factory=dict)

    @property
    def raw_percent(self) -> Fraction | None:
        """Return raw points as a percentage of the raw maximum."""
        return HUNDRED * self.raw / self.raw_max if self.raw_max else None


@dataclass(frozen=True)
class MemberResult:
    """Every score of one member: per question, area, composite and overall."""

    member: Member
    questions: Mapping[str, QuestionResult]
    areas: Mapping[str, GroupResult]
    composites: Mapping[str, GroupResult]
    overall: GroupResult


class ScoringError(ValueError):
    """Answers or a member that the edition cannot score; the message says why."""


def round_half_up(value: Fraction, places: int = DISPLAY_PLACES) -> Decimal:
    """Round an exact value to ``places`` decimals, halves away from zero (54.165 → 54.17)."""
    scaled = abs(value) * 10**places
    whole = int(scaled + Fraction(1, 2))
    return Decimal(whole if value >= 0 else -whole).scaleb(-places)


def score_member(
    edition: Method,
    member: Member,
    answers: Mapping[str, Answer],
    *,
    with_questions: bool = True,
) -> MemberResult:
    """Score one member's answers (question id → answer) under ``edition``.

    With ``with_questions=False`` the result holds no per-question entries,
    which is faster when only area, composite and overall scores are needed.
    Raises ``ScoringError`` for an unknown question, an invalid answer, or a
    weight that depends on an attribute the member lacks, with no default.
    """
    for question_id, answer in answers.items():
        try:
            edition.question(question_id).check_answer(answer)
        except KeyError:
            raise ScoringError(f"edition {edition.id} has no question {question_id!r}") from None
        except ValueError as error:
            raise ScoringError(str(error)) from None
    return MemberScoring(plan_for(edition), member, answers, with_questions).result()


def score_members(
    edition: Method,
    members: Iterable[Member],
    answers: Mapping[str, Mapping[str, Answer]],
    *,
    with_questions: bool = True,
) -> list[MemberResult]:
    """Score every member, reading its answers from ``answers[member.id]`` (none if absent)."""
    return [
        score_member(edition, member, answers.get(member.id, {}), with_questions=with_questions)
        for member in members
    ]


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
        + [q.max_points_cap for q in scored if q.max_points_cap is not None]
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
            cap_units=(
                None
                if question.max_points_cap is None
                else int(question.max_points_cap * point_unit)
            ),
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


class MemberScoring:
    """The computation of one member's result, holding what is shared between its steps."""

    def __init__(
        self,
        plan: tuple[Method, tuple[AreaPlan, ...]],
        member: Member,
        answers: Mapping[str, Answer],
        with_questions: bool,
    ) -> None:
        self.edition, self.area_plans = plan
        self.member = member
        self.attributes = member.attribute_values()
        self.answers = answers
        self.with_questions = with_questions
        self.applicable: dict[str, bool] = {}
        self.groups: dict[str, GroupResult] = {}
        self.questions: dict[str, QuestionResult] = {}

    def result(self) -> MemberResult:
        areas = {}
        for plan in self.area_plans:
            areas[plan.area.id] = self.groups[plan.area.id] = self.score_area(plan)
        composites = {
            composite.id: self.score_group(composite.id, Level.COMPOSITE, composite.parts)
            for composite in self.edition.composites
        }
        overall = self.score_group(OVERALL_ID, Level.OVERALL, self.edition.overall)
        return MemberResult(self.member, self.questions, areas, composites, overall)

    def is_applicable(self, question: Question) -> bool:
        """Tell whether ``question`` applies to the member, given its attributes and answers."""
        if not question.not_applicable_when:
            return True
        if question.id not in self.applicable:
            self.applicable[question.id] = not any(
                self.rule_excludes(rule) for rule in question.not_applicable_when
            )
        return self.applicable[question.id]

    def rule_excludes(self, rule: Rule) -> bool:
        if isinstance(rule, AnswerRule):
            # An answer to a question that does not apply excludes nothing.
            other = self.edition.question(rule.question)
            return (
                rule.question in self.answers
                and self.is_applicable(other)
                and rule.matches(self.answers[rule.question])
            )
        return rule.matches(self.attributes)

    def missing_weight(self, weight: Weight, where: str) -> ScoringError:
        return ScoringError(
            f"{where}: the weight depends on {weight.by!r}, member {self.member.id!r} has "
            f"{weight.by} {self.attributes.get(weight.by or '')!r}, "
            "and the edition gives no default"
        )

    def note(self, question: Question, status: QuestionStatus, *numbers: Fraction) -> None:
        if self.with_questions:
            self.questions[question.id] = QuestionResult(question.id, status, *numbers)

    def score_area(self, plan: AreaPlan) -> GroupResult:
        area = plan.area
        answers = self.answers
        is_taken = not area.is_optional or any(
            q.id in answers and self.is_applicable(q) for q in area.questions
        )
        weighted = weights = raw = raw_max = 0
        for question, question_plan in plan.questions:
            if question_plan is None:
                self.note(question, QuestionStatus.NOT_SCORED)
                continue
            if not is_taken:
                self.note(question, QuestionStatus.NOT_TAKEN)
                continue
            if not self.is_applicable(question):
                self.note(question, QuestionStatus.NOT_APPLICABLE)
                continue
            weight = question_plan.weight(self.attributes)
            if weight is None:
                raise self.missing_weight(question.weight, f"question {question.id}")
            if question.id in answers:
                units, status = question_plan.units(answers[question.id]), QuestionStatus.ANSWERED
            elif question.unanswered == Unanswered.ZERO:
                units, status = 0, QuestionStatus.UNANSWERED_ZERO
            else:
                self.note(question, QuestionStatus.UNANSWERED_EXCLUDED)
                continue
            weighted += weight[1] * units * question_plan.scale
            weights += weight[1]
            raw += units
            raw_max += question_plan.max_units
            if self.with_questions:
                points = Fraction(units, plan.point_unit)
                self.note(question, status, points, question.max_points, weight[0])
        if not is_taken:
            return GroupResult(area.id, Level.AREA, GroupStatus.NOT_TAKEN)
        if not weights:
            return GroupResult(area.id, Level.AREA, GroupStatus.NO_DATA)
        return GroupResult(
            area.id,
            Level.AREA,
            GroupStatus.SCORED,
            score=Fraction(100 * weighted, plan.normalised_unit * weights),
            raw=Fraction(raw, plan.point_unit),
            raw_max=Fraction(raw_max, plan.point_unit),
            weighted=Fraction(weighted, plan.normalised_unit * plan.weight_unit),
            weighted_max=Fraction(weights, plan.weight_unit),
        )

    def score_group(self, group_id: str, level: Level, parts: tuple[Part, ...]) -> GroupResult:
        if level == Level.COMPOSITE and group_id in self.groups:
            return self.groups[group_id]
        scored: list[tuple[str, Fraction, GroupResult]] = []
        for part in parts:
            if level == Level.OVERALL and self.is_left_out_of_overall(part.ref):
                continue
            if part.ref in self.groups:
                result = self.groups[part.ref]
            else:
                composite = self.edition.composite(part.ref)
                result = self.score_group(composite.id, Level.COMPOSITE, composite.parts)
            if result.score is not None:
                weight = part.weight.for_attributes(self.attributes)
                if weight is None:
                    raise self.missing_weight(part.weight, f"part {part.ref} of {group_id}")
                scored.append((part.ref, weight, result))
        if not scored:
            result = GroupResult(group_id, level, GroupStatus.NO_DATA)
        else:
            products = {ref: weight * (part.score or 0) for ref, weight, part in scored}
            total_weight = sum((weight for _, weight, _ in scored), Fraction(0))
            total = sum(products.values(), Fraction(0))
            result = GroupResult(
                group_id,
                level,
                GroupStatus.SCORED,
                score=total / total_weight,
                raw=sum((part.raw for _, _, part in scored), Fraction(0)),
                raw_max=sum((part.raw_max for _, _, part in scored), Fraction(0)),
                weighted=total / HUNDRED,
                weighted_max=total_weight,
                contributions={ref: product / total_weight for ref, product in products.items()},
            )
        if level == Level.COMPOSITE:
            self.groups[group_id] = result
        return result

    def is_left_out_of_overall(self, ref: str) -> bool:
        """Tell whether ``ref`` is an optional area that this edition does not count."""
        if self.edition.optional_areas_counted:
            return False
        try:
            return self.edition.area(ref).is_optional
        except KeyError:
            return False
