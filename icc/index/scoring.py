"""Turn one member's answers into scores, exactly, following an edition's method.

The method, in full (docs/index-format.md shows it with examples):

- A question's points come from the chosen option(s) or the band of a number;
  its maximum is the best answer's points. Its *normalised* value is
  points / maximum, between 0 and 1.
- A question counts when it is answered, or unanswered and counting as zero.
  It does not count (it leaves both the score and the maximum) when it does
  not apply to the member, when it is unanswered and the edition excludes
  unanswered questions, when it is in an optional area the member did not
  take, or when it earns no points at all (facts, free text).
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

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

from icc.index.methodology import (
    MEMBER_ID_ATTRIBUTE,
    Answer,
    AnswerRule,
    Area,
    Edition,
    Part,
    Question,
    Rule,
    Unanswered,
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


def score_member(edition: Edition, member: Member, answers: Mapping[str, Answer]) -> MemberResult:
    """Score one member's answers (question id → answer) under ``edition``.

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
    return MemberScoring(edition, member, answers).result()


def score_members(
    edition: Edition, members: Iterable[Member], answers: Mapping[str, Mapping[str, Answer]]
) -> list[MemberResult]:
    """Score every member, reading its answers from ``answers[member.id]`` (none if absent)."""
    return [score_member(edition, member, answers.get(member.id, {})) for member in members]


class MemberScoring:
    """The computation of one member's result, holding what is shared between its steps."""

    def __init__(self, edition: Edition, member: Member, answers: Mapping[str, Answer]) -> None:
        self.edition = edition
        self.member = member
        self.attributes = member.attribute_values()
        self.answers = answers
        self.applicable: dict[str, bool] = {}
        self.groups: dict[str, GroupResult] = {}

    def result(self) -> MemberResult:
        questions: dict[str, QuestionResult] = {}
        areas: dict[str, GroupResult] = {}
        for area in self.edition.areas:
            is_taken = not area.is_optional or any(q.id in self.answers for q in area.questions)
            results = [self.score_question(question, is_taken) for question in area.questions]
            questions.update((result.id, result) for result in results)
            areas[area.id] = self.groups[area.id] = self.score_area(area, results, is_taken)
        composites = {
            composite.id: self.score_group(composite.id, Level.COMPOSITE, composite.parts)
            for composite in self.edition.composites
        }
        overall = self.score_group(OVERALL_ID, Level.OVERALL, self.edition.overall)
        return MemberResult(self.member, questions, areas, composites, overall)

    def is_applicable(self, question: Question) -> bool:
        """Tell whether ``question`` applies to the member, given its attributes and answers."""
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

    def weight(self, question_or_part: Question | Part, where: str) -> Fraction:
        weight = question_or_part.weight.for_attributes(self.attributes)
        if weight is None:
            by = question_or_part.weight.by
            raise ScoringError(
                f"{where}: the weight depends on {by!r}, member {self.member.id!r} has "
                f"{by} {self.attributes.get(by or '')!r}, and the edition gives no default"
            )
        return weight

    def score_question(self, question: Question, is_taken: bool) -> QuestionResult:
        if not question.is_scored:
            return QuestionResult(question.id, QuestionStatus.NOT_SCORED)
        if not is_taken:
            return QuestionResult(question.id, QuestionStatus.NOT_TAKEN)
        if not self.is_applicable(question):
            return QuestionResult(question.id, QuestionStatus.NOT_APPLICABLE)
        weight = self.weight(question, f"question {question.id}")
        if question.id in self.answers:
            points = question.points_for(self.answers[question.id])
            status = QuestionStatus.ANSWERED
        elif question.unanswered == Unanswered.ZERO:
            points, status = Fraction(0), QuestionStatus.UNANSWERED_ZERO
        else:
            return QuestionResult(question.id, QuestionStatus.UNANSWERED_EXCLUDED)
        return QuestionResult(question.id, status, points, question.max_points, weight)

    def score_area(self, area: Area, results: list[QuestionResult], is_taken: bool) -> GroupResult:
        if not is_taken:
            return GroupResult(area.id, Level.AREA, GroupStatus.NOT_TAKEN)
        counted = [result for result in results if result.is_counted]
        if not counted:
            return GroupResult(area.id, Level.AREA, GroupStatus.NO_DATA)
        weighted = sum((result.weighted or Fraction(0) for result in counted), Fraction(0))
        weighted_max = sum((result.weight or Fraction(0) for result in counted), Fraction(0))
        return GroupResult(
            area.id,
            Level.AREA,
            GroupStatus.SCORED,
            score=HUNDRED * weighted / weighted_max,
            raw=sum((result.points or Fraction(0) for result in counted), Fraction(0)),
            raw_max=sum((result.max_points or Fraction(0) for result in counted), Fraction(0)),
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
                where = f"part {part.ref} of {group_id}"
                scored.append((part.ref, self.weight(part, where), result))
        if not scored:
            result = GroupResult(group_id, level, GroupStatus.NO_DATA)
        else:
            total_weight = sum((weight for _, weight, _ in scored), Fraction(0))
            weighted = sum(
                (weight * (part.score or 0) / HUNDRED for _, weight, part in scored), Fraction(0)
            )
            result = GroupResult(
                group_id,
                level,
                GroupStatus.SCORED,
                score=HUNDRED * weighted / total_weight,
                raw=sum((part.raw for _, _, part in scored), Fraction(0)),
                raw_max=sum((part.raw_max for _, _, part in scored), Fraction(0)),
                weighted=weighted,
                weighted_max=total_weight,
                contributions={
                    ref: weight * (part.score or 0) / total_weight for ref, weight, part in scored
                },
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
