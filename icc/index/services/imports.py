"""Import a whole city's answers from CSV (the secretariat): everything or nothing."""

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from icc.core.activity import record_activity
from icc.index import permissions
from icc.index.method import parts
from icc.index.method.parts import QuestionKind
from icc.index.method.reasons import reason
from icc.index.method.tables import CellError, TableError, no_question, read_text_rows
from icc.index.models import (
    Response,
    Round,
)
from icc.index.services.answers import clean_links, save_answers, start_response, stored_value
from icc.index.services.guards import allow, require
from icc.network.models import City

IMPORT_COLUMNS = ("question", "answer")
IMPORT_OPTIONAL_COLUMNS = ("evidence", "links")


@dataclass(frozen=True)
class ImportReport:
    """What an import did: the response and how many answers it wrote."""

    response: Response
    answers_written: int


def _parse_import(
    text: str, name: str, method: parts.Method
) -> tuple[list[tuple[str, dict[str, Any]]], list[CellError]]:
    errors: list[CellError] = []
    rows: list[tuple[str, dict[str, Any]]] = []
    seen: dict[str, int] = {}
    header_checked = False
    for number, cells in read_text_rows(text, name, errors):
        if number == 1:
            columns = list(cells)
            for column in IMPORT_COLUMNS:
                if column not in columns:
                    problem = reason(gettext_lazy("this column is missing"))
                    errors.append(CellError(name, 1, column, problem))
            for column in columns:
                if column not in IMPORT_COLUMNS + IMPORT_OPTIONAL_COLUMNS:
                    problem = reason(
                        gettext_lazy("unknown column (known: %(known)s)"),
                        known=", ".join(IMPORT_COLUMNS + IMPORT_OPTIONAL_COLUMNS),
                    )
                    errors.append(CellError(name, 1, column, problem))
            header_checked = not errors
            continue
        if not header_checked:
            break
        question_id = cells["question"]
        try:
            question = method.question(question_id)
        except KeyError:
            errors.append(CellError(name, number, "question", no_question(method, question_id)))
            continue
        if question_id in seen:
            problem = reason(gettext_lazy("already answered on row %(row)s"), row=seen[question_id])
            errors.append(CellError(name, number, "question", problem))
            continue
        seen[question_id] = number
        fields: dict[str, Any] = {}
        cell = cells["answer"]
        if question.kind == QuestionKind.MULTIPLE_CHOICE:
            raw: Any = [part.strip() for part in cell.split("|") if part.strip()]
        else:
            raw = cell
        try:
            fields["value"] = stored_value(question, raw)
        except ValidationError as error:
            errors.append(CellError(name, number, "answer", "; ".join(error.messages)))
        if "evidence" in cells:
            fields["evidence_text"] = cells["evidence"]
        if "links" in cells:
            try:
                fields["evidence_links"] = clean_links(cells["links"].split())
            except ValidationError as error:
                errors.append(CellError(name, number, "links", "; ".join(error.messages)))
        rows.append((question_id, fields))
    return rows, errors


@transaction.atomic
def import_answers_csv(
    index_round: Round, city: City, text: str, *, imported_by: Any, name: str = "answers.csv"
) -> ImportReport:
    """Import a whole city's answers from CSV (the secretariat).

    Columns: ``question``, ``answer`` (options of a multiple choice joined by ``|``;
    an empty cell clears the answer) and optionally ``evidence`` and ``links``
    (web addresses separated by spaces). Raises ``TableError`` with every problem by
    row and column; then nothing is imported.
    """
    allow(imported_by, permissions.can_manage_rounds(imported_by))
    rows, errors = _parse_import(text.lstrip("\ufeff"), name, index_round.edition.method)
    if errors:
        raise TableError(errors)
    response = start_response(index_round, city, started_by=imported_by)
    require(
        response.status not in (Response.Status.VALIDATED, Response.Status.PUBLISHED),
        _("The answers are validated and can no longer change."),
    )
    written = save_answers(response, dict(rows), saved_by=imported_by, source="import")
    record_activity(
        imported_by,
        "index.answers.imported",
        response,
        about=city,
        changes={"rows": (None, len(rows))},
    )
    return ImportReport(response=response, answers_written=written)
