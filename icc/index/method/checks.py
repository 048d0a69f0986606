"""The checks of an edition file that a JSON Schema cannot express.

Identity, references, kinds and their keys, bands, caps, rule cycles, areas counted
twice or never, and the mapping to the earlier edition. ``icc.index.method.loader``
runs them after the schema; each check skips values whose shape the schema reports.
"""

from collections.abc import Iterator, Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from icc.index.method.parts import (
    CHOICE_KINDS,
    NUMERIC_KINDS,
    OPTION_KINDS,
    Method,
    QuestionKind,
)
from icc.index.method.reasons import Reason, reason
from icc.index.method.schema import child_path

type Problem = tuple[str, Reason]
"""A problem found: its JSON path and the reason."""


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

    def __init__(self, data: Any, earlier: Method | None) -> None:
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
        self.dimensions = [
            (child_path(child_path(place, "dimensions"), index), dimension)
            for place, area in self.areas
            for index, dimension in enumerate(as_list(area.get("dimensions")))
            if isinstance(dimension, dict)
        ]
        self.negative_points = as_dict(self.data.get("scoring")).get("negative_points") is True

    def problems(self) -> Iterator[Problem]:
        """Yield (JSON path, reason) for every problem found."""
        yield from self.check_identifiers()
        for place, question in self.questions:
            yield from self.check_question(place, question)
        yield from self.check_answer_rule_cycles()
        yield from self.check_structure()
        yield from self.check_earlier()
        for place, area in self.areas:
            yield from check_dimensions(place, area)
        yield from self.check_levels()

    def check_levels(self) -> Iterator[Problem]:
        seen: set[str] = set()
        for index, level in enumerate(as_list(self.data.get("levels"))):
            place = child_path("$.levels", index)
            identifier = as_dict(level).get("id")
            if isinstance(identifier, str):
                if identifier in seen:
                    yield (
                        child_path(place, "id"),
                        reason(_("level id %(id)s is used twice"), id=repr(identifier)),
                    )
                seen.add(identifier)
            for number_, requirement in enumerate(as_list(as_dict(level).get("requires"))):
                # A requirement reads like a rule on another answer: check it as one.
                rule = {"answer": requirement}
                path = child_path(child_path(place, "requires"), number_)
                for problem_path, problem in self.check_answer_rule(path, {}, rule):
                    yield problem_path.replace(f"{path}.answer", path), problem

    def check_identifiers(self) -> Iterator[Problem]:
        groups = [
            (_("question id %(id)s is already used at %(place)s"), self.questions),
            (
                _("area or composite id %(id)s is already used at %(place)s"),
                self.areas + self.composites + self.dimensions,
            ),
        ]
        for message, items in groups:
            seen: dict[str, str] = {}
            for place, item in items:
                identifier = item.get("id")
                if not isinstance(identifier, str):
                    continue
                if identifier in seen:
                    yield (
                        child_path(place, "id"),
                        reason(message, id=repr(identifier), place=seen[identifier]),
                    )
                else:
                    seen[identifier] = place

    def check_question(self, place: str, question: dict[str, Any]) -> Iterator[Problem]:
        kind = question.get("kind")
        if kind not in set(QuestionKind):
            return
        kind = QuestionKind(kind)
        allowed = {
            QuestionKind.SINGLE_CHOICE: {"options", "several"},
            QuestionKind.MULTIPLE_CHOICE: {"options", "max_points"},
            QuestionKind.YES_NO: {"points"},
            QuestionKind.NUMBER: {"bands", "unit"},
            QuestionKind.PERCENTAGE: {"bands"},
            QuestionKind.FREE_TEXT: set(),
        }[kind]
        for name in ("options", "points", "max_points", "bands", "unit", "several"):
            if name in question and name not in allowed:
                yield (
                    child_path(place, name),
                    reason(
                        _("a %(kind)s question cannot have %(name)s"), kind=kind, name=repr(name)
                    ),
                )
        if kind in CHOICE_KINDS:
            if "options" not in question:
                yield place, reason(_('a %(kind)s question needs "options"'), kind=kind)
            yield from self.check_options(place, question)
        if kind in NUMERIC_KINDS:
            yield from self.check_bands(place, question, kind)
        yield from self.check_scoring(place, question, kind)
        for index, rule in enumerate(as_list(question.get("not_applicable_when"))):
            yield from self.check_answer_rule(
                child_path(child_path(place, "not_applicable_when"), index), question, rule
            )

    def check_options(self, place: str, question: dict[str, Any]) -> Iterator[Problem]:
        options = [
            option for option in as_list(question.get("options")) if isinstance(option, dict)
        ]
        seen: set[str] = set()
        for index, option in enumerate(options):
            identifier = option.get("id")
            if isinstance(identifier, str) and identifier in seen:
                path = child_path(child_path(child_path(place, "options"), index), "id")
                yield (
                    path,
                    reason(
                        _("option id %(id)s is used twice in this question"), id=repr(identifier)
                    ),
                )
            if isinstance(identifier, str):
                seen.add(identifier)
        for index, option in enumerate(options):
            if option.get("not_applicable") is True and "points" in option:
                yield (
                    child_path(child_path(child_path(place, "options"), index), "points"),
                    reason(_('the "does not apply" option earns no points')),
                )
        scored = [option for option in options if option.get("not_applicable") is not True]
        with_points = sum(1 for option in scored if "points" in option)
        if 0 < with_points < len(scored):
            yield (
                child_path(place, "options"),
                reason(
                    _(
                        "give points to every option or to none "
                        "(a question without points is not scored)"
                    )
                ),
            )

    def check_bands(
        self, place: str, question: dict[str, Any], kind: QuestionKind
    ) -> Iterator[Problem]:
        bands = as_list(question.get("bands"))
        previous_upper: Fraction | None = None
        for index, band in enumerate(bands):
            band = as_dict(band)
            path = child_path(child_path(place, "bands"), index)
            lower, upper = number(band.get("from")), number(band.get("to"))
            if lower is None and index > 0:
                yield path, reason(_('only the first band may leave out "from"'))
            if upper is None and index < len(bands) - 1:
                yield path, reason(_('only the last band may leave out "to"'))
            if lower is not None and upper is not None and lower >= upper:
                yield path, reason(_('"from" must be less than "to"'))
            if previous_upper is not None and lower is not None and lower < previous_upper:
                yield path, reason(_("bands must be in increasing order and must not overlap"))
            if kind == QuestionKind.PERCENTAGE and any(
                value is not None and not 0 <= value <= 100 for value in (lower, upper)
            ):
                yield path, reason(_("a percentage band must lie between 0 and 100"))
            previous_upper = upper

    def check_scoring(
        self, place: str, question: dict[str, Any], kind: QuestionKind
    ) -> Iterator[Problem]:
        options = [
            as_dict(option)
            for option in as_list(question.get("options"))
            if as_dict(option).get("not_applicable") is not True
        ]
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
                    reason(_("this question earns no points, so it cannot have a weight")),
                )
            if "maximum_only" in question:
                yield (
                    child_path(place, "maximum_only"),
                    reason(_("this question earns no points, so it has no maximum to count")),
                )
            return
        if len(known) < len(points):
            return
        if not self.negative_points and any(value < 0 for value in known):
            yield (
                place,
                reason(_('points below zero need "negative_points": true in "scoring"')),
            )
        best = (
            sum(value for value in known if value > 0)
            if kind == QuestionKind.MULTIPLE_CHOICE
            else max(known)
        )
        cap = number(question.get("max_points"))
        if cap is not None and kind == QuestionKind.MULTIPLE_CHOICE:
            if cap > best:
                yield (
                    child_path(place, "max_points"),
                    reason(
                        _("the options together are worth only %(best)s; the cap cannot be higher"),
                        best=str(best),
                    ),
                )
            best = min(best, cap)
        if best <= 0:
            yield (
                place,
                reason(
                    _(
                        "the best answer earns no points: "
                        "a scored question needs a maximum above zero"
                    )
                ),
            )

    def check_answer_rule(
        self, place: str, question: dict[str, Any], rule: Any
    ) -> Iterator[Problem]:
        answer = as_dict(as_dict(rule).get("answer"))
        other_id = answer.get("question")
        if not isinstance(other_id, str):
            return
        path = child_path(place, "answer")
        other = self.question_by_id.get(other_id)
        if other is None:
            yield (
                child_path(path, "question"),
                reason(_("no question is called %(id)s"), id=repr(other_id)),
            )
            return
        if other_id == question.get("id"):
            yield (
                child_path(path, "question"),
                reason(_("a question cannot depend on its own answer")),
            )
            return
        if other.get("kind") not in set(OPTION_KINDS):
            yield (
                child_path(path, "question"),
                reason(
                    _(
                        "question %(id)s is a %(kind)s question; "
                        "rules can only depend on choice and yes/no answers"
                    ),
                    id=repr(other_id),
                    kind=other.get("kind"),
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
                    reason(
                        _("%(option)s is not an option of question %(question)s"),
                        option=repr(option_id),
                        question=repr(other_id),
                    ),
                )

    def check_answer_rule_cycles(self) -> Iterator[Problem]:
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
                    reason(
                        _("question %(id)s depends on its own answer through other questions"),
                        id=repr(start),
                    ),
                )

    def check_structure(self) -> Iterator[Problem]:
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
                    yield path, reason(_("no area or composite is called %(id)s"), id=repr(ref))
                elif ref in seen:
                    yield path, reason(_("%(id)s is listed twice"), id=repr(ref))
                elif (
                    ref in areas and as_dict(areas[ref]).get("optional") and place != overall_place
                ):
                    yield (
                        path,
                        reason(
                            _("optional area %(id)s may only be a part of the overall score"),
                            id=repr(ref),
                        ),
                    )
                else:
                    refs.append(ref)
                seen.add(ref)
            key = "" if place == overall_place else holder.get("id")
            if isinstance(key, str):
                parts_of[key] = refs
        for place, composite in self.composites:
            identifier = composite.get("id")
            if isinstance(identifier, str) and reaches(parts_of, identifier, identifier):
                yield (
                    child_path(place, "parts"),
                    reason(_("composite %(id)s contains itself"), id=repr(identifier)),
                )
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
                    reason(
                        _(
                            "area %(id)s is not counted in the overall score "
                            '(list it, or a composite holding it, in "overall")'
                        ),
                        id=repr(area_id),
                    ),
                )
            elif (counts.get(area_id) or 0) > 1:
                yield (
                    place,
                    reason(
                        ngettext_lazy(
                            "area %(id)s is counted %(count)s time in the overall score",
                            "area %(id)s is counted %(count)s times in the overall score",
                            "count",
                        ),
                        id=repr(area_id),
                        count=counts[area_id],
                    ),
                )

    def check_earlier(self) -> Iterator[Problem]:
        earlier_id = self.data.get("earlier_edition")
        items = {
            "question": (_("edition %(edition)s has no question called %(id)s"), self.questions),
            "area": (_("edition %(edition)s has no area called %(id)s"), self.areas),
            "composite": (
                _("edition %(edition)s has no composite called %(id)s"),
                self.composites,
            ),
        }
        if (
            self.earlier is not None
            and isinstance(earlier_id, str)
            and earlier_id != self.earlier.id
        ):
            yield (
                "$.earlier_edition",
                reason(
                    _("names edition %(named)s but was checked against edition %(earlier)s"),
                    named=repr(earlier_id),
                    earlier=repr(self.earlier.id),
                ),
            )
        for what, (message, entries) in items.items():
            for place, item in entries:
                if "earlier" not in item:
                    continue
                if "earlier_edition" not in self.data:
                    yield (
                        child_path(place, "earlier"),
                        reason(
                            _('maps to an earlier edition, but the file names no "earlier_edition"')
                        ),
                    )
                    continue
                if self.earlier is None:
                    continue
                known = self.earlier_ids(what)
                for index, ref in enumerate(as_list(item.get("earlier"))):
                    if isinstance(ref, str) and ref not in known:
                        yield (
                            child_path(child_path(place, "earlier"), index),
                            reason(message, edition=repr(self.earlier.id), id=repr(ref)),
                        )

    def earlier_ids(self, what: str) -> set[str]:
        assert self.earlier is not None
        if what == "question":
            return {question.id for question in self.earlier.questions}
        return {area.id for area in self.earlier.areas} | {
            composite.id for composite in self.earlier.composites
        }


def check_dimensions(place: str, area: dict[str, Any]) -> Iterator[Problem]:
    """Check that an area's dimensions and its questions' ``dimension`` agree."""
    dimensions = [as_dict(dimension) for dimension in as_list(area.get("dimensions"))]
    ids = [dimension.get("id") for dimension in dimensions]
    used: set[str] = set()
    for index, question in enumerate(as_list(area.get("questions"))):
        question = as_dict(question)
        path = child_path(child_path(place, "questions"), index)
        named = question.get("dimension")
        if named is None:
            if dimensions and is_scored(question):
                yield (
                    path,
                    reason(
                        _('in an area with dimensions, a scored question names its "dimension"')
                    ),
                )
        elif not dimensions:
            yield (
                child_path(path, "dimension"),
                reason(_('the area has no "dimensions" for the question to name')),
            )
        elif named not in ids:
            yield (
                child_path(path, "dimension"),
                reason(_("the area has no dimension called %(id)s"), id=repr(named)),
            )
        elif is_scored(question):
            used.add(named)
    for index, dimension_id in enumerate(ids):
        if isinstance(dimension_id, str) and dimension_id not in used:
            yield (
                child_path(child_path(place, "dimensions"), index),
                reason(_("dimension %(id)s holds no scored question"), id=repr(dimension_id)),
            )


def is_scored(question: dict[str, Any]) -> bool:
    """Tell whether a question's data gives points to some answer."""
    if question.get("kind") == QuestionKind.YES_NO:
        return "points" in question
    options = as_list(question.get("options"))
    return any("points" in as_dict(option) for option in options) or bool(question.get("bands"))


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
