"""Describe one edition of the Index questionnaire as data, and load it from a checked file.

An edition is everything needed to score answers: areas and their questions,
answer options with points, weights, composite areas, the overall score,
applicability rules, how unanswered questions count, and the mapping of its
questions to an earlier edition. The file format is documented in
docs/index-format.md and described by schema/edition.schema.json.

``load_edition`` checks a file completely and raises ``EditionError`` with
every problem found; a file with any problem loads nothing.

The data classes live in ``icc.index.method.parts``, the JSON Schema check in
``icc.index.method.schema`` and the checks beyond the schema in ``icc.index.method.checks``.
"""

import json
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from django.utils.translation import gettext_lazy as _

from icc.index.method.checks import (
    EditionChecks,
    exact,
    number,
)
from icc.index.method.parts import (
    NO_LABEL,
    UNIT_WEIGHT,
    YES_LABEL,
    AnswerRule,
    Area,
    Band,
    Composite,
    DataKind,
    Dimension,
    LevelRule,
    MemberRule,
    Method,
    Option,
    Part,
    Question,
    QuestionKind,
    Requirement,
    Rule,
    Text,
    Unanswered,
    Weight,
)
from icc.index.method.reasons import Reason, reason
from icc.index.method.rules import (
    DEFAULT_ROUNDING,
    EmptyGroup,
    MaximumOf,
    Rounding,
    RoundingRule,
    RoundingTime,
    ScoringRules,
    Several,
)
from icc.index.method.schema import Schema, child_path

FORMAT = "icc-index-edition/1"
SCHEMA_PATH = Path(__file__).parent.parent / "schema" / "edition.schema.json"
EDITIONS_DIR = Path(__file__).parent.parent / "editions"
YAML_SUFFIXES = frozenset({".yaml", ".yml"})
JSON_SUFFIXES = frozenset({".json"})
FILE_SUFFIXES = JSON_SUFFIXES | YAML_SUFFIXES
# The titles of schema/edition.schema.json, which problems quote ("must be a text in
# English and French"): marked here so that the catalogue holds them; a test keeps this
# list and the schema file in step.
SCHEMA_TITLES = (
    _("One edition of the Intercultural Cities Index questionnaire"),
    _('the format name "icc-index-edition/1"'),
    _(
        "an identifier (lower-case letters, digits, '.', '_' or '-', starting with a letter "
        "or a digit, at most 64 characters)"
    ),
    _("a member attribute name (lower-case letters, digits and '_', starting with a letter)"),
    _("a non-blank text"),
    _("a text in English and French"),
    _("a number of points"),
    _("a number above zero"),
    _('weights by member attribute ({"by": ..., "values": {...}, "default": ...})'),
    _("how an unanswered question counts"),
    _("a question kind"),
    _("a kind of data"),
    _('a rule on the member ({"members": {attribute: [values]}})'),
    _('a rule on another answer ({"answer": {"question": ..., "in": [...]}})'),
)


# An edition is areas, questions, options and rules: a dozen levels at most. Deeper
# nesting is a mistake or an attack, and past a few hundred levels the parsers recurse
# until Python gives up.
MAX_EDITION_DEPTH = 32


class AliasRefused(yaml.MarkedYAMLError):
    """A YAML alias (``*name``) in an edition file."""


class TooDeep(yaml.MarkedYAMLError):
    """YAML nested deeper than ``MAX_EDITION_DEPTH``."""


class EditionYamlLoader(yaml.SafeLoader):
    """Read YAML as JSON data: only ``true`` and ``false`` are booleans, and no text is a date.

    YAML 1.1 reads ``yes``, ``no``, ``on`` and ``off`` as booleans (so the points of a
    yes/no question, ``{yes: 1, no: 0}``, would lose their keys) and ``2019-01-01`` as a
    date, which JSON cannot hold. Aliases are refused: JSON has none, and a few hundred
    bytes of nested aliases ("billion laughs") expand to billions of values.
    """

    def compose_node(self, parent: Any, index: Any) -> Any:
        """Compose the next node, refusing an alias or a node nested too deep, early."""
        if self.check_event(yaml.AliasEvent):
            raise AliasRefused(problem="alias", problem_mark=self.peek_event().start_mark)
        # Composing recurses once per level: stopping at the limit keeps a deep file cheap.
        self.depth = getattr(self, "depth", 0) + 1
        try:
            if self.depth > MAX_EDITION_DEPTH:
                raise TooDeep(problem="depth", problem_mark=self.peek_event().start_mark)
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


EditionYamlLoader.yaml_implicit_resolvers = {
    first: [
        (tag, pattern)
        for tag, pattern in resolvers
        if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp")
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
EditionYamlLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|false)$"), list("tf")
)


@dataclass(frozen=True)
class FormatError:
    """One problem in an edition file: which file, where in it (a JSON path), and why.

    The reason renders in the language active when it is shown.
    """

    file: str
    path: str
    reason: Reason

    def __str__(self) -> str:
        return f"{self.file}: {self.path}: {self.reason}"


class EditionError(Exception):
    """An edition file that cannot be loaded, with every problem found in it."""

    def __init__(self, errors: list[FormatError]) -> None:
        self.errors = errors
        super().__init__(errors)

    def __str__(self) -> str:
        # Rendered when read, in the language active then.
        return "\n".join(str(error) for error in self.errors)


def read_edition_text(text: str, *, name: str) -> Any:
    """Decode an edition file's text: YAML when ``name`` ends in .yaml or .yml, else JSON.

    Raises ``EditionError`` with the place of a syntax error, or of every value that
    JSON cannot hold (a key that is not a text, a date, an infinite number …).
    """
    too_deep = reason(_("nested more than %(depth)s levels deep"), depth=MAX_EDITION_DEPTH)
    if Path(name).suffix.lower() not in YAML_SUFFIXES:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise EditionError([FormatError(name, "$", not_valid_json(error))]) from None
        except RecursionError:
            raise EditionError([FormatError(name, "$", too_deep)]) from None
        if nesting_depth(data) > MAX_EDITION_DEPTH:
            raise EditionError([FormatError(name, "$", too_deep)])
        return data
    try:
        data = yaml.load(text, Loader=EditionYamlLoader)  # noqa: S506 - a safe loader
    except AliasRefused as error:
        mark = error.problem_mark
        problem = reason(
            _("YAML aliases (*name) are not allowed (line %(line)s, column %(column)s)"),
            line=mark.line + 1 if mark else 0,
            column=mark.column + 1 if mark else 0,
        )
        raise EditionError([FormatError(name, "$", problem)]) from None
    except (TooDeep, RecursionError):
        raise EditionError([FormatError(name, "$", too_deep)]) from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        problem = (
            reason(
                _("not valid YAML: %(error)s (line %(line)s, column %(column)s)"),
                error=error.problem,
                line=mark.line + 1,
                column=mark.column + 1,
            )
            if mark
            else reason(_("not valid YAML: %(error)s"), error=error.problem)
        )
        raise EditionError([FormatError(name, "$", problem)]) from None
    except yaml.YAMLError as error:
        problem = reason(_("not valid YAML: %(error)s"), error=str(error))
        raise EditionError([FormatError(name, "$", problem)]) from None
    if nesting_depth(data) > MAX_EDITION_DEPTH:
        raise EditionError([FormatError(name, "$", too_deep)])
    problems = [FormatError(name, path, reason) for path, reason in not_json(data, "$")]
    if problems:
        raise EditionError(problems)
    return data


def nesting_depth(data: Any) -> int:
    """Return how many lists and mappings deep ``data`` goes, without recursing."""
    deepest = 0
    pending = [(data, 1)]
    while pending:
        value, depth = pending.pop()
        if isinstance(value, dict):
            children: Any = value.values()
        elif isinstance(value, list):
            children = value
        else:
            continue
        deepest = max(deepest, depth)
        pending.extend((child, depth + 1) for child in children)
    return deepest


def not_valid_json(error: json.JSONDecodeError) -> Reason:
    """Say where a JSON text breaks the syntax (the parser's own words stay in English)."""
    return reason(
        _("not valid JSON: %(error)s (line %(line)s, column %(column)s)"),
        error=error.msg,
        line=error.lineno,
        column=error.colno,
    )


def not_json(value: Any, path: str) -> Iterator[tuple[str, Reason]]:
    """Yield (path, reason) for every value in decoded YAML that JSON cannot hold."""
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                yield (
                    path,
                    reason(_("the key %(key)s must be a text (write it in quotes)"), key=repr(key)),
                )
            else:
                yield from not_json(item, child_path(path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from not_json(item, child_path(path, index))
    elif isinstance(value, float) and not math.isfinite(value):
        yield path, reason(_("%(value)s is not a finite number"), value=str(value))
    elif value is not None and not isinstance(value, str | int | float | bool):
        yield (
            path,
            reason(_("a %(type)s value cannot be part of an edition"), type=type(value).__name__),
        )


def load_edition(path: Path | str, *, earlier: Method | None = None) -> Method:
    """Read, check and return the edition in the JSON (or YAML) file at ``path``.

    When ``earlier`` is given, the file's mapping to an earlier edition is also
    checked against it. Raises ``EditionError`` listing every problem; nothing
    is returned unless the whole file is correct.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
        if path.suffix.lower() in YAML_SUFFIXES:
            data = read_edition_text(text, name=str(path))
        else:
            data = json.loads(text, parse_float=Decimal)
    except UnicodeDecodeError as error:
        problem = reason(_("not UTF-8 text: %(error)s"), error=str(error))
        raise EditionError([FormatError(str(path), "$", problem)]) from None
    except json.JSONDecodeError as error:
        raise EditionError([FormatError(str(path), "$", not_valid_json(error))]) from None
    return edition_from_data(data, file=str(path), earlier=earlier)


def load_shipped_edition(edition_id: str) -> Method:
    """Load one of the editions shipped with the platform, such as "v1" or "2019"."""
    path = EDITIONS_DIR / f"{edition_id}.json"
    earlier_id = json.loads(path.read_text(encoding="utf-8")).get("earlier_edition")
    earlier = load_shipped_edition(earlier_id) if earlier_id else None
    return load_edition(path, earlier=earlier)


@cache
def edition_schema() -> Schema:
    """Return the JSON Schema of the edition format."""
    return Schema.from_file(SCHEMA_PATH)


def edition_from_data(data: Any, *, file: str = "<data>", earlier: Method | None = None) -> Method:
    """Check decoded JSON ``data`` completely and build the edition it describes.

    Raises ``EditionError`` listing every problem, each placed in ``file``.
    """
    problems = [(failure.path, failure.reason) for failure in edition_schema().check(data)]
    problems += list(EditionChecks(data, earlier).problems())
    if problems:
        raise EditionError([FormatError(file, path, reason) for path, reason in problems])
    return build_edition(data)


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


def build_rules(data: dict[str, Any]) -> ScoringRules:
    rounding = data.get("rounding", {})
    return ScoringRules(
        rounding=Rounding(
            rule=RoundingRule(rounding.get("rule", RoundingRule.HALF_UP)),
            places=int(rounding.get("places", DEFAULT_ROUNDING.places)),
            at=RoundingTime(rounding.get("at", RoundingTime.END)),
        ),
        negative_points=data.get("negative_points", False),
        maximum=MaximumOf(data.get("maximum", MaximumOf.MEMBER)),
        empty_area=EmptyGroup(data.get("empty_area", EmptyGroup.NO_SCORE)),
        raw_percent=data.get("raw_percent", False),
    )


def build_level(data: dict[str, Any]) -> LevelRule:
    return LevelRule(
        id=data["id"],
        title=build_text(data["title"]),
        min_score=number(data.get("min_score")),
        requires=tuple(
            Requirement(requirement["question"], frozenset(requirement["in"]))
            for requirement in data.get("requires", ())
        ),
    )


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
            Option(
                option["id"],
                build_text(option["label"]),
                number(option.get("points")),
                not_applicable=option.get("not_applicable", False),
            )
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
        several=Several(data["several"]) if "several" in data else None,
        maximum_only=data.get("maximum_only", False),
        dimension=data.get("dimension"),
    )


def build_parts(data: list[dict[str, Any]]) -> tuple[Part, ...]:
    return tuple(Part(part["part"], build_weight(part.get("weight"))) for part in data)


def build_edition(data: dict[str, Any]) -> Method:
    """Build an edition from data that has passed every check."""
    unanswered = Unanswered(data.get("unanswered", Unanswered.ZERO))
    return Method(
        id=data["id"],
        title=build_text(data["title"]),
        description=build_optional_text(data.get("description")),
        weights_note=build_optional_text(data.get("weights_note")),
        earlier_edition=data.get("earlier_edition"),
        optional_areas_counted=data.get("optional_areas_counted", False),
        rules=build_rules(data.get("scoring", {})),
        levels=tuple(build_level(level) for level in data.get("levels", ())),
        areas=tuple(
            Area(
                id=area["id"],
                title=build_text(area["title"]),
                description=build_optional_text(area.get("description")),
                is_optional=area.get("optional", False),
                earlier=tuple(area.get("earlier", ())),
                dimensions=tuple(
                    Dimension(
                        id=dimension["id"],
                        title=build_text(dimension["title"]),
                        description=build_optional_text(dimension.get("description")),
                        weight=build_weight(dimension.get("weight")),
                    )
                    for dimension in area.get("dimensions", ())
                ),
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
