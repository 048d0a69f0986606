"""Describe one edition of the Index questionnaire as data, and load it from a checked file.

An edition is everything needed to score answers: areas and their questions,
answer options with points, weights, composite areas, the overall score,
applicability rules, how unanswered questions count, and the mapping of its
questions to an earlier edition. The file format is documented in
docs/index-format.md and described by schema/edition.schema.json.

``load_edition`` checks a file completely and raises ``EditionError`` with
every problem found; a file with any problem loads nothing.
"""

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from fractions import Fraction
from functools import cache, cached_property
from pathlib import Path
from typing import Any

from icc.index.validation import Schema, child_path

FORMAT = "icc-index-edition/1"
SCHEMA_PATH = Path(__file__).parent / "schema" / "edition.schema.json"
EDITIONS_DIR = Path(__file__).parent / "editions"
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
    """One answer option of a choice question, with the points it is worth."""

    id: str
    label: Text
    points: Fraction | None


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

    @cached_property
    def is_scored(self) -> bool:
        """Tell whether answers to this question earn points."""
        if self.kind in OPTION_KINDS:
            return any(option.points is not None for option in self.options)
        return bool(self.bands)

    @cached_property
    def max_points(self) -> Fraction:
        """Return the points of the best possible answer (zero for an unscored question)."""
        if not self.is_scored:
            return Fraction(0)
        if self.kind == QuestionKind.MULTIPLE_CHOICE:
            total = sum((option.points or Fraction(0) for option in self.options), Fraction(0))
            return total if self.max_points_cap is None else min(total, self.max_points_cap)
        if self.kind in OPTION_KINDS:
            return max(option.points or Fraction(0) for option in self.options)
        return max(band.points for band in self.bands)

    @cached_property
    def options_by_id(self) -> dict[str, Option]:
        """Return the answer options by id."""
        return {option.id: option for option in self.options}

    def option(self, option_id: str) -> Option | None:
        """Return the option called ``option_id``, if there is one."""
        return self.options_by_id.get(option_id)

    def check_answer(self, answer: Answer) -> None:
        """Raise ``ValueError`` with a reason when ``answer`` is not a valid answer."""
        options = self.options_by_id
        if self.kind in (QuestionKind.SINGLE_CHOICE, QuestionKind.YES_NO):
            if not isinstance(answer, str) or answer not in options:
                raise ValueError(
                    f"{answer!r} is not an option of question {self.id} ({', '.join(options)})"
                )
        elif self.kind == QuestionKind.MULTIPLE_CHOICE:
            if not isinstance(answer, frozenset):
                raise ValueError(
                    f"question {self.id} expects a set of options ({', '.join(options)})"
                )
            unknown = sorted(answer.difference(options))
            if unknown:
                raise ValueError(
                    f"{', '.join(unknown)}: not option(s) of question {self.id} "
                    f"({', '.join(options)})"
                )
        elif self.kind in NUMERIC_KINDS:
            if not isinstance(answer, Fraction):
                raise ValueError(f"question {self.id} expects a number")
            if self.kind == QuestionKind.PERCENTAGE and not 0 <= answer <= 100:
                raise ValueError(f"{float(answer):g} is not a percentage between 0 and 100")
            if self.bands and not any(band.contains(answer) for band in self.bands):
                raise ValueError(f"{float(answer):g} falls in no band of question {self.id}")
        elif not isinstance(answer, str) or not answer.strip():
            raise ValueError(f"question {self.id} expects a text")

    def parse_answer(self, cell: str) -> Answer:
        """Turn the text of a CSV cell into an answer, or raise ``ValueError`` with a reason.

        The cell must not be empty: an empty cell means the question was not answered.
        """
        cell = cell.strip()
        answer: Answer
        if self.kind == QuestionKind.MULTIPLE_CHOICE:
            chosen = [part.strip() for part in cell.split(MULTIPLE_CHOICE_SEPARATOR)]
            if len(set(chosen)) != len(chosen):
                raise ValueError(f"an option is given twice in {cell!r}")
            answer = frozenset(chosen)
        elif self.kind in NUMERIC_KINDS:
            try:
                number = Decimal(cell)
            except InvalidOperation:
                number = None
            if number is None or not number.is_finite():
                raise ValueError(f"{cell!r} is not a number (write 1234.5: a point, no spaces)")
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
            return total if self.max_points_cap is None else min(total, self.max_points_cap)
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


@dataclass(frozen=True, eq=False)
class Edition:
    """One edition of the Index questionnaire and its scoring method.

    Editions compare by identity: two loads of one file are two editions.
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


@dataclass(frozen=True)
class FormatError:
    """One problem in an edition file: which file, where in it (a JSON path), and why."""

    file: str
    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.file}: {self.path}: {self.reason}"


class EditionError(Exception):
    """An edition file that cannot be loaded, with every problem found in it."""

    def __init__(self, errors: list[FormatError]) -> None:
        self.errors = errors
        super().__init__("\n".join(str(error) for error in errors))


def load_edition(path: Path | str, *, earlier: Edition | None = None) -> Edition:
    """Read, check and return the edition in the JSON file at ``path``.

    When ``earlier`` is given, the file's mapping to an earlier edition is also
    checked against it. Raises ``EditionError`` listing every problem; nothing
    is returned unless the whole file is correct.
    """
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)
    except UnicodeDecodeError as error:
        raise EditionError([FormatError(str(path), "$", f"not UTF-8 text: {error}")]) from None
    except json.JSONDecodeError as error:
        reason = f"not valid JSON: {error.msg} (line {error.lineno}, column {error.colno})"
        raise EditionError([FormatError(str(path), "$", reason)]) from None
    return edition_from_data(data, file=str(path), earlier=earlier)


def load_shipped_edition(edition_id: str) -> Edition:
    """Load one of the editions shipped with the platform, such as "v1" or "2019"."""
    path = EDITIONS_DIR / f"{edition_id}.json"
    earlier_id = json.loads(path.read_text(encoding="utf-8")).get("earlier_edition")
    earlier = load_shipped_edition(earlier_id) if earlier_id else None
    return load_edition(path, earlier=earlier)


@cache
def edition_schema() -> Schema:
    """Return the JSON Schema of the edition format."""
    return Schema.from_file(SCHEMA_PATH)


def edition_from_data(
    data: Any, *, file: str = "<data>", earlier: Edition | None = None
) -> Edition:
    """Check decoded JSON ``data`` completely and build the edition it describes.

    Raises ``EditionError`` listing every problem, each placed in ``file``.
    """
    problems = [(failure.path, failure.reason) for failure in edition_schema().check(data)]
    problems += list(EditionChecks(data, earlier).problems())
    if problems:
        raise EditionError([FormatError(file, path, reason) for path, reason in problems])
    return build_edition(data)


def as_list(value: Any) -> list[Any]:
    """Return ``value`` if it is a list, else an empty list (the schema reports the rest)."""
    return value if isinstance(value, list) else []


def as_dict(value: Any) -> dict[str, Any]:
    """Return ``value`` if it is an object, else an empty one (the schema reports the rest)."""
    return value if isinstance(value, dict) else {}


def number(value: Any) -> Fraction | None:
    """Return a JSON number as an exact fraction, or None for anything else.

    A float (from data not decoded with ``parse_float=Decimal``) is read as the
    decimal it prints as, so 0.6 means 3/5 and not the nearest binary fraction.
    """
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return None
    return Fraction(repr(value)) if isinstance(value, float) else Fraction(value)


def exact(value: Any) -> Fraction:
    """Return a JSON number known to be valid as an exact fraction."""
    result = number(value)
    assert result is not None
    return result


class EditionChecks:
    """The checks a JSON Schema cannot express: identity, references, kinds, cycles.

    Each check skips values whose shape is wrong, since the schema already
    reports those; together with the schema this reports every problem at once.
    """

    def __init__(self, data: Any, earlier: Edition | None) -> None:
        self.data = as_dict(data)
        self.earlier = earlier
        self.areas = [
            (child_path("$.areas", index), area)
            for index, area in enumerate(as_list(self.data.get("areas")))
            if isinstance(area, dict)
        ]
        self.questions = [
            (child_path(child_path(place, "questions"), index), question)
            for place, area in self.areas
            for index, question in enumerate(as_list(area.get("questions")))
            if isinstance(question, dict)
        ]
        self.question_by_id: dict[str, dict[str, Any]] = {
            question["id"]: question
            for _, question in self.questions
            if isinstance(question.get("id"), str)
        }
        self.composites = [
            (child_path("$.composites", index), composite)
            for index, composite in enumerate(as_list(self.data.get("composites")))
            if isinstance(composite, dict)
        ]

    def problems(self) -> Iterator[tuple[str, str]]:
        """Yield (JSON path, reason) for every problem found."""
        yield from self.check_identifiers()
        for place, question in self.questions:
            yield from self.check_question(place, question)
        yield from self.check_answer_rule_cycles()
        yield from self.check_structure()
        yield from self.check_earlier()

    def check_identifiers(self) -> Iterator[tuple[str, str]]:
        groups = {
            "question": self.questions,
            "area or composite": self.areas + self.composites,
        }
        for what, items in groups.items():
            seen: dict[str, str] = {}
            for place, item in items:
                identifier = item.get("id")
                if not isinstance(identifier, str):
                    continue
                if identifier in seen:
                    yield (
                        child_path(place, "id"),
                        (f"{what} id {identifier!r} is already used at {seen[identifier]}"),
                    )
                else:
                    seen[identifier] = place

    def check_question(self, place: str, question: dict[str, Any]) -> Iterator[tuple[str, str]]:
        kind = question.get("kind")
        if kind not in set(QuestionKind):
            return
        kind = QuestionKind(kind)
        allowed = {
            QuestionKind.SINGLE_CHOICE: {"options"},
            QuestionKind.MULTIPLE_CHOICE: {"options", "max_points"},
            QuestionKind.YES_NO: {"points"},
            QuestionKind.NUMBER: {"bands", "unit"},
            QuestionKind.PERCENTAGE: {"bands"},
            QuestionKind.FREE_TEXT: set(),
        }[kind]
        for name in ("options", "points", "max_points", "bands", "unit"):
            if name in question and name not in allowed:
                yield child_path(place, name), f"a {kind} question cannot have {name!r}"
        if kind in CHOICE_KINDS:
            if "options" not in question:
                yield place, f'a {kind} question needs "options"'
            yield from self.check_options(place, question)
        if kind in NUMERIC_KINDS:
            yield from self.check_bands(place, question, kind)
        yield from self.check_scoring(place, question, kind)
        for index, rule in enumerate(as_list(question.get("not_applicable_when"))):
            yield from self.check_answer_rule(
                child_path(child_path(place, "not_applicable_when"), index), question, rule
            )

    def check_options(self, place: str, question: dict[str, Any]) -> Iterator[tuple[str, str]]:
        options = [
            option for option in as_list(question.get("options")) if isinstance(option, dict)
        ]
        seen: set[str] = set()
        for index, option in enumerate(options):
            identifier = option.get("id")
            if isinstance(identifier, str) and identifier in seen:
                path = child_path(child_path(child_path(place, "options"), index), "id")
                yield path, f"option id {identifier!r} is used twice in this question"
            if isinstance(identifier, str):
                seen.add(identifier)
        with_points = sum(1 for option in options if "points" in option)
        if 0 < with_points < len(options):
            yield (
                child_path(place, "options"),
                "give points to every option or to none (a question without points is not scored)",
            )

    def check_bands(
        self, place: str, question: dict[str, Any], kind: QuestionKind
    ) -> Iterator[tuple[str, str]]:
        bands = as_list(question.get("bands"))
        previous_upper: Fraction | None = None
        for index, band in enumerate(bands):
            band = as_dict(band)
            path = child_path(child_path(place, "bands"), index)
            lower, upper = number(band.get("from")), number(band.get("to"))
            if lower is None and index > 0:
                yield path, 'only the first band may leave out "from"'
            if upper is None and index < len(bands) - 1:
                yield path, 'only the last band may leave out "to"'
            if lower is not None and upper is not None and lower >= upper:
                yield path, '"from" must be less than "to"'
            if previous_upper is not None and lower is not None and lower < previous_upper:
                yield path, "bands must be in increasing order and must not overlap"
            if kind == QuestionKind.PERCENTAGE and any(
                value is not None and not 0 <= value <= 100 for value in (lower, upper)
            ):
                yield path, "a percentage band must lie between 0 and 100"
            previous_upper = upper

    def check_scoring(
        self, place: str, question: dict[str, Any], kind: QuestionKind
    ) -> Iterator[tuple[str, str]]:
        options = [as_dict(option) for option in as_list(question.get("options"))]
        if kind in CHOICE_KINDS:
            points = [number(option.get("points")) for option in options if "points" in option]
            if 0 < len(points) < len(options):
                return  # check_options reports the missing points
        elif kind == QuestionKind.YES_NO:
            points = [number(value) for value in as_dict(question.get("points")).values()]
        else:
            points = [
                number(as_dict(band).get("points")) for band in as_list(question.get("bands"))
            ]
        known = [value for value in points if value is not None]
        if not points:
            if "weight" in question:
                yield (
                    child_path(place, "weight"),
                    ("this question earns no points, so it cannot have a weight"),
                )
            return
        if len(known) < len(points):
            return
        best = sum(known) if kind == QuestionKind.MULTIPLE_CHOICE else max(known)
        cap = number(question.get("max_points"))
        if cap is not None and kind == QuestionKind.MULTIPLE_CHOICE:
            if cap > best:
                yield (
                    child_path(place, "max_points"),
                    (f"the options together are worth only {best}; the cap cannot be higher"),
                )
            best = min(best, cap)
        if best <= 0:
            yield (
                place,
                "the best answer earns no points: a scored question needs a maximum above zero",
            )

    def check_answer_rule(
        self, place: str, question: dict[str, Any], rule: Any
    ) -> Iterator[tuple[str, str]]:
        answer = as_dict(as_dict(rule).get("answer"))
        other_id = answer.get("question")
        if not isinstance(other_id, str):
            return
        path = child_path(place, "answer")
        other = self.question_by_id.get(other_id)
        if other is None:
            yield child_path(path, "question"), f"no question is called {other_id!r}"
            return
        if other_id == question.get("id"):
            yield child_path(path, "question"), "a question cannot depend on its own answer"
            return
        if other.get("kind") not in set(OPTION_KINDS):
            yield (
                child_path(path, "question"),
                (
                    f"question {other_id!r} is a {other.get('kind')} question; "
                    "rules can only depend on choice and yes/no answers"
                ),
            )
            return
        if other.get("kind") == QuestionKind.YES_NO:
            option_ids = {"yes", "no"}
        else:
            option_ids = {
                str(as_dict(option).get("id")) for option in as_list(other.get("options"))
            }
        for index, option_id in enumerate(as_list(answer.get("in"))):
            if isinstance(option_id, str) and option_id not in option_ids:
                yield (
                    child_path(child_path(path, "in"), index),
                    (f"{option_id!r} is not an option of question {other_id!r}"),
                )

    def check_answer_rule_cycles(self) -> Iterator[tuple[str, str]]:
        depends_on: dict[str, set[Any]] = {
            question_id: {
                as_dict(as_dict(rule).get("answer")).get("question")
                for rule in as_list(question.get("not_applicable_when"))
            }
            - {None, question_id}
            for question_id, question in self.question_by_id.items()
        }
        for place, question in self.questions:
            start = question.get("id")
            if (
                isinstance(start, str)
                and start in self.question_by_id
                and reaches(depends_on, start, start)
            ):
                yield (
                    child_path(place, "not_applicable_when"),
                    (f"question {start!r} depends on its own answer through other questions"),
                )

    def check_structure(self) -> Iterator[tuple[str, str]]:
        areas = {area["id"]: area for _, area in self.areas if isinstance(area.get("id"), str)}
        composites = {
            composite["id"]: composite
            for _, composite in self.composites
            if isinstance(composite.get("id"), str)
        }
        parts_of: dict[str, list[str]] = {}
        overall_place = "$.overall"
        holders = [(place, composite) for place, composite in self.composites]
        holders.append((overall_place, as_dict(self.data.get("overall"))))
        for place, holder in holders:
            seen: set[str] = set()
            refs: list[str] = []
            for index, part in enumerate(as_list(holder.get("parts"))):
                ref = as_dict(part).get("part")
                path = child_path(child_path(child_path(place, "parts"), index), "part")
                if not isinstance(ref, str):
                    continue
                if ref not in areas and ref not in composites:
                    yield path, f"no area or composite is called {ref!r}"
                elif ref in seen:
                    yield path, f"{ref!r} is listed twice"
                elif (
                    ref in areas and as_dict(areas[ref]).get("optional") and place != overall_place
                ):
                    yield path, f"optional area {ref!r} may only be a part of the overall score"
                else:
                    refs.append(ref)
                seen.add(ref)
            key = "" if place == overall_place else holder.get("id")
            if isinstance(key, str):
                parts_of[key] = refs
        for place, composite in self.composites:
            identifier = composite.get("id")
            if isinstance(identifier, str) and reaches(parts_of, identifier, identifier):
                yield child_path(place, "parts"), f"composite {identifier!r} contains itself"
        if any(reaches(parts_of, identifier, identifier) for identifier in composites):
            return
        counts = dict.fromkeys(areas, 0)
        for counted_id in leaves(parts_of, ""):
            if counted_id in counts:
                counts[counted_id] += 1
        for place, area in self.areas:
            area_id = area.get("id")
            if counts.get(area_id) == 0 and "overall" in self.data:
                yield (
                    place,
                    (
                        f"area {area_id!r} is not counted in the overall score "
                        '(list it, or a composite holding it, in "overall")'
                    ),
                )
            elif (counts.get(area_id) or 0) > 1:
                yield (
                    place,
                    f"area {area_id!r} is counted {counts[area_id]} times in the overall score",
                )

    def check_earlier(self) -> Iterator[tuple[str, str]]:
        earlier_id = self.data.get("earlier_edition")
        items = {
            "question": self.questions,
            "area": self.areas,
            "composite": self.composites,
        }
        if (
            self.earlier is not None
            and isinstance(earlier_id, str)
            and earlier_id != self.earlier.id
        ):
            yield (
                "$.earlier_edition",
                f"names edition {earlier_id!r} but was checked against edition {self.earlier.id!r}",
            )
        for what, entries in items.items():
            for place, item in entries:
                if "earlier" not in item:
                    continue
                if "earlier_edition" not in self.data:
                    yield (
                        child_path(place, "earlier"),
                        ('maps to an earlier edition, but the file names no "earlier_edition"'),
                    )
                    continue
                if self.earlier is None:
                    continue
                known = self.earlier_ids(what)
                for index, ref in enumerate(as_list(item.get("earlier"))):
                    if isinstance(ref, str) and ref not in known:
                        yield (
                            child_path(child_path(place, "earlier"), index),
                            (f"edition {self.earlier.id!r} has no {what} called {ref!r}"),
                        )

    def earlier_ids(self, what: str) -> set[str]:
        assert self.earlier is not None
        if what == "question":
            return {question.id for question in self.earlier.questions}
        return {area.id for area in self.earlier.areas} | {
            composite.id for composite in self.earlier.composites
        }


def reaches(graph: Mapping[str, Any], start: str, target: str) -> bool:
    """Tell whether ``target`` can be reached from ``start`` in one or more steps."""
    seen: set[str] = set()
    stack = list(graph.get(start, ()))
    while stack:
        node = stack.pop()
        if node == target:
            return True
        if node not in seen:
            seen.add(node)
            stack.extend(graph.get(node, ()))
    return False


def leaves(parts_of: Mapping[str, list[str]], start: str) -> Iterator[str]:
    """Yield every area reached from ``start`` through composites, once per path."""
    for ref in parts_of.get(start, ()):
        if ref in parts_of:
            yield from leaves(parts_of, ref)
        else:
            yield ref


def build_text(data: Any) -> Text:
    return Text(en=data["en"], fr=data["fr"])


def build_optional_text(data: Any) -> Text | None:
    return None if data is None else build_text(data)


def build_weight(data: Any) -> Weight:
    if data is None:
        return UNIT_WEIGHT
    if isinstance(data, dict):
        return Weight(
            default=number(data.get("default")),
            by=data["by"],
            values={key: exact(value) for key, value in data["values"].items()},
        )
    return Weight(exact(data))


def build_rule(data: dict[str, Any]) -> Rule:
    if "members" in data:
        return MemberRule({name: frozenset(values) for name, values in data["members"].items()})
    return AnswerRule(data["answer"]["question"], frozenset(data["answer"]["in"]))


def build_question(data: dict[str, Any], unanswered: Unanswered) -> Question:
    kind = QuestionKind(data["kind"])
    options: tuple[Option, ...]
    if kind == QuestionKind.YES_NO:
        points = data.get("points", {})
        options = (
            Option("yes", YES_LABEL, number(points.get("yes"))),
            Option("no", NO_LABEL, number(points.get("no"))),
        )
    else:
        options = tuple(
            Option(option["id"], build_text(option["label"]), number(option.get("points")))
            for option in data.get("options", ())
        )
    bands = tuple(
        Band(number(band.get("from")), number(band.get("to")), exact(band["points"]))
        for band in data.get("bands", ())
    )
    return Question(
        id=data["id"],
        text=build_text(data["text"]),
        kind=kind,
        data=DataKind(data["data"]),
        unanswered=Unanswered(data.get("unanswered", unanswered)),
        weight=build_weight(data.get("weight")),
        help=build_optional_text(data.get("help")),
        unit=build_optional_text(data.get("unit")),
        options=options,
        bands=bands,
        max_points_cap=number(data.get("max_points")),
        not_applicable_when=tuple(build_rule(rule) for rule in data.get("not_applicable_when", ())),
        earlier=tuple(data.get("earlier", ())),
    )


def build_parts(data: list[dict[str, Any]]) -> tuple[Part, ...]:
    return tuple(Part(part["part"], build_weight(part.get("weight"))) for part in data)


def build_edition(data: dict[str, Any]) -> Edition:
    """Build an edition from data that has passed every check."""
    unanswered = Unanswered(data.get("unanswered", Unanswered.ZERO))
    return Edition(
        id=data["id"],
        title=build_text(data["title"]),
        description=build_optional_text(data.get("description")),
        weights_note=build_optional_text(data.get("weights_note")),
        earlier_edition=data.get("earlier_edition"),
        optional_areas_counted=data.get("optional_areas_counted", False),
        areas=tuple(
            Area(
                id=area["id"],
                title=build_text(area["title"]),
                description=build_optional_text(area.get("description")),
                is_optional=area.get("optional", False),
                earlier=tuple(area.get("earlier", ())),
                questions=tuple(
                    build_question(question, unanswered) for question in area["questions"]
                ),
            )
            for area in data["areas"]
        ),
        composites=tuple(
            Composite(
                id=composite["id"],
                title=build_text(composite["title"]),
                description=build_optional_text(composite.get("description")),
                earlier=tuple(composite.get("earlier", ())),
                parts=build_parts(composite["parts"]),
            )
            for composite in data.get("composites", ())
        ),
        overall=build_parts(data["overall"]["parts"]),
        overall_title=build_optional_text(data["overall"].get("title")),
    )
