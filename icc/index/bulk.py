"""Score a whole network's overall index at once, exactly, for rankings.

For the common shape of an edition — no applicability rule, no weight read from a
member's attributes, every scored question counting as zero when unanswered,
optional areas left out of the overall score, every area holding a scored question
— the overall score is a fixed linear form of the answers: each question adds a
whole number of units that depends only on its answer, and the overall score is
their sum divided by one denominator worked out once per edition. Scoring a member
is then a hundred look-ups and additions.

Any other edition is scored member by member with ``scoring.score_member``; both
ways give the same exact fraction (``test_bulk`` checks it on generated editions).
"""

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from icc.index.methodology import Answer, Edition, Part, Unanswered
from icc.index.scoring import HUNDRED, Member, QuestionPlan, plan_for, score_member


def _area_coefficients(edition: Edition) -> dict[str, Fraction] | None:
    """Return each counted area's share of the overall score, or None if it varies by member."""
    coefficients: dict[str, Fraction] = {}

    def walk(parts: Sequence[Part], share: Fraction) -> bool:
        weights = [part.weight for part in parts]
        if any(weight.by is not None or weight.default is None for weight in weights):
            return False
        counted = [
            part
            for part in parts
            if not (
                part.ref in {area.id for area in edition.areas}
                and edition.area(part.ref).is_optional
                and not edition.optional_areas_counted
                and parts is edition.overall
            )
        ]
        total = sum((part.weight.default or Fraction(0) for part in counted), Fraction(0))
        for part in counted:
            part_share = share * (part.weight.default or Fraction(0)) / total
            try:
                area = edition.area(part.ref)
            except KeyError:
                if not walk(edition.composite(part.ref).parts, part_share):
                    return False
                continue
            if area.is_optional:
                return False
            coefficients[area.id] = coefficients.get(area.id, Fraction(0)) + part_share
        return True

    return coefficients if walk(edition.overall, Fraction(1)) else None


@dataclass(frozen=True)
class LinearForm:
    """The overall score as a sum over questions of units that depend only on the answer.

    ``tables[question][key]`` holds the units of an answer (filled as answers are
    met, from ``plans``); the overall score is the sum of the units over ``divisor``.
    The key is the answer itself, or for the questions in ``numeric`` its exact
    (numerator, denominator) pair: a Fraction hashes and compares in Python code, a
    pair of integers in C, and over a whole network that was most of the time.
    """

    tables: dict[str, dict[Any, int]]
    plans: dict[str, tuple[QuestionPlan, int]]
    divisor: int
    numeric: frozenset[str]

    def units(self, question_id: str, answer: Answer) -> int | None:
        """Return the units an answer adds (None for a question that adds none)."""
        table = self.tables.get(question_id)
        if table is None:
            return None
        key = answer.as_integer_ratio() if question_id in self.numeric else answer  # type: ignore[union-attr]
        units = table.get(key)
        if units is None:
            plan, multiplier = self.plans[question_id]
            units = table[key] = plan.units(answer) * multiplier
        return units


def linear_form(edition: Edition) -> LinearForm | None:
    """Return the edition's overall score as a linear form of the answers, when it is one.

    None when the overall score is not a fixed linear form of the answers.
    """
    if any(q.not_applicable_when for q in edition.questions):
        return None
    coefficients = _area_coefficients(edition)
    if coefficients is None:
        return None
    _edition, area_plans = plan_for(edition)
    factors: dict[str, tuple[QuestionPlan, Fraction]] = {}
    for area_plan in area_plans:
        if area_plan.area.id not in coefficients:
            continue
        scored = [p for _q, p in area_plan.questions if p is not None]
        if not scored or any(
            p.question.unanswered != Unanswered.ZERO
            or p.question.weight.by is not None
            or p.default_weight is None
            for p in scored
        ):
            return None
        weights = sum(p.default_weight[1] for p in scored if p.default_weight)
        # area score = 100 × Σ w·units·scale / (normalised_unit × Σ w)
        area_factor = (
            coefficients[area_plan.area.id] * HUNDRED / (area_plan.normalised_unit * weights)
        )
        for p in scored:
            assert p.default_weight is not None
            factors[p.question.id] = (p, area_factor * p.default_weight[1] * p.scale)
    divisor = math.lcm(1, *(factor.denominator for _p, factor in factors.values()))
    plans = {qid: (p, int(factor * divisor)) for qid, (p, factor) in factors.items()}
    tables: dict[str, dict[Any, int]] = {}
    for question_id, (p, multiplier) in plans.items():
        tables[question_id] = (
            {option: units * multiplier for option, units in p.option_units.items()}
            if p.question.kind in ("single_choice", "yes_no")
            else {}
        )
    numeric = frozenset(question_id for question_id, (p, _m) in plans.items() if p.band_units)
    return LinearForm(tables, plans, divisor, numeric)


def overall_numerators(
    edition: Edition,
    members: Iterable[Member],
    answers: Mapping[str, Mapping[str, Answer]],
) -> tuple[dict[str, int], int] | None:
    """Return every member's overall score as a whole number over one divisor, and the divisor.

    Ranking by the numerators is ranking by the exact scores, without fractions.
    None when the edition is not a fixed linear form of its answers.
    """
    form = linear_form(edition)
    if form is None:
        return None
    plans = form.plans
    # Choice questions first: most answers are found with one look-up and no test.
    find_choice = {q: t for q, t in form.tables.items() if q not in form.numeric}.get
    find_numeric = {q: t for q, t in form.tables.items() if q in form.numeric}.get
    numerators: dict[str, int] = {}
    for member in members:
        total = 0
        for question_id, answer in answers.get(member.id, {}).items():
            key: Any = answer
            table = find_choice(question_id)
            if table is None:
                table = find_numeric(question_id)
                if table is None:
                    continue
                key = answer.as_integer_ratio()  # type: ignore[union-attr]
            units = table.get(key)
            if units is None:
                plan, multiplier = plans[question_id]
                units = table[key] = plan.units(answer) * multiplier
            total += units
        numerators[member.id] = total
    return numerators, form.divisor


def overall_scores(
    edition: Edition,
    members: Iterable[Member],
    answers: Mapping[str, Mapping[str, Answer]],
) -> dict[str, Fraction | None]:
    """Return every member's exact overall score (None when it has none), by member id."""
    found = overall_numerators(edition, members, answers)
    if found is None:
        return {
            member.id: score_member(
                edition, member, answers.get(member.id, {}), with_questions=False
            ).overall.score
            for member in members
        }
    numerators, divisor = found
    return {member_id: Fraction(total, divisor) for member_id, total in numerators.items()}


def ranks(
    scores: Mapping[str, Fraction | None], groups: Mapping[str, object] | None = None
) -> dict[str, int]:
    """Rank members by score (fractions, or numerators over one divisor), highest first.

    Ties share the better rank, within each group.

    ``groups`` maps a member to its group (a band, a network); without it, one group.
    Members without a score are not ranked.
    """
    by_group: dict[object, list[str]] = {}
    for member_id, score in scores.items():
        if score is not None:
            key = groups.get(member_id) if groups is not None else None
            by_group.setdefault(key, []).append(member_id)
    result: dict[str, int] = {}
    for members in by_group.values():
        members.sort(key=scores.__getitem__, reverse=True)  # type: ignore[arg-type]
        previous: Any = None
        rank = 0
        for position, member_id in enumerate(members, start=1):
            score = scores[member_id]
            if score != previous:
                rank, previous = position, score
            result[member_id] = rank
    return result
