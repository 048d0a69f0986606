"""The parts of an Index edition as immutable data: texts, options, bands, weights, rules,
questions, areas, composites and the edition itself.

Nothing here reads a file or checks one: ``icc.index.method.loader`` loads and checks an
edition file and builds these objects; ``icc.index.method.scoring`` scores answers with them.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from fractions import Fraction
from functools import cached_property

from django.utils.translation import gettext_lazy as _

from icc.index.method.reasons import reason
from icc.index.method.rules import DEFAULT_RULES, ScoringRules, Several

MEMBER_ID_ATTRIBUTE = "member"
MULTIPLE_CHOICE_SEPARATOR = "|"

type Answer = str | frozenset[str] | Fraction
"""An answer: an option id (single choice, yes/no), a set of option ids
(multiple choice), a number (number, percentage) or a text (free text)."""


class QuestionKind(StrEnum):
    """The form of answer a question expects."""

    SINGLE_CHOICE = "single_choice"
    MULTIPLE_CHOICE = "multiple_choice"
    YES_NO = "yes_no"
    NUMBER = "number"
    PERCENTAGE = "percentage"
    FREE_TEXT = "free_text"


CHOICE_KINDS = frozenset({QuestionKind.SINGLE_CHOICE, QuestionKind.MULTIPLE_CHOICE})
OPTION_KINDS = CHOICE_KINDS | {QuestionKind.YES_NO}
NUMERIC_KINDS = frozenset({QuestionKind.NUMBER, QuestionKind.PERCENTAGE})


class DataKind(StrEnum):
    """What a question measures: a fact, a policy input or an observed impact."""

    FACT = "fact"
    INPUT = "input"
    IMPACT = "impact"


class Unanswered(StrEnum):
    """How a question without an answer counts."""

    ZERO = "zero"
    EXCLUDED = "excluded"


@dataclass(frozen=True)
class Text:
    """A text written in English and in French."""

    en: str
    fr: str

    def in_language(self, language: str) -> str:
        """Return the text in ``language`` ("fr" or anything else for English)."""
        return self.fr if language.startswith("fr") else self.en


YES_LABEL = Text("Yes", "Oui")
NO_LABEL = Text("No", "Non")


@dataclass(frozen=True)
class Option:
    """One answer option of a choice question, with the points it is worth.

    An option marked ``not_applicable`` is the answer "does not apply": choosing it
    takes the question out of the member's score and maximum; it has no points.
    """

    id: str
    label: Text
    points: Fraction | None
    not_applicable: bool = False


@dataclass(frozen=True)
class Band:
    """A range of numeric answers worth the same points: ``lower <= value < upper``."""

    lower: Fraction | None
    upper: Fraction | None
    points: Fraction

    def contains(self, value: Fraction) -> bool:
        """Tell whether ``value`` falls in this band."""
        return (self.lower is None or value >= self.lower) and (
            self.upper is None or value < self.upper
        )


@dataclass(frozen=True)
class Weight:
    """A weight, either fixed or looked up from one attribute of the member."""

    default: Fraction | None
    by: str | None = None
    values: Mapping[str, Fraction] = field(default_factory=dict)

    def for_attributes(self, attributes: Mapping[str, str]) -> Fraction | None:
        """Return the weight for a member with these attributes, or None when none applies."""
        if self.by is not None and attributes.get(self.by) in self.values:
            return self.values[attributes[self.by]]
        return self.default


UNIT_WEIGHT = Weight(Fraction(1))


@dataclass(frozen=True)
class MemberRule:
    """Exclude a question for members whose attributes all take one of the listed values."""

    values: Mapping[str, frozenset[str]]

    def matches(self, attributes: Mapping[str, str]) -> bool:
        """Tell whether a member with these attributes is excluded by this rule."""
        return all(attributes.get(name) in allowed for name, allowed in self.values.items())


@dataclass(frozen=True)
class AnswerRule:
    """Exclude a question when another question was answered with one of the listed options."""

    question: str
    options: frozenset[str]

    def matches(self, answer: Answer | None) -> bool:
        """Tell whether ``answer`` (to the other question) excludes the question."""
        if isinstance(answer, frozenset):
            return bool(answer & self.options)
        return answer in self.options


type Rule = MemberRule | AnswerRule


@dataclass(frozen=True)
class Question:
    """One question of an edition, with everything needed to score its answer."""

    id: str
    text: Text
    kind: QuestionKind
    data: DataKind
    unanswered: Unanswered
    weight: Weight = UNIT_WEIGHT
    help: Text | None = None
    unit: Text | None = None
    options: tuple[Option, ...] = ()
    bands: tuple[Band, ...] = ()
    max_points_cap: Fraction | None = None
    not_applicable_when: tuple[Rule, ...] = ()
    earlier: tuple[str, ...] = ()
    several: Several | None = None
    maximum_only: bool = False
    dimension: str | None = None

    @cached_property
    def is_scored(self) -> bool:
        """Tell whether answers to this question earn points."""
        if self.kind in OPTION_KINDS:
            return any(option.points is not None for option in self.options)
        return bool(self.bands)

    @cached_property
    def max_points(self) -> Fraction:
        """Return the points of the best possible answer (zero for an unscored question).

        A multiple choice's best answer chooses every option worth more than zero
        (capped); a single choice's is its best option, even when several may be chosen.
        """
        if not self.is_scored:
            return Fraction(0)
        if self.kind == QuestionKind.MULTIPLE_CHOICE:
            total = sum(
                (
                    option.points or Fraction(0)
                    for option in self.options
                    if (option.points or 0) > 0
                ),
                Fraction(0),
            )
            return total if self.max_points_cap is None else min(total, self.max_points_cap)
        if self.kind in OPTION_KINDS:
            return max(option.points or Fraction(0) for option in self.options)
        return max(band.points for band in self.bands)

    @cached_property
    def takes_sets(self) -> bool:
        """Tell whether an answer is a set of options (a multiple choice, or several allowed)."""
        return self.kind == QuestionKind.MULTIPLE_CHOICE or self.several is not None

    @cached_property
    def cap(self) -> Fraction | None:
        """Return the most points an answer can earn, when the points of a set are capped."""
        if self.several == Several.CAPPED:
            return self.max_points
        return self.max_points_cap

    def is_not_applicable_answer(self, answer: "Answer") -> bool:
        """Tell whether ``answer`` is (or holds) the option meaning "does not apply"."""
        if isinstance(answer, Fraction):
            return False
        chosen = answer if isinstance(answer, frozenset) else (answer,)
        return any(option.not_applicable for option in self.options if option.id in chosen)

    @cached_property
    def options_by_id(self) -> dict[str, Option]:
        """Return the answer options by id."""
        return {option.id: option for option in self.options}

    def option(self, option_id: str) -> Option | None:
        """Return the option called ``option_id``, if there is one."""
        return self.options_by_id.get(option_id)

    def check_answer(self, answer: Answer) -> None:
        """Raise ``ValueError`` with a reason when ``answer`` is not a valid answer.

        The error's only argument is a ``Reason``: ``str(error)`` renders it in the
        language active then.
        """
        options = ", ".join(self.options_by_id)
        if self.kind in (QuestionKind.SINGLE_CHOICE, QuestionKind.YES_NO) and not (
            self.several is not None and isinstance(answer, frozenset)
        ):
            if not isinstance(answer, str) or answer not in self.options_by_id:
                raise ValueError(
                    reason(
                        _("%(answer)s is not an option of question %(question)s (%(options)s)"),
                        answer=repr(answer),
                        question=self.id,
                        options=options,
                    )
                )
        elif self.takes_sets:
            if not isinstance(answer, frozenset) or (self.several is not None and not answer):
                raise ValueError(
                    reason(
                        _("question %(question)s expects a set of options (%(options)s)"),
                        question=self.id,
                        options=options,
                    )
                )
            unknown = sorted(answer.difference(self.options_by_id))
            if unknown:
                # No count in the sentence: the unknown ids are listed, one or more.
                message = _("%(unknown)s: not option(s) of question %(question)s (%(options)s)")
                raise ValueError(
                    reason(
                        message,
                        unknown=", ".join(unknown),
                        question=self.id,
                        options=options,
                    )
                )
            if len(answer) > 1 and self.is_not_applicable_answer(answer):
                raise ValueError(
                    reason(
                        _('question %(question)s: "does not apply" cannot be chosen with others'),
                        question=self.id,
                    )
                )
        elif self.kind in NUMERIC_KINDS:
            if not isinstance(answer, Fraction):
                raise ValueError(
                    reason(_("question %(question)s expects a number"), question=self.id)
                )
            if self.kind == QuestionKind.PERCENTAGE and not 0 <= answer <= 100:
                raise ValueError(
                    reason(
                        _("%(value)s is not a percentage between 0 and 100"),
                        value=f"{float(answer):g}",
                    )
                )
            if self.bands and not any(band.contains(answer) for band in self.bands):
                raise ValueError(
                    reason(
                        _("%(value)s falls in no band of question %(question)s"),
                        value=f"{float(answer):g}",
                        question=self.id,
                    )
                )
        elif not isinstance(answer, str) or not answer.strip():
            raise ValueError(reason(_("question %(question)s expects a text"), question=self.id))

    def parse_answer(self, cell: str) -> Answer:
        """Turn the text of a CSV cell into an answer, or raise ``ValueError`` with a reason.

        The cell must not be empty: an empty cell means the question was not answered.
        """
        cell = cell.strip()
        answer: Answer
        if self.kind == QuestionKind.MULTIPLE_CHOICE or (
            self.several is not None and MULTIPLE_CHOICE_SEPARATOR in cell
        ):
            chosen = [part.strip() for part in cell.split(MULTIPLE_CHOICE_SEPARATOR)]
            if len(set(chosen)) != len(chosen):
                raise ValueError(reason(_("an option is given twice in %(cell)s"), cell=repr(cell)))
            answer = frozenset(chosen)
        elif self.kind in NUMERIC_KINDS:
            try:
                number = Decimal(cell)
            except InvalidOperation:
                number = None
            if number is None or not number.is_finite():
                raise ValueError(
                    reason(
                        _("%(cell)s is not a number (write 1234.5: a point, no spaces)"),
                        cell=repr(cell),
                    )
                )
            answer = Fraction(number)
        else:
            answer = cell
        self.check_answer(answer)
        return answer

    def points_for(self, answer: Answer) -> Fraction:
        """Return the points that a valid ``answer`` earns."""
        if not self.is_scored:
            return Fraction(0)
        if isinstance(answer, frozenset):
            total = sum(
                (option.points or Fraction(0) for option in self.options if option.id in answer),
                Fraction(0),
            )
            return total if self.cap is None else min(total, self.cap)
        if isinstance(answer, Fraction):
            return next(band.points for band in self.bands if band.contains(answer))
        option = self.option(answer)
        assert option is not None
        return option.points or Fraction(0)


@dataclass(frozen=True)
class Area:
    """An area (an indicator) of the Index: a group of questions scored 0-100."""

    id: str
    title: Text
    questions: tuple[Question, ...]
    description: Text | None = None
    is_optional: bool = False
    earlier: tuple[str, ...] = ()
    dimensions: tuple["Dimension", ...] = ()


@dataclass(frozen=True)
class Dimension:
    """A level between questions and their area: the area averages its dimensions' scores.

    Each scored question of an area with dimensions names one of them; ``weight``
    is the dimension's weight in its area.
    """

    id: str
    title: Text
    weight: "Weight"
    description: Text | None = None


@dataclass(frozen=True)
class Part:
    """A reference from a composite (or the overall score) to an area or composite, weighted."""

    ref: str
    weight: Weight = UNIT_WEIGHT


@dataclass(frozen=True)
class Composite:
    """A score made of other areas or composites, such as the intercultural lens."""

    id: str
    title: Text
    parts: tuple[Part, ...]
    description: Text | None = None
    earlier: tuple[str, ...] = ()


@dataclass(frozen=True)
class Requirement:
    """A core requirement of a level: question ``question`` answered with one of ``options``."""

    question: str
    options: frozenset[str]


@dataclass(frozen=True)
class LevelRule:
    """A level a member reaches (a certification, a maturity rating), lowest first.

    A member reaches a level when it meets every requirement of the level and its
    overall score, as displayed, is at least ``min_score``, and it reaches every
    level before it too.
    """

    id: str
    title: Text
    min_score: Fraction | None = None
    requires: tuple[Requirement, ...] = ()


@dataclass(frozen=True, eq=False)
class Method:
    """One edition of the Index questionnaire and its scoring method, as the engine reads it.

    Named ``Method`` so as not to be mistaken for the stored record
    (``icc.index.models.Edition``, whose ``method`` property builds one). Methods compare
    by identity: two loads of one file are two methods.
    """

    id: str
    title: Text
    areas: tuple[Area, ...]
    overall: tuple[Part, ...]
    composites: tuple[Composite, ...] = ()
    overall_title: Text | None = None
    description: Text | None = None
    weights_note: Text | None = None
    earlier_edition: str | None = None
    optional_areas_counted: bool = False
    rules: ScoringRules = DEFAULT_RULES
    levels: tuple[LevelRule, ...] = ()

    @cached_property
    def uses_options(self) -> bool:
        """Tell whether any scoring option changes a score from the Index's own method.

        The raw percentage and levels change no score.
        """
        return (
            replace(self.rules, raw_percent=False) != DEFAULT_RULES
            or any(area.dimensions for area in self.areas)
            or any(
                question.several is not None
                or question.maximum_only
                or any(option.not_applicable for option in question.options)
                for question in self.questions
            )
        )

    @cached_property
    def dimensions(self) -> tuple[Dimension, ...]:
        """Return every dimension, area by area."""
        return tuple(dimension for area in self.areas for dimension in area.dimensions)

    @cached_property
    def questions(self) -> tuple[Question, ...]:
        """Return every question, area by area, in the order of the file."""
        return tuple(question for area in self.areas for question in area.questions)

    def question(self, question_id: str) -> Question:
        """Return the question called ``question_id`` (``KeyError`` when there is none)."""
        return self._questions[question_id]

    def area(self, area_id: str) -> Area:
        """Return the area called ``area_id`` (``KeyError`` when there is none)."""
        return self._areas[area_id]

    def composite(self, composite_id: str) -> Composite:
        """Return the composite called ``composite_id`` (``KeyError`` when there is none)."""
        return self._composites[composite_id]

    def area_of(self, question_id: str) -> Area:
        """Return the area that holds the question called ``question_id``."""
        return self._area_of[question_id]

    def mapping_to_earlier(self) -> dict[str, tuple[str, ...]]:
        """Return, for each mapped question, the questions of the earlier edition it continues."""
        return {question.id: question.earlier for question in self.questions if question.earlier}

    @cached_property
    def _questions(self) -> dict[str, Question]:
        return {question.id: question for question in self.questions}

    @cached_property
    def _areas(self) -> dict[str, Area]:
        return {area.id: area for area in self.areas}

    @cached_property
    def _composites(self) -> dict[str, Composite]:
        return {composite.id: composite for composite in self.composites}

    @cached_property
    def _area_of(self) -> dict[str, Area]:
        return {question.id: area for area in self.areas for question in area.questions}
