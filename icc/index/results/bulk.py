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

``network_scores`` also gives every member's area scores, for the same editions,
question by question over the whole network at once (numpy arrays of integer
numerators), and rounds them exactly as the published results store them.
"""

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from operator import attrgetter
from typing import Any

import numpy as np

from icc.index.method.parts import Answer, Method, Part, Unanswered
from icc.index.method.plans import QuestionPlan, plan_for
from icc.index.method.rules import DEFAULT_ROUNDING, Rounding, RoundingRule
from icc.index.method.scoring import (
    DISPLAY_PLACES,
    HUNDRED,
    Member,
    score_member,
)


def _area_coefficients(edition: Method) -> dict[str, Fraction] | None:
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


def linear_form(edition: Method) -> LinearForm | None:
    """Return the edition's overall score as a linear form of the answers, when it is one.

    None when the overall score is not a fixed linear form of the answers.
    """
    if edition.uses_options or any(q.not_applicable_when for q in edition.questions):
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
    edition: Method,
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
    edition: Method,
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


# Integer arrays hold numerators below this bound; beyond it, Python integers (dtype=object).
_INT64_SAFE = 2**62


@dataclass(frozen=True)
class NetworkScores:
    """Every member's area and overall scores as exact fractions, held as integer arrays.

    Member ``i``'s score in area ``a`` is ``areas[i, a] / area_denominators[a]`` when
    ``has_area[i, a]`` (an optional area not taken, or an area with nothing counted, has
    none); its overall score is ``overall[i] / overall_denominator`` when
    ``has_overall[i]``. The arrays
    are int64, or Python integers (dtype object) when numerators could overflow int64.
    """

    member_ids: tuple[str, ...]
    area_ids: tuple[str, ...]
    areas: np.ndarray
    area_denominators: tuple[int, ...]
    has_area: np.ndarray
    overall: np.ndarray
    overall_denominator: int
    has_overall: np.ndarray
    rounding: Rounding = DEFAULT_ROUNDING

    def area_score(self, member: int, area: int) -> Fraction | None:
        """Return one member's exact score in one area (None when it has none)."""
        if not self.has_area[member, area]:
            return None
        return Fraction(int(self.areas[member, area]), self.area_denominators[area])

    def overall_score(self, member: int) -> Fraction | None:
        """Return one member's exact overall score (None when it has none)."""
        if not self.has_overall[member]:
            return None
        return Fraction(int(self.overall[member]), self.overall_denominator)

    def area_hundredths(self) -> np.ndarray:
        """Return the area scores as published (by the edition's rounding), in hundredths.

        Where a member has no score in an area the value is 0: read ``has_area``.
        """
        denominators = np.array(self.area_denominators, dtype=self.areas.dtype)
        rounded = _hundredths(self.areas, denominators, self.rounding)
        return np.where(self.has_area, rounded, 0).astype(np.int64)

    def overall_hundredths(self) -> np.ndarray:
        """Return the overall scores as published (by the edition's rounding), in hundredths.

        Where a member has no overall score the value is 0: read ``has_overall``.
        """
        rounded = _hundredths(self.overall, self.overall_denominator, self.rounding)
        return np.where(self.has_overall, rounded, 0).astype(np.int64)


def _hundredths(
    numerators: np.ndarray, denominators: Any, rounding: Rounding = DEFAULT_ROUNDING
) -> np.ndarray:
    """Round numerators / denominators by ``rounding``, in hundredths, in integers.

    The same rounding as ``rounding.round``, without a fraction: to its places (2, 1
    or 0 decimals), then written in hundredths.
    """
    scale = 10**rounding.places
    if rounding.rule == RoundingRule.HALF_EVEN:
        scaled = scale * numerators
        whole = scaled // denominators
        twice_rest = 2 * (scaled - whole * denominators)
        odd = whole % 2 == 1
        rounded = whole + ((twice_rest > denominators) | ((twice_rest == denominators) & odd))
    else:
        twice = 2 * scale * abs(numerators)
        magnitude = (twice + denominators) // (2 * denominators)
        rounded = np.where(numerators >= 0, magnitude, -magnitude)
    return rounded * 10 ** (DISPLAY_PLACES - rounding.places)


class _Units(dict[Any, int]):
    """A question's table: answer key → what it adds to a member's packed sums.

    Filled as keys are met; a numeric question's keys are (numerator, denominator).
    """

    def __init__(self, plan: QuestionPlan, multiplier: int, extra: int) -> None:
        super().__init__(
            {key: units * multiplier + extra for key, units in plan.option_units.items()}
        )
        self.plan = plan
        self.multiplier = multiplier
        self.extra = extra

    def __missing__(self, key: Any) -> int:
        answer = Fraction(*key) if self.plan.band_units else key
        value = self[key] = self.plan.units(answer) * self.multiplier + self.extra
        return value


@dataclass(frozen=True)
class _AreaForm:
    """One area's score as 100 × (sum of units of its answers) / denominator."""

    questions: tuple[tuple[str, QuestionPlan, int], ...]
    denominator: int  # normalised unit × sum of the weights, in weight units
    taken_by: tuple[str, ...]  # an optional area's questions: answering one takes it
    is_scored: bool  # False when the area has nothing to count
    bound: int  # the largest absolute sum of units a member can reach


def _area_forms(edition: Method) -> tuple[list[_AreaForm], dict[str, Fraction]] | None:
    """Return each area's linear form and the overall's coefficient of each area's score."""
    if linear_form(edition) is None:
        return None
    coefficients = _area_coefficients(edition)
    assert coefficients is not None
    _edition, area_plans = plan_for(edition)
    forms = []
    for area_plan in area_plans:
        scored = [p for _q, p in area_plan.questions if p is not None]
        if any(
            p.question.unanswered != Unanswered.ZERO
            or p.question.weight.by is not None
            or p.default_weight is None
            for p in scored
        ):
            return None
        weights = sum(p.default_weight[1] for p in scored if p.default_weight)
        questions = []
        bound = 0
        for p in scored:
            assert p.default_weight is not None
            multiplier = p.default_weight[1] * p.scale
            largest = max(
                [abs(u) for u in p.option_units.values()]
                + [sum(abs(u) for u in p.option_units.values()), abs(p.cap_units or 0)]
                + [abs(u) for _band, u in p.band_units]
            )
            bound += largest * abs(multiplier)
            questions.append((p.question.id, p, multiplier))
        forms.append(
            _AreaForm(
                questions=tuple(questions),
                denominator=area_plan.normalised_unit * weights,
                taken_by=(
                    tuple(q.id for q in area_plan.area.questions)
                    if area_plan.area.is_optional
                    else ()
                ),
                is_scored=bool(weights),
                bound=bound,
            )
        )
    return forms, coefficients


def network_scores(
    edition: Method,
    members: Sequence[Member],
    answers: Mapping[str, Mapping[str, Answer]],
) -> NetworkScores:
    """Return every member's exact area and overall scores, computed for the whole network.

    For an edition that is a fixed linear form (``linear_form``), each area's score is
    100 × a sum of whole units looked up per answer, over one denominator per area, and
    the overall score an integer combination of those sums. Any other edition is scored
    member by member with ``scoring.score_member``. Both give the engine's exact fractions.

    The sums of all areas are packed into one Python integer per member, 16, 32 or 64
    bits per area as their bounds need (and, per optional area, a count of its answered
    questions, which tells whether the member took it): one table look-up and one
    addition per answer, as for the overall score alone, and numpy unpacks them all at
    once. Reading the answers member by member, rather than question by question, keeps
    each member's answers in cache (question by question was twice as slow).
    """
    found = _area_forms(edition)
    if found is None:
        return _engine_scores(edition, members, answers)
    forms, coefficients = found
    fields = len(forms) + sum(1 for form in forms if form.taken_by)
    # Each field holds 2**(width - 2) plus a sum below 2**(width - 3) in absolute value.
    largest_sum = max([form.bound for form in forms] + [len(edition.questions)])
    width = next(
        (w for w in (16, 32, 64) if largest_sum < 2 ** (w - 3)),
        8 * ((largest_sum.bit_length() + 3 + 7) // 8),
    )
    bias = sum(1 << (width * field + width - 2) for field in range(fields))
    choice: dict[str, _Units] = {}
    numeric: dict[str, _Units] = {}
    other: dict[str, int] = {}
    counters = len(forms)
    for index, form in enumerate(forms):
        extra = 0
        if form.taken_by:
            extra = 1 << (width * counters)
            counters += 1
            other.update((question_id, extra) for question_id in form.taken_by)
        for question_id, plan, multiplier in form.questions:
            table = _Units(plan, multiplier << (width * index), extra)
            (numeric if plan.band_units else choice)[question_id] = table
    packed = _packed_sums(members, answers, choice, numeric, other, bias)
    unpacked = _unpack(packed, fields, width) - (1 << (width - 2))
    count = len(members)
    # area score = 100 × sum / denominator; overall = Σ coefficient × area score
    shares = [
        coefficients.get(area.id, Fraction(0)) * HUNDRED / (form.denominator or 1)
        for area, form in zip(edition.areas, forms, strict=True)
    ]
    divisor = math.lcm(1, *(share.denominator for share in shares))
    multipliers = [int(share * divisor) for share in shares]
    largest = max(
        [20_000 * form.bound + 2 * form.denominator for form in forms]
        + [
            200 * sum(abs(m) * form.bound for m, form in zip(multipliers, forms, strict=True))
            + 2 * divisor
        ]
    )
    dtype: Any = np.int64 if largest < _INT64_SAFE else object
    sums = unpacked[:, : len(forms)].astype(dtype)
    has_area = np.zeros((count, len(forms)), dtype=bool)
    counter = len(forms)
    for index, form in enumerate(forms):
        if form.taken_by:
            has_area[:, index] = form.is_scored & (unpacked[:, counter] > 0)
            counter += 1
        else:
            has_area[:, index] = form.is_scored
    # Only counted areas have a coefficient, and every counted area always has a score.
    return NetworkScores(
        member_ids=tuple(member.id for member in members),
        area_ids=tuple(area.id for area in edition.areas),
        areas=sums * 100,
        area_denominators=tuple(form.denominator or 1 for form in forms),
        has_area=has_area,
        overall=sums @ np.array(multipliers, dtype=dtype),
        overall_denominator=divisor,
        has_overall=np.full(count, bool(coefficients)),
    )


def _packed_sums(
    members: Sequence[Member],
    answers: Mapping[str, Mapping[str, Answer]],
    choice: Mapping[str, _Units],
    numeric: Mapping[str, _Units],
    other: Mapping[str, int],
    bias: int,
) -> list[int]:
    """Return each member's packed sums: ``bias`` plus every answer's value in its table."""
    # Choice questions first: most answers are found with one look-up and no test.
    find_choice, find_numeric, find_other = choice.get, numeric.get, other.get
    # A Fraction's two slots, read in C: a tenth of the time, against its Python method.
    ratio = attrgetter("_numerator", "_denominator")
    empty: dict[str, Answer] = {}
    packed: list[int] = []
    append = packed.append
    for member in members:
        total = bias
        answer: Any
        for question_id, answer in answers.get(member.id, empty).items():
            table = find_choice(question_id)
            if table is None:
                table = find_numeric(question_id)
                if table is None:
                    total += find_other(question_id, 0)
                    continue
                try:
                    answer = ratio(answer)
                except AttributeError:  # a number that is not a Fraction
                    answer = answer.as_integer_ratio()
            total += table[answer]
        append(total)
    return packed


def _unpack(packed: list[int], fields: int, width: int) -> np.ndarray:
    """Return the ``fields`` unsigned fields of ``width`` bits of each packed integer."""
    if width in (16, 32, 64):
        size = width // 8
        data = b"".join([value.to_bytes(size * fields, "little") for value in packed])
        unsigned = np.frombuffer(data, dtype=f"<u{size}").reshape(len(packed), fields)
        return unsigned.astype(np.int64)
    mask = (1 << width) - 1
    return np.array(
        [[(value >> (width * f)) & mask for f in range(fields)] for value in packed],
        dtype=object,
    ).reshape(len(packed), fields)


def _engine_scores(
    edition: Method,
    members: Sequence[Member],
    answers: Mapping[str, Mapping[str, Answer]],
) -> NetworkScores:
    """Return ``network_scores`` computed member by member with the engine."""
    results = [
        score_member(edition, member, answers.get(member.id, {}), with_questions=False)
        for member in members
    ]
    area_ids = tuple(area.id for area in edition.areas)
    scores = [[result.areas[a].score for a in area_ids] for result in results]
    denominators = [
        math.lcm(1, *(row[a].denominator for row in scores if row[a] is not None))  # type: ignore[union-attr]
        for a in range(len(area_ids))
    ]
    areas = np.array(
        [
            [0 if s is None else int(s * d) for s, d in zip(row, denominators, strict=True)]
            for row in scores
        ],
        dtype=object,
    ).reshape(len(results), len(area_ids))
    overall = [result.overall.score for result in results]
    divisor = math.lcm(1, *(score.denominator for score in overall if score is not None))
    return NetworkScores(
        member_ids=tuple(member.id for member in members),
        area_ids=area_ids,
        areas=areas,
        area_denominators=tuple(denominators),
        has_area=np.array([[s is not None for s in row] for row in scores], dtype=bool).reshape(
            len(results), len(area_ids)
        ),
        overall=np.array([int((score or 0) * divisor) for score in overall], dtype=object),
        overall_denominator=divisor,
        has_overall=np.array([score is not None for score in overall], dtype=bool),
        rounding=edition.rules.rounding,
    )


def group_ranks(scores: np.ndarray, groups: np.ndarray | None = None) -> np.ndarray:
    """Rank every member by score within its group, highest first; ties share the better rank.

    The same ranks as ``ranks``, for a whole network in arrays: ``groups`` holds each
    member's group as an integer (without it, one group).
    """
    count = len(scores)
    if groups is None:
        groups = np.zeros(count, dtype=np.int64)
    order = np.lexsort((-scores, groups))
    ordered_scores, ordered_groups = scores[order], groups[order]
    starts = np.ones(count, dtype=bool)
    starts[1:] = (ordered_scores[1:] != ordered_scores[:-1]) | (
        ordered_groups[1:] != ordered_groups[:-1]
    )
    group_starts = np.ones(count, dtype=bool)
    group_starts[1:] = ordered_groups[1:] != ordered_groups[:-1]
    positions = np.arange(count)
    first_of_tie = np.maximum.accumulate(np.where(starts, positions, 0))
    first_of_group = np.maximum.accumulate(np.where(group_starts, positions, 0))
    result = np.empty(count, dtype=np.int64)
    result[order] = first_of_tie - first_of_group + 1
    return result
