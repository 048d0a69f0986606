"""The barometer's instrument: an edition file in the Index format, scored by the Index engine.

The editions live in ``icc/barometer/editions/``; ``icc.index.method`` loads, checks and
scores them with the same code as the Index (decision 0053). A company's score per
dimension is the engine's dimension score; its overall score the engine's overall score.
"""

from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from functools import cache
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from icc.index.method.loader import load_edition
from icc.index.method.parts import NUMERIC_KINDS, Answer, Method, Question, QuestionKind
from icc.index.method.scoring import Member, score_member

EDITIONS_DIR = Path(__file__).resolve().parent / "editions"
CURRENT_EDITION = "barometer-2026"
OVERALL = "overall"
MAX_NUMBER_DIGITS = 12


def edition_ids() -> list[str]:
    """Return the ids of the instrument's editions shipped with the platform."""
    return sorted(path.stem for path in EDITIONS_DIR.glob("*.json"))


@cache
def edition(edition_id: str = CURRENT_EDITION) -> Method:
    """Return the edition called ``edition_id``, loaded and checked by the Index loader."""
    if edition_id not in edition_ids():
        raise KeyError(edition_id)
    return load_edition(EDITIONS_DIR / f"{edition_id}.json")


def dimensions(method: Method) -> list[tuple[str, str]]:
    """Return ``[(dimension id, title in the active language), …]`` in the file's order."""
    from django.utils.translation import get_language

    language = get_language() or "en"
    return [
        (dimension.id, dimension.title.in_language(language)) for dimension in method.dimensions
    ]


def score_keys(method: Method) -> list[str]:
    """Return what a response's scores hold: every dimension id, then ``overall``."""
    return [dimension.id for dimension in method.dimensions] + [OVERALL]


def stored_value(question: Question, raw: Any) -> Any:
    """Turn a typed value into its stored form (None: unanswered), or raise ``ValidationError``.

    The Index engine's own check (``Question.check_answer``) decides what is valid.
    """
    if raw is None or raw == "" or raw == []:
        return None
    try:
        if question.takes_sets:
            chosen = [raw] if isinstance(raw, str) else list(raw)
            answer: Answer = frozenset(str(option) for option in chosen if str(option).strip())
            question.check_answer(answer)
            return sorted(answer)
        if question.kind in NUMERIC_KINDS:
            text = str(raw).strip().replace(",", ".")
            if len(text) > MAX_NUMBER_DIGITS:
                raise ValueError(_("This number is too long."))
            number = Fraction(Decimal(text))
            if question.kind == QuestionKind.PERCENTAGE and not 0 <= number <= 100:
                raise ValueError(_("A percentage is between 0 and 100."))
            question.check_answer(number)
            return str(Decimal(text))
        if question.kind == QuestionKind.FREE_TEXT:
            return str(raw)[:2000]
        question.check_answer(str(raw))
        return str(raw)
    except (InvalidOperation, ValueError) as error:
        message = _("Enter a number.") if isinstance(error, InvalidOperation) else str(error)
        raise ValidationError(message, code="invalid_answer") from None


def engine_answers(method: Method, stored: Mapping[str, Any]) -> dict[str, Answer]:
    """Return stored answers in the engine's form, leaving out what is unanswered."""
    answers: dict[str, Answer] = {}
    for question_id, value in stored.items():
        if value is None or value == "" or value == []:
            continue
        question = method.question(question_id)
        if question.takes_sets:
            answers[question_id] = frozenset(value)
        elif question.kind in NUMERIC_KINDS:
            answers[question_id] = Fraction(Decimal(str(value)))
        else:
            answers[question_id] = str(value)
    return answers


def _scores_of(method: Method, answers: Mapping[str, Answer]) -> dict[str, float]:
    result = score_member(method, Member("company"), answers, with_questions=False)
    scores = {
        key: float(group.score)
        for key, group in result.dimensions.items()
        if group.score is not None
    }
    if result.overall.score is not None:
        scores[OVERALL] = float(result.overall.score)
    return scores


def score(method: Method, stored: Mapping[str, Any]) -> dict[str, float]:
    """Return the scores of one response: ``{dimension id: score, "overall": score}``."""
    return _scores_of(method, engine_answers(method, stored))


def score_many(method: Method, responses: Iterable[Mapping[str, Any]]) -> list[dict[str, float]]:
    """Score many responses with the engine, once for each distinct set of scored answers.

    Two responses that give the same answers to the scored questions get the same
    scores, so the engine runs once per distinct set; the figures are the engine's.
    """
    scored = [question for question in method.questions if question.is_scored]
    seen: dict[tuple, dict[str, float]] = {}
    results = []
    for stored in responses:
        answers = engine_answers(method, {q.id: stored.get(q.id) for q in scored})
        key = tuple(_key_part(question, answers.get(question.id)) for question in scored)
        if key not in seen:
            seen[key] = _scores_of(method, answers)
        results.append(seen[key])
    return results


def _key_part(question: Question, answer: Answer | None) -> Any:
    """Return what of an answer the score depends on: a number's band, else the answer."""
    if isinstance(answer, Fraction) and question.bands:
        for index, band in enumerate(question.bands):
            if band.contains(answer):
                return index
    return answer
