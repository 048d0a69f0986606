"""Lay out a response's questionnaire for people: areas, questions, answers, progress.

Progress counts the questions that apply to the city (the engine decides, from its
attributes and its other answers) and that earn points or ask for a fact.
"""

from fractions import Fraction
from typing import Any

from django.utils import formats
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from icc.accounts.actors import Actor
from icc.index import permissions
from icc.index.method import parts, scoring
from icc.index.method.parts import NUMERIC_KINDS, QuestionKind
from icc.index.method.rules import Several
from icc.index.method.scoring import QuestionStatus
from icc.index.models import Answer, AnswerReview, EvidenceFile, Response
from icc.index.services.answers import engine_answer
from icc.index.services.scores import member_for


def _language() -> str:
    return get_language() or "en"


def describe_value(question: parts.Question, value: Any) -> str:
    """Return an answer as a person reads it: option labels, a number or the text."""
    if value is None or value == "" or value == []:
        return _("(no answer)")
    language = _language()
    if isinstance(value, list):
        labels = []
        for option_id in value:
            option = question.option(str(option_id))
            labels.append(option.label.in_language(language) if option else str(option_id))
        return ", ".join(labels)
    if question.kind in (QuestionKind.SINGLE_CHOICE, QuestionKind.YES_NO):
        option = question.option(str(value))
        return option.label.in_language(language) if option else str(value)
    if question.kind in NUMERIC_KINDS and question.unit is not None:
        return f"{value} {question.unit.in_language(language)}"
    return str(value)


def choice_note(question: parts.Question) -> str:
    """Say in words the cap on the points of a question that takes several options."""
    if not question.takes_sets or question.cap is None:
        return ""
    if question.several == Several.CAPPED:
        return _(
            "The points of the options ticked count up to %(cap)s, the best option’s points."
        ) % {"cap": _points(question.cap)}
    return _("The points of the options ticked count up to %(cap)s.") % {
        "cap": _points(question.cap)
    }


def _points(value: Fraction) -> str:
    text = f"{float(value):.2f}".rstrip("0").rstrip(".")
    return text.replace(".", str(formats.get_format("DECIMAL_SEPARATOR")))


def _statuses(response: Response, answers: dict[str, Answer]) -> dict[str, QuestionStatus]:
    """Return each question's status for the city's current answers (applicability)."""
    method = response.round.edition.method
    engine = {}
    for question_id, answer in answers.items():
        try:
            value = engine_answer(method.question(question_id), answer.value)
        except KeyError:
            continue
        if value is not None:
            engine[question_id] = value
    try:
        result = scoring.score_member(method, member_for(response.city), engine)
    except scoring.ScoringError:
        return {}
    return {question_id: q.status for question_id, q in result.questions.items()}


def _counts(question: parts.Question, status: QuestionStatus | None) -> bool:
    return status != QuestionStatus.NOT_APPLICABLE


def progress_by_area(response: Response) -> list[dict[str, Any]]:
    """Return, per area, the title, how many applicable questions are answered, and the total."""
    method = response.round.edition.method
    answers = {a.question_id: a for a in response.answers.all()}
    statuses = _statuses(response, answers)
    language = _language()
    rows = []
    for area in method.areas:
        applicable = [q for q in area.questions if _counts(q, statuses.get(q.id))]
        answered = sum(1 for q in applicable if q.id in answers and answers[q.id].is_answered)
        total = len(applicable)
        rows.append(
            {
                "id": area.id,
                "title": area.title.in_language(language),
                "is_optional": area.is_optional,
                "answered": answered,
                "total": total,
                "percent": round(100 * answered / total) if total else 100,
            }
        )
    return rows


def area_pages(response: Response, user: Actor) -> list[dict[str, Any]]:
    """Return every area with its questions laid out for the answer form and the review."""
    method = response.round.edition.method
    language = _language()
    answers = {a.question_id: a for a in response.answers.select_related("updated_by")}
    files: dict[int, list[EvidenceFile]] = {}
    for evidence in EvidenceFile.objects.filter(answer__response=response):
        files.setdefault(evidence.answer_id, []).append(evidence)
    reviews: dict[int, list[AnswerReview]] = {}
    for review in AnswerReview.objects.filter(answer__response=response).select_related(
        "reviewer", "replied_by"
    ):
        reviews.setdefault(review.answer_id, []).append(review)
    statuses = _statuses(response, answers)
    progress = {row["id"]: row for row in progress_by_area(response)}
    pages = []
    for area in method.areas:
        questions = []
        for number, question in enumerate(area.questions, start=1):
            answer = answers.get(question.id)
            value = answer.value if answer else None
            chosen = set(value) if isinstance(value, list) else {value}
            questions.append(
                {
                    "id": question.id,
                    "number": number,
                    "text": question.text.in_language(language),
                    "help": question.help.in_language(language) if question.help else "",
                    "unit": question.unit.in_language(language) if question.unit else "",
                    "kind": question.kind.value,
                    "data": question.data.value,
                    "is_numeric": question.kind in NUMERIC_KINDS,
                    "takes_sets": question.takes_sets,
                    "choice_note": choice_note(question),
                    "is_applicable": statuses.get(question.id) != QuestionStatus.NOT_APPLICABLE,
                    "options": [
                        {
                            "id": o.id,
                            "label": o.label.in_language(language),
                            "checked": o.id in chosen,
                        }
                        for o in question.options
                    ],
                    "value": "" if value is None or isinstance(value, list) else value,
                    "display": describe_value(question, value),
                    "answer": answer,
                    "version": answer.version if answer else 0,
                    "evidence_text": answer.evidence_text if answer else "",
                    "evidence_links": "\n".join(answer.evidence_links) if answer else "",
                    "files": files.get(answer.pk, []) if answer else [],
                    "reviews": reviews.get(answer.pk, []) if answer else [],
                    # The service's own rule: during the right of reply, queried answers only.
                    "can_change": permissions.can_change_answer(user, response, answer),
                }
            )
        pages.append(
            {
                "id": area.id,
                "title": area.title.in_language(language),
                "description": area.description.in_language(language) if area.description else "",
                "is_optional": area.is_optional,
                "questions": questions,
                "progress": progress[area.id],
            }
        )
    return pages
