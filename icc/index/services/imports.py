"""Import a whole city's answers from CSV (the secretariat): everything or nothing."""

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy

from icc.accounts.actors import Actor
from icc.index import permissions
from icc.index.method import parts
from icc.index.method.parts import MULTIPLE_CHOICE_SEPARATOR
from icc.index.method.reasons import reason
from icc.index.method.tables import CellError, TableError, no_question, read_text_rows
from icc.index.models import (
    Response,
    Round,
)
from icc.index.services.answers import clean_answer, save_answers, start_response
from icc.index.services.guards import allow
from icc.network.models import City

IMPORT_COLUMNS = ("question", "answer")
IMPORT_OPTIONAL_COLUMNS = ("evidence", "links")
# The column of the file that holds each part of an answer.
COLUMN_OF = {"value": "answer", "evidence_text": "evidence", "evidence_links": "links"}


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
        cell = cells["answer"]
        chosen = [part.strip() for part in cell.split(MULTIPLE_CHOICE_SEPARATOR) if part.strip()]
        fields: dict[str, Any] = {"value": chosen if question.takes_sets else cell}
        if "evidence" in cells:
            fields["evidence_text"] = cells["evidence"]
        if "links" in cells:
            fields["evidence_links"] = cells["links"].split()
        # The service's own cleaning, run here to place each problem by row and column.
        try:
            clean_answer(question, fields)
        except ValidationError as error:
            for part, messages in error.message_dict.items():
                errors.append(CellError(name, number, COLUMN_OF[part], "; ".join(messages)))
        rows.append((question_id, fields))
    return rows, errors


@transaction.atomic
def import_answers_csv(
    index_round: Round,
    city: City,
    text: str,
    *,
    imported_by: Actor | None,
    name: str = "answers.csv",
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
    # Frozen answers, the person and the activity log: the one answer-writing service.
    written = save_answers(response, dict(rows), saved_by=imported_by, source="import")
    return ImportReport(response=response, answers_written=written)
