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
from icc.index.method.parts import (
    NUMERIC_KINDS,
    Answer,
    AnswerRule,
    Method,
    Question,
    QuestionKind,
)
from icc.index.method.plans import plan_for
from icc.index.method.scoring import (
    OVERALL_ID,
    Level,
    Member,
    MemberResult,
    MemberScoring,
    score_member,
)

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


def performance_questions(method: Method) -> list[Question]:
    """Return the optional performance questions: the unscored ones that take a number."""
    return [
        question
        for question in method.questions
        if not question.is_scored and question.kind in NUMERIC_KINDS
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
            options = frozenset(str(option) for option in chosen if str(option).strip())
            question.check_answer(options)
            return sorted(options)
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


def _result(method: Method, answers: Mapping[str, Answer]) -> MemberResult:
    return score_member(method, Member("company"), answers, with_questions=False)


def _scores_of(method: Method, answers: Mapping[str, Answer]) -> dict[str, float]:
    result = _result(method, answers)
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


def dimension_local(method: Method) -> bool:
    """Tell whether each dimension's score depends on its own questions' answers alone.

    True when every scored question belongs to a dimension, no rule excludes a question
    because of an answer in another dimension, and the edition takes the member's own
    maximum (the barometer's editions are written so).
    """
    dimension_of = {question.id: question.dimension for question in method.questions}
    for question in method.questions:
        if question.is_scored and question.dimension is None:
            return False
        for rule in question.not_applicable_when:
            if (
                isinstance(rule, AnswerRule)
                and dimension_of.get(rule.question) != question.dimension
            ):
                return False
    return (
        str(method.rules.maximum) == "member"
        and not method.levels
        and not any(area.is_optional for area in method.areas)
    )


def score_many(method: Method, responses: Iterable[Mapping[str, Any]]) -> list[dict[str, float]]:
    """Score many responses with the engine, reusing what identical answers already gave.

    When each dimension depends on its own questions alone (``dimension_local``), the
    engine scores each distinct set of an area's answers once (the area's and its
    dimensions' results), then combines the area results into the overall score with its
    own ``MemberScoring.score_group``, once per distinct set of area scores. Otherwise
    the engine scores each distinct set of scored answers once. Every figure is the
    engine's.
    """
    scored = [question for question in method.questions if question.is_scored]
    if not dimension_local(method):
        return _score_whole(method, scored, responses)
    areas = [
        (area.id, [q for q in area.questions if q.is_scored], [d.id for d in area.dimensions])
        for area in method.areas
    ]
    empty = _result(method, {})
    fixed = {area_id: empty.areas[area_id] for area_id, questions, _ids in areas if not questions}
    plans: list[tuple[str, list[Question], list[str], list[str], dict[tuple, Any]]] = [
        (area_id, questions, [q.id for q in questions], dimension_ids, {})
        for area_id, questions, dimension_ids in areas
        if questions
    ]
    caches: dict[str, dict[Any, Any]] = {q.id: {None: None, "": None} for q in scored}
    seen_overall: dict[tuple, float | None] = {}
    combiner = MemberScoring(plan_for(method), Member("company"), {}, False)
    results = []
    for stored in responses:
        scores: dict[str, float] = {}
        signature = []
        chosen = []
        for area_id, questions, ids, dimension_ids, memo in plans:
            try:
                key = tuple([caches[qid][stored.get(qid)] for qid in ids])
            except (KeyError, TypeError):
                key = tuple(_raw_key(method, q, stored.get(q.id), caches[q.id]) for q in questions)
            found = memo.get(key)
            if found is None:
                own = engine_answers(method, {q.id: stored.get(q.id) for q in questions})
                result = _result(method, own)
                found = memo[key] = (
                    result.areas[area_id],
                    {
                        dimension_id: float(score)
                        for dimension_id in dimension_ids
                        if (score := result.dimensions[dimension_id].score) is not None
                    },
                )
            chosen.append((area_id, found[0]))
            signature.append(found[0].score)
            scores.update(found[1])
        overall_key = tuple(signature)
        if overall_key not in seen_overall:
            combiner.groups = {**fixed, **dict(chosen)}
            overall = combiner.score_group(OVERALL_ID, Level.OVERALL, method.overall).score
            seen_overall[overall_key] = None if overall is None else float(overall)
        overall_score = seen_overall[overall_key]
        if overall_score is not None:
            scores[OVERALL] = overall_score
        results.append(scores)
    return results


def _raw_key(method: Method, question: Question, raw: Any, cache: dict[Any, Any]) -> Any:
    """Return what of a stored answer the score depends on, remembering each raw value."""
    if raw is None or raw == "" or raw == []:
        return None
    if isinstance(raw, list):
        return tuple(sorted(raw))
    if raw not in cache:
        answer = engine_answers(method, {question.id: raw}).get(question.id)
        cache[raw] = _key_part(question, answer)
    return cache[raw]


def _score_whole(
    method: Method, scored: list[Question], responses: Iterable[Mapping[str, Any]]
) -> list[dict[str, float]]:
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
