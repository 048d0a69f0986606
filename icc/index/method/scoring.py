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

Everything is computed with exact fractions; the edition's rounding rule
(``edition.rules.rounding``, halves up to 2 decimals by default) rounds a result
for display, at the very end, so the same answers always give the same digits
whatever the platform. The edition's options (``icc.index.method.rules``) change these
steps where it says so: dimensions between questions and areas, rounding at every
level, negative points, several options on a single choice, a "does not apply"
answer, the group's maximum, an empty area scoring zero, questions that count in
the maximum only, and levels reached (``icc.index.method.levels``).
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

from icc.index.method.levels import LevelResult, level_reached, reach_levels
from icc.index.method.parts import (
    MEMBER_ID_ATTRIBUTE,
    Answer,
    AnswerRule,
    MemberRule,
    Method,
    Part,
    Question,
    Rule,
    Unanswered,
    Weight,
)
from icc.index.method.plans import AreaPlan, QuestionPlan, plan_for
from icc.index.method.rules import DEFAULT_ROUNDING, EmptyGroup, MaximumOf

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
    MAXIMUM_ONLY = "maximum_only"
    # Answered "does not apply" (an option the edition marks so): out of the maximum like
    # NOT_APPLICABLE, but the member's own answer, which it may still change.
    ANSWERED_NOT_APPLICABLE = "answered_not_applicable"


COUNTED = frozenset(
    {QuestionStatus.ANSWERED, QuestionStatus.UNANSWERED_ZERO, QuestionStatus.MAXIMUM_ONLY}
)


class GroupStatus(StrEnum):
    """Whether an area, composite or overall score could be computed."""

    SCORED = "scored"
    NO_DATA = "no_data"
    NOT_TAKEN = "not_taken"


class Level(StrEnum):
    """Where a result sits in the edition's tree."""

    QUESTION = "question"
    DIMENSION = "dimension"
    AREA = "area"
    COMPOSITE = "composite"
    OVERALL = "overall"


OVERALL_ID = "overall"


@dataclass(frozen=True)
class QuestionResult:
    """A question's points for one member; the numbers are None when it does not count.

    With the group's maximum (``"maximum": "group"``), a question left out for this
    member alone keeps its status and counts in the maximum with 0 points.
    """

    id: str
    status: QuestionStatus
    points: Fraction | None = None
    max_points: Fraction | None = None
    weight: Fraction | None = None

    @property
    def is_counted(self) -> bool:
        """Tell whether the question takes part in its area's score and maximum."""
        return self.points is not None or self.status in COUNTED

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
    """Every score of one member: per question, dimension, area, composite and overall,
    and the levels it reaches (empty when the edition has none)."""

    member: Member
    questions: Mapping[str, QuestionResult]
    areas: Mapping[str, GroupResult]
    composites: Mapping[str, GroupResult]
    overall: GroupResult
    dimensions: Mapping[str, GroupResult] = field(default_factory=dict)
    levels: tuple[LevelResult, ...] = ()

    @property
    def level(self) -> str | None:
        """Return the id of the highest level the member reaches, or None."""
        return level_reached(self.levels)


class ScoringError(ValueError):
    """Answers or a member that the edition cannot score; the message says why."""


def round_half_up(value: Fraction, places: int = DISPLAY_PLACES) -> Decimal:
    """Round an exact value to ``places`` decimals, halves away from zero (54.165 → 54.17).

    The default rule; an edition's own is ``edition.rules.rounding.round``.
    """
    return DEFAULT_ROUNDING.round(value, places)


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


@dataclass
class Sums:
    """What an area's (or a dimension's) counted questions add up to, in the plan's units.

    ``rounded`` is used only when every level is rounded: Σ weight × the question's
    rounded score, exact.
    """

    weighted: int = 0
    weights: int = 0
    raw: int = 0
    raw_max: int = 0
    rounded: Fraction = Fraction(0)


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
        self.rules = self.edition.rules
        self.member = member
        self.attributes = member.attribute_values()
        self.answers = answers
        self.with_questions = with_questions
        self.applicable: dict[str, bool] = {}
        self.groups: dict[str, GroupResult] = {}
        self.questions: dict[str, QuestionResult] = {}
        self.dimensions: dict[str, GroupResult] = {}

    def result(self) -> MemberResult:
        areas = {}
        for plan in self.area_plans:
            areas[plan.area.id] = self.groups[plan.area.id] = self.score_area(plan)
        composites = {
            composite.id: self.score_group(composite.id, Level.COMPOSITE, composite.parts)
            for composite in self.edition.composites
        }
        overall = self.score_group(OVERALL_ID, Level.OVERALL, self.edition.overall)
        levels = (
            reach_levels(self.edition, overall.score, self.answers) if self.edition.levels else ()
        )
        return MemberResult(
            self.member, self.questions, areas, composites, overall, self.dimensions, levels
        )

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

    def applies_to_group(self, question: Question) -> bool:
        """Tell whether ``question`` applies to members with this member's attributes."""
        return not any(
            isinstance(rule, MemberRule) and rule.matches(self.attributes)
            for rule in question.not_applicable_when
        )

    def takes(self, question: Question) -> bool:
        """Tell whether an answer to ``question`` takes its optional area."""
        answer = self.answers.get(question.id)
        return (
            answer is not None
            and self.is_applicable(question)
            and not question.is_not_applicable_answer(answer)
        )

    def missing_weight(self, weight: Weight, where: str) -> ScoringError:
        return ScoringError(
            f"{where}: the weight depends on {weight.by!r}, member {self.member.id!r} has "
            f"{weight.by} {self.attributes.get(weight.by or '')!r}, "
            "and the edition gives no default"
        )

    def note(self, question: Question, status: QuestionStatus, *numbers: Fraction) -> None:
        if self.with_questions:
            self.questions[question.id] = QuestionResult(question.id, status, *numbers)

    def status_of(self, question: Question, plan: QuestionPlan) -> tuple[QuestionStatus, int]:
        """Return how a question that applies takes part, and the point units it earns."""
        if not self.is_applicable(question):
            return QuestionStatus.NOT_APPLICABLE, 0
        if question.maximum_only:
            return QuestionStatus.MAXIMUM_ONLY, 0
        if question.id in self.answers:
            answer = self.answers[question.id]
            if question.is_not_applicable_answer(answer):
                return QuestionStatus.ANSWERED_NOT_APPLICABLE, 0
            return QuestionStatus.ANSWERED, plan.units(answer)
        if question.unanswered == Unanswered.ZERO:
            return QuestionStatus.UNANSWERED_ZERO, 0
        return QuestionStatus.UNANSWERED_EXCLUDED, 0

    def score_area(self, plan: AreaPlan) -> GroupResult:
        area = plan.area
        is_taken = not area.is_optional or any(self.takes(q) for q in area.questions)
        group_maximum = self.rules.maximum == MaximumOf.GROUP
        rounding = self.rules.rounding
        each_level = self.rules.rounds_each_level
        sums: dict[str | None, Sums] = {d.id: Sums() for d in area.dimensions} or {None: Sums()}
        for question, question_plan in plan.questions:
            if question_plan is None:
                self.note(question, QuestionStatus.NOT_SCORED)
                continue
            if not is_taken:
                self.note(question, QuestionStatus.NOT_TAKEN)
                continue
            status, units = self.status_of(question, question_plan)
            if status not in COUNTED and not (group_maximum and self.applies_to_group(question)):
                self.note(question, status)
                continue
            weight = question_plan.weight(self.attributes)
            if weight is None:
                raise self.missing_weight(question.weight, f"question {question.id}")
            bucket = sums[question.dimension if area.dimensions else None]
            bucket.weighted += weight[1] * units * question_plan.scale
            bucket.weights += weight[1]
            bucket.raw += units
            bucket.raw_max += question_plan.max_units
            if each_level:
                score = rounding.exact(Fraction(100 * units, question_plan.max_units))
                bucket.rounded += weight[0] * score
            if self.with_questions:
                points = Fraction(units, plan.point_unit)
                self.note(question, status, points, question.max_points, weight[0])
        if not is_taken:
            for dimension in area.dimensions:
                self.dimensions[dimension.id] = GroupResult(
                    dimension.id, Level.DIMENSION, GroupStatus.NOT_TAKEN
                )
            return GroupResult(area.id, Level.AREA, GroupStatus.NOT_TAKEN)
        if not area.dimensions:
            return self.summed(area.id, Level.AREA, plan, sums[None])
        scored: list[tuple[str, Fraction, GroupResult]] = []
        for dimension in area.dimensions:
            result = self.dimensions[dimension.id] = self.summed(
                dimension.id, Level.DIMENSION, plan, sums[dimension.id]
            )
            if result.score is not None:
                share = dimension.weight.for_attributes(self.attributes)
                if share is None:
                    raise self.missing_weight(dimension.weight, f"dimension {dimension.id}")
                scored.append((dimension.id, share, result))
        return self.combined(area.id, Level.AREA, scored)

    def summed(self, group_id: str, level: Level, plan: AreaPlan, sums: Sums) -> GroupResult:
        """Return an area's or a dimension's result from the sums of its questions."""
        if not sums.weights:
            if self.rules.empty_area == EmptyGroup.ZERO:
                return GroupResult(group_id, level, GroupStatus.SCORED, score=Fraction(0))
            return GroupResult(group_id, level, GroupStatus.NO_DATA)
        weighted_max = Fraction(sums.weights, plan.weight_unit)
        if self.rules.rounds_each_level:
            weighted = sums.rounded / HUNDRED
            score = self.rules.rounding.exact(sums.rounded / weighted_max)
        else:
            weighted = Fraction(sums.weighted, plan.normalised_unit * plan.weight_unit)
            score = Fraction(100 * sums.weighted, plan.normalised_unit * sums.weights)
        return GroupResult(
            group_id,
            level,
            GroupStatus.SCORED,
            score=score,
            raw=Fraction(sums.raw, plan.point_unit),
            raw_max=Fraction(sums.raw_max, plan.point_unit),
            weighted=weighted,
            weighted_max=weighted_max,
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
        result = self.combined(group_id, level, scored)
        if level == Level.COMPOSITE:
            self.groups[group_id] = result
        return result

    def combined(
        self, group_id: str, level: Level, scored: list[tuple[str, Fraction, GroupResult]]
    ) -> GroupResult:
        """Return the weighted mean of parts that have a score: Σ(W × score) / Σ(W)."""
        if not scored:
            return GroupResult(group_id, level, GroupStatus.NO_DATA)
        products = {ref: weight * (part.score or 0) for ref, weight, part in scored}
        total_weight = sum((weight for _, weight, _ in scored), Fraction(0))
        total = sum(products.values(), Fraction(0))
        score = total / total_weight
        if self.rules.rounds_each_level:
            score = self.rules.rounding.exact(score)
        return GroupResult(
            group_id,
            level,
            GroupStatus.SCORED,
            score=score,
            raw=sum((part.raw for _, _, part in scored), Fraction(0)),
            raw_max=sum((part.raw_max for _, _, part in scored), Fraction(0)),
            weighted=total / HUNDRED,
            weighted_max=total_weight,
            contributions={ref: product / total_weight for ref, product in products.items()},
        )

    def is_left_out_of_overall(self, ref: str) -> bool:
        """Tell whether ``ref`` is an optional area that this edition does not count."""
        if self.edition.optional_areas_counted:
            return False
        try:
            return self.edition.area(ref).is_optional
        except KeyError:
            return False
