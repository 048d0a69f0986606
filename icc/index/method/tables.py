"""Read members and answers from CSV tables, and write members' scores as CSV or JSON.

The formats are documented in docs/index-format.md. Reading checks the whole
file and raises ``TableError`` with every problem, placed by row and column;
nothing is returned from a file with any problem.
"""

import csv
import io
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from icc.core.exports import CsvDictWriter
from icc.index.method.parts import MEMBER_ID_ATTRIBUTE, Answer, MemberRule, Method
from icc.index.method.reasons import Reason, reason
from icc.index.method.rules import DEFAULT_ROUNDING, Rounding
from icc.index.method.scoring import (
    GroupResult,
    Level,
    Member,
    MemberResult,
    QuestionResult,
)

ANSWER_COLUMNS = ("member", "question", "answer")
RESULT_COLUMNS = (
    "member",
    "level",
    "id",
    "status",
    "score",
    "raw",
    "raw_max",
    "weighted",
    "weighted_max",
)
RAW_PERCENT_COLUMN = "raw_percent"


def result_columns(edition: Method) -> tuple[str, ...]:
    """Return the columns of the results: ``raw_percent`` too when the edition asks for it."""
    return (*RESULT_COLUMNS, RAW_PERCENT_COLUMN) if edition.rules.raw_percent else RESULT_COLUMNS


ATTRIBUTE_NAME = re.compile(r"[a-z][a-z0-9_]*")


@dataclass(frozen=True)
class CellError:
    """One problem in a CSV file: the file, the row (the header is row 1), the column, why.

    The reason is a ``Reason``, rendered in the language active when it is shown, or a
    text already translated (a ``ValidationError`` message).
    """

    file: str
    row: int
    column: str | None
    reason: Reason | str

    def __str__(self) -> str:
        column = f", column {self.column}" if self.column else ""
        return f"{self.file}, row {self.row}{column}: {self.reason}"


class TableError(Exception):
    """A CSV file that cannot be used, with every problem found in it."""

    def __init__(self, errors: list[CellError]) -> None:
        self.errors = errors
        super().__init__(errors)

    def __str__(self) -> str:
        # Rendered when read, in the language active then.
        return "\n".join(str(error) for error in self.errors)


@dataclass(frozen=True)
class AnswerSheet:
    """The members to score, in order, and each member's answers (question id → answer)."""

    members: list[Member]
    answers: dict[str, dict[str, Answer]]


def attributes_read_by(edition: Method) -> set[str]:
    """Return the member attributes that the edition's rules and weights look at."""
    names: set[str] = set()
    weights = [question.weight for question in edition.questions]
    weights += [part.weight for part in edition.overall]
    weights += [part.weight for composite in edition.composites for part in composite.parts]
    names.update(weight.by for weight in weights if weight.by is not None)
    for question in edition.questions:
        for rule in question.not_applicable_when:
            if isinstance(rule, MemberRule):
                names.update(rule.values)
    return names - {MEMBER_ID_ATTRIBUTE}


def read_rows(path: Path, errors: list[CellError]) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (row number, cells by column) for each data row, recording shape problems."""
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        problem = reason(_("not UTF-8 text (%(error)s)"), error=error.reason)
        errors.append(CellError(name, 1, None, problem))
        return
    yield from read_text_rows(text, name, errors)


def read_text_rows(
    text: str, name: str, errors: list[CellError]
) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (row number, cells by column) from CSV ``text``, as ``read_rows`` does."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
        if header is None:
            problem = reason(_("the file is empty: row 1 must name the columns"))
            errors.append(CellError(name, 1, None, problem))
            return
        header = [cell.strip() for cell in header]
        for column in {column for column in header if header.count(column) > 1}:
            problem = reason(_("this column appears more than once"))
            errors.append(CellError(name, 1, column, problem))
        yield 1, dict(zip(header, header, strict=True))
        for number, cells in enumerate(reader, start=2):
            if not any(cell.strip() for cell in cells):
                continue
            if len(cells) != len(header):
                message = ngettext_lazy(
                    "the row has %(count)s cell, the header has %(columns)s",
                    "the row has %(count)s cells, the header has %(columns)s",
                    "count",
                )
                problem = reason(message, count=len(cells), columns=len(header))
                errors.append(CellError(name, number, None, problem))
                continue
            yield number, {column: cell.strip() for column, cell in zip(header, cells, strict=True)}
    except csv.Error as error:
        problem = reason(_("not valid CSV: %(error)s"), error=str(error))
        errors.append(CellError(name, reader.line_num, None, problem))


def read_members(path: Path, edition: Method) -> list[Member]:
    """Read the members file: a ``member`` column, then one column per attribute.

    Every attribute the edition reads must have a column. Raises ``TableError``.
    """
    errors: list[CellError] = []
    members: list[Member] = []
    rows_of: dict[str, int] = {}
    name = str(path)
    rows = read_rows(path, errors)
    header = next(rows, None)
    if header is not None:
        columns = list(header[1])
        if "member" not in columns:
            problem = reason(_('the column "member" is missing'))
            errors.append(CellError(name, 1, None, problem))
        for column in columns:
            if column != "member" and not ATTRIBUTE_NAME.fullmatch(column):
                problem = reason(
                    _("an attribute name is written in lower-case letters, digits and '_'")
                )
                errors.append(CellError(name, 1, column, problem))
        for missing in sorted(attributes_read_by(edition) - set(columns)):
            problem = reason(
                _("the edition reads the attribute %(name)s: add a column %(name)s"),
                name=repr(missing),
            )
            errors.append(CellError(name, 1, None, problem))
        for row, cells in rows:
            member_id = cells.get("member", "")
            if not member_id:
                problem = reason(_("the member id is empty"))
                errors.append(CellError(name, row, "member", problem))
            elif member_id in rows_of:
                problem = reason(
                    _("member %(member)s is already listed in row %(row)s"),
                    member=repr(member_id),
                    row=rows_of[member_id],
                )
                errors.append(CellError(name, row, "member", problem))
            else:
                rows_of[member_id] = row
                attributes = {
                    key: value for key, value in cells.items() if key != "member" and value
                }
                members.append(Member(member_id, attributes))
    if errors:
        raise TableError(errors)
    return members


def read_answers(path: Path, edition: Method, members: list[Member] | None = None) -> AnswerSheet:
    """Read the answers file: one row per member and question, columns ``member,question,answer``.

    Without ``members``, the members are those named in the file, in order of
    first appearance, with no attributes. Raises ``TableError``.
    """
    errors: list[CellError] = []
    name = str(path)
    known = {member.id: member for member in members} if members is not None else None
    found: dict[str, Member] = {}
    answers: dict[str, dict[str, Answer]] = {}
    rows_of: dict[tuple[str, str], int] = {}
    rows = read_rows(path, errors)
    header = next(rows, None)
    if header is not None:
        columns = list(header[1])
        for column in ANSWER_COLUMNS:
            if column not in columns:
                problem = reason(_("the column %(column)s is missing"), column=repr(column))
                errors.append(CellError(name, 1, None, problem))
        for column in columns:
            if column not in ANSWER_COLUMNS:
                problem = reason(
                    _("unknown column (the columns are %(columns)s)"),
                    columns=", ".join(ANSWER_COLUMNS),
                )
                errors.append(CellError(name, 1, column, problem))
        if any(column not in columns for column in ANSWER_COLUMNS):
            rows = iter(())
        for row, cells in rows:
            member_id, question_id, cell = cells["member"], cells["question"], cells["answer"]
            if not member_id:
                problem = reason(_("the member id is empty"))
                errors.append(CellError(name, row, "member", problem))
            elif known is not None and member_id not in known:
                problem = reason(_("%(member)s is not in the members file"), member=repr(member_id))
                errors.append(CellError(name, row, "member", problem))
            else:
                found.setdefault(member_id, Member(member_id))
            try:
                question = edition.question(question_id)
            except KeyError:
                errors.append(CellError(name, row, "question", no_question(edition, question_id)))
                continue
            earlier_row = rows_of.get((member_id, question_id))
            if earlier_row is not None:
                problem = reason(
                    _("%(member)s already answered %(question)s in row %(row)s"),
                    member=repr(member_id),
                    question=repr(question_id),
                    row=earlier_row,
                )
                errors.append(CellError(name, row, "question", problem))
                continue
            rows_of[(member_id, question_id)] = row
            if not cell:
                continue
            try:
                answers.setdefault(member_id, {})[question_id] = question.parse_answer(cell)
            except ValueError as error:
                errors.append(CellError(name, row, "answer", error.args[0]))
    if errors:
        raise TableError(errors)
    return AnswerSheet(members if members is not None else list(found.values()), answers)


def no_question(edition: Method, question_id: str) -> Reason:
    """Say that the edition has no question called ``question_id``."""
    return reason(
        _("edition %(edition)s has no question %(question)s"),
        edition=edition.id,
        question=repr(question_id),
    )


def number_cell(value: Fraction | None, rounding: Rounding = DEFAULT_ROUNDING) -> str:
    """Format an exact value for a CSV cell, rounded for display; empty when there is none."""
    return "" if value is None else str(rounding.round(value))


def result_rows(result: MemberResult, edition: Method) -> Iterator[dict[str, Any]]:
    """Yield one record per level of a member's result.

    The overall score, composites, areas, dimensions (when the edition has any) and
    questions; each with its raw percentage when the edition asks for it.
    """
    raw_percent = edition.rules.raw_percent
    groups: list[GroupResult] = [result.overall]
    groups += [result.composites[composite.id] for composite in edition.composites]
    groups += [result.areas[area.id] for area in edition.areas]
    groups += [result.dimensions[dimension.id] for dimension in edition.dimensions]
    for group in groups:
        record = {
            "member": result.member.id,
            "level": group.level.value,
            "id": group.id,
            "status": group.status.value,
            "score": group.score,
            "raw": group.raw if group.score is not None else None,
            "raw_max": group.raw_max if group.score is not None else None,
            "weighted": group.weighted if group.score is not None else None,
            "weighted_max": group.weighted_max if group.score is not None else None,
        }
        if raw_percent:
            record[RAW_PERCENT_COLUMN] = group.raw_percent
        yield record
    for question in edition.questions:
        outcome: QuestionResult = result.questions[question.id]
        record = {
            "member": result.member.id,
            "level": Level.QUESTION.value,
            "id": outcome.id,
            "status": outcome.status.value,
            "score": outcome.score,
            "raw": outcome.points,
            "raw_max": outcome.max_points,
            "weighted": outcome.weighted,
            "weighted_max": outcome.weight,
        }
        if raw_percent:
            record[RAW_PERCENT_COLUMN] = outcome.score
        yield record


def results_as_csv(results: Iterable[MemberResult], edition: Method) -> str:
    """Return every member's scores as CSV text, one row per member and level."""
    buffer = io.StringIO()
    writer = CsvDictWriter(buffer, fieldnames=result_columns(edition), lineterminator="\n")
    writer.writeheader()
    for result in results:
        for record in result_rows(result, edition):
            writer.writerow(
                {
                    key: number_cell(value, edition.rules.rounding)
                    if isinstance(value, Fraction) or value is None
                    else value
                    for key, value in record.items()
                }
            )
    return buffer.getvalue()


def json_number(value: Fraction | None, rounding: Rounding = DEFAULT_ROUNDING) -> float | None:
    """Round an exact value for display and return it as a JSON number."""
    # A two-decimal Decimal survives the trip through float: repr gives back its digits.
    return None if value is None else float(rounding.round(value))


def results_as_json(results: Iterable[MemberResult], edition: Method) -> str:
    """Return every member's scores as JSON text (see docs/index-format.md)."""
    rounding = edition.rules.rounding
    members = []
    for result in results:
        entry: dict[str, Any] = {"member": result.member.id}
        sections: dict[str, dict[str, Any]] = {"composites": {}, "areas": {}}
        if edition.dimensions:
            sections["dimensions"] = {}
        sections["questions"] = {}
        for record in result_rows(result, edition):
            node = {
                key: json_number(value, rounding) if key not in ("status",) else value
                for key, value in record.items()
                if key not in ("member", "level", "id")
            }
            level = record["level"]
            if level == Level.OVERALL:
                entry["overall"] = node
            else:
                sections[f"{level}s"][record["id"]] = node
        with_parts = [result.overall, *result.composites.values()]
        with_parts += [result.areas[area.id] for area in edition.areas if area.dimensions]
        for group in with_parts:
            target = (
                entry["overall"]
                if group.level == Level.OVERALL
                else sections[f"{group.level}s"][group.id]
            )
            target["contributions"] = {
                ref: json_number(value, rounding) for ref, value in group.contributions.items()
            }
        entry.update(sections)
        if edition.levels:
            entry["level"] = result.level
            entry["levels"] = {
                level.id: {
                    "reached": level.reached,
                    "score_met": level.score_met,
                    "unmet": list(level.unmet),
                }
                for level in result.levels
            }
        members.append(entry)
    document = {
        "edition": edition.id,
        "rounding": rounding.describe(),
        "members": members,
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
