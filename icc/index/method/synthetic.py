"""Answers made up at a chosen level, for the demo, tests and benchmarks.

``answers_at_level(edition, 0.7)`` answers every scored question with the option (or
number) whose share of the points is nearest 70%; ``spread`` varies the level from
question to question, the same way for the same seed.
"""

import hashlib
from fractions import Fraction
from typing import Any

from icc.index.method.parts import NUMERIC_KINDS, Method, Question, QuestionKind


def _jitter(seed: str, question_id: str, spread: float) -> float:
    if not spread:
        return 0.0
    digest = hashlib.sha256(f"{seed}:{question_id}".encode()).digest()
    return (digest[0] / 255 - 0.5) * 2 * spread


def answer_at_level(question: Question, level: float) -> Any:
    """Return the answer to ``question`` whose share of the points is nearest ``level`` (0-1).

    Returns None for questions that earn no points.
    """
    if not question.is_scored:
        return None
    best = question.max_points
    target = Fraction(level).limit_denominator(1000) * best
    if question.kind in (QuestionKind.SINGLE_CHOICE, QuestionKind.YES_NO):
        option = min(
            question.options, key=lambda o: (abs((o.points or 0) - target), -(o.points or 0))
        )
        return option.id
    if question.kind == QuestionKind.MULTIPLE_CHOICE:
        chosen: list[str] = []
        total = Fraction(0)
        for option in sorted(question.options, key=lambda o: -(o.points or 0)):
            points = option.points or 0
            if abs(total + points - target) < abs(total - target):
                chosen.append(option.id)
                total += points
        return chosen
    if question.kind in NUMERIC_KINDS:
        band = min(question.bands, key=lambda b: (abs(b.points - target), -b.points))
        candidates = [band.lower] if band.lower is not None else []
        if band.upper is not None:
            candidates += [band.upper - 1, band.upper - Fraction(1, 10), Fraction(0)]
        for value in candidates:
            if value is not None and band.contains(value):
                try:
                    question.check_answer(value)
                except ValueError:
                    continue
                return str(float(value))
    return None


def answers_at_level(
    method: Method, level: float, *, seed: str = "", spread: float = 0.0
) -> dict[str, Any]:
    """Answer every scored question at about ``level`` (0-1) of its points.

    ``spread`` moves each question's level by up to that much, the same way for the
    same ``seed``, so that areas differ; 0 gives every question the same level.
    """
    answers = {}
    for question in method.questions:
        question_level = min(1.0, max(0.0, level + _jitter(seed, question.id, spread)))
        value = answer_at_level(question, question_level)
        if value is not None:
            answers[question.id] = value
    return answers
