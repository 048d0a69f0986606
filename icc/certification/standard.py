"""The certification standard: an edition file in the Index format, scored by its engine.

The standard is data (``standards/<id>.json``): categories are the edition's areas,
criteria its single-choice questions (requirement in the text, evidence asked for in the
help), levels its ``levels`` (core requirements plus a threshold). The area
``eligibility`` holds the gate: yes/no facts that score nothing and must all be "yes"
before the self-assessment opens. Scoring calls ``icc.index.method.scoring`` — the
Index's own engine, not a copy (decision 0048).
"""

from collections.abc import Mapping
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import cache
from pathlib import Path

from icc.index.method.loader import load_edition
from icc.index.method.parts import Area, Method, Question, QuestionKind
from icc.index.method.scoring import Member, MemberResult, score_member

STANDARDS_DIR = Path(__file__).resolve().parent / "standards"
CURRENT_STANDARD = "ngo-standard-1"
GATE_AREA = "eligibility"


@cache
def load_standard(standard_id: str = CURRENT_STANDARD) -> Method:
    """Return the standard ``standard_id``, checked by the Index's loader (read once)."""
    return load_edition(STANDARDS_DIR / f"{standard_id}.json")


def gate_questions(standard: Method) -> tuple[Question, ...]:
    """Return the eligibility criteria, in order."""
    return standard.area(GATE_AREA).questions


def criteria(standard: Method) -> tuple[Question, ...]:
    """Return every scored criterion, category by category."""
    return tuple(
        question
        for area in standard.areas
        if area.id != GATE_AREA
        for question in area.questions
        if question.kind == QuestionKind.SINGLE_CHOICE
    )


def categories(standard: Method) -> list[tuple[Area, tuple[Question, ...]]]:
    """Return each category (an area but the gate) with its criteria."""
    return [(area, area.questions) for area in standard.areas if area.id != GATE_AREA]


def failed_gate(standard: Method, answers: Mapping[str, str]) -> Question | None:
    """Return the first eligibility criterion not answered "yes", or None when all are."""
    for question in gate_questions(standard):
        if answers.get(question.id) != "yes":
            return question
    return None


@dataclass(frozen=True)
class Scored:
    """An application's (or a review's) overall score and the level it reaches."""

    score: Decimal | None
    level: str
    result: MemberResult


_SCORED_EDITIONS: dict[tuple[str, int], Method] = {}


def scored_edition(standard: Method) -> Method:
    """Return the standard as the engine scores it: without the eligibility gate.

    The gate's yes/no facts earn no points and are checked before any scoring, so the
    engine need not score that area for every application: the same edition, one area
    (and its part of the overall score) fewer, about an eighth less work each time.
    """
    key = (standard.id, id(standard))
    found = _SCORED_EDITIONS.get(key)
    if found is None:
        found = replace(
            standard,
            areas=tuple(area for area in standard.areas if area.id != GATE_AREA),
            overall=tuple(part for part in standard.overall if part.ref != GATE_AREA),
        )
        _SCORED_EDITIONS[key] = found
    return found


def score(standard: Method, member_id: str, answers: Mapping[str, str]) -> Scored:
    """Score answers (criterion id → option id) with the Index engine."""
    known = {key: value for key, value in answers.items() if value}
    result = score_member(scored_edition(standard), Member(member_id), known, with_questions=False)
    overall = result.overall.score
    shown = None if overall is None else standard.rules.rounding.round(overall)
    return Scored(shown, result.level or "", result)


def level_title(standard: Method, level_id: str, language: str) -> str:
    """Return a level's title in ``language`` ("" for no level)."""
    for level in standard.levels:
        if level.id == level_id:
            return level.title.in_language(language)
    return ""
