"""The scoring engine's rules, one at a time, on small editions."""

import random
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest

from icc.index.method.loader import edition_from_data, load_shipped_edition
from icc.index.method.parts import Method
from icc.index.method.scoring import (
    GroupStatus,
    Member,
    QuestionStatus,
    ScoringError,
    round_half_up,
    score_member,
)
from icc.index.tests.documents import area, choice, edition, option, part, question, text, yes_no


def build(*areas: dict[str, Any], **fields: Any) -> Method:
    return edition_from_data(edition(*areas, **fields))


def test_a_question_that_does_not_apply_leaves_the_score_and_the_maximum() -> None:
    rule = [{"members": {"country": ["NO"]}}]
    scored = build(
        area("a", choice("p", 0, 4), choice("q", 0, 2, weight=3, not_applicable_when=rule))
    )

    oslo = score_member(scored, Member("oslo", {"country": "NO"}), {"p": "o1", "q": "o0"})

    assert oslo.questions["q"].status == QuestionStatus.NOT_APPLICABLE
    assert (oslo.areas["a"].raw, oslo.areas["a"].raw_max) == (4, 4)
    assert oslo.areas["a"].weighted_max == 1
    assert oslo.areas["a"].score == 100


def test_an_answer_to_a_question_that_does_not_apply_excludes_nothing() -> None:
    scored = build(
        area(
            "a",
            yes_no("first", not_applicable_when=[{"members": {"member": ["lyon"]}}]),
            yes_no("second", not_applicable_when=[{"answer": {"question": "first", "in": ["no"]}}]),
        )
    )

    lyon = score_member(scored, Member("lyon"), {"first": "no", "second": "yes"})
    oslo = score_member(scored, Member("oslo"), {"first": "no", "second": "yes"})

    assert lyon.questions["second"].status == QuestionStatus.ANSWERED
    assert oslo.questions["second"].status == QuestionStatus.NOT_APPLICABLE


def test_an_unanswered_question_counts_as_zero_or_is_left_out_as_the_edition_says() -> None:
    scored = build(area("a", yes_no("p"), yes_no("q"), yes_no("r", unanswered="excluded")))

    result = score_member(scored, Member("lyon"), {"p": "yes"})

    assert result.questions["q"].status == QuestionStatus.UNANSWERED_ZERO
    assert result.questions["r"].status == QuestionStatus.UNANSWERED_EXCLUDED
    assert result.areas["a"].score == 50


def test_a_whole_edition_can_leave_unanswered_questions_out() -> None:
    scored = build(area("a", yes_no("p"), yes_no("q")), unanswered="excluded")

    assert score_member(scored, Member("lyon"), {"p": "yes"}).areas["a"].score == 100


def test_questions_without_points_never_count() -> None:
    scored = build(
        area(
            "a",
            yes_no("p"),
            question("population", "number", data="fact"),
            question("examples", "free_text"),
            question("trigger", "yes_no"),
        )
    )

    result = score_member(
        scored,
        Member("lyon"),
        {"p": "yes", "population": Fraction(513275), "examples": "A festival."},
    )

    assert result.questions["population"].status == QuestionStatus.NOT_SCORED
    assert result.questions["examples"].status == QuestionStatus.NOT_SCORED
    assert result.questions["trigger"].status == QuestionStatus.NOT_SCORED
    assert result.areas["a"].raw_max == 1


def test_bands_give_points_to_numbers_and_percentages() -> None:
    bands = [
        {"to": 10, "points": 0},
        {"from": 10, "to": 30, "points": 1},
        {"from": 30, "points": 3},
    ]
    scored = build(area("a", question("share", "percentage", bands=bands)))

    def points(value: str) -> Fraction | None:
        answer = scored.question("share").parse_answer(value)
        return score_member(scored, Member("m"), {"share": answer}).questions["share"].points

    assert [points(v) for v in ("0", "9.99", "10", "29.5", "30", "100")] == [0, 0, 1, 1, 3, 3]


def test_an_optional_area_not_taken_has_no_score_and_leaves_the_overall_score() -> None:
    scored = build(
        area("core", yes_no("p")),
        area("extra", yes_no("q"), optional=True),
        optional_areas_counted=True,
    )

    skipped = score_member(scored, Member("lyon"), {"p": "yes"})
    taken = score_member(scored, Member("oslo"), {"p": "yes", "q": "no"})

    assert skipped.areas["extra"].status == GroupStatus.NOT_TAKEN
    assert skipped.questions["q"].status == QuestionStatus.NOT_TAKEN
    assert skipped.overall.score == 100
    assert taken.overall.score == 50


def test_optional_areas_count_in_the_overall_score_only_when_the_edition_says_so() -> None:
    scored = build(area("core", yes_no("p")), area("extra", yes_no("q"), optional=True))

    result = score_member(scored, Member("oslo"), {"p": "yes", "q": "no"})

    assert result.areas["extra"].score == 0
    assert result.overall.score == 100
    assert list(result.overall.contributions) == ["core"]


def test_an_area_with_nothing_counted_has_no_score_and_leaves_its_composites() -> None:
    scored = build(
        area("a", yes_no("p")),
        area("b", yes_no("q", unanswered="excluded")),
        composites=[{"id": "ab", "title": text("AB"), "parts": [part("a"), part("b")]}],
        overall=[part("ab")],
    )

    result = score_member(scored, Member("lyon"), {"p": "yes"})

    assert result.areas["b"].status == GroupStatus.NO_DATA
    assert result.areas["b"].score is None
    assert result.composites["ab"].score == 100


def test_a_composite_can_hold_another_composite_with_its_own_weights() -> None:
    scored = build(
        area("a", yes_no("p")),
        area("b", yes_no("q")),
        area("c", yes_no("r")),
        composites=[
            {"id": "ab", "title": text("AB"), "parts": [part("a", 3), part("b")]},
            {"id": "abc", "title": text("ABC"), "parts": [part("ab"), part("c")]},
        ],
        overall=[part("abc")],
    )

    result = score_member(scored, Member("lyon"), {"p": "yes", "q": "no", "r": "no"})

    assert result.composites["ab"].score == 75  # (3 × 100 + 1 × 0) / 4
    assert result.composites["abc"].score == Fraction(75, 2)  # (75 + 0) / 2
    assert result.overall.score == Fraction(75, 2)
    assert result.overall.raw == 1
    assert result.overall.raw_max == 3


def test_a_weight_by_an_attribute_the_member_lacks_needs_a_default() -> None:
    by_type = {"by": "type", "values": {"city": 2}}
    scored = build(area("a", yes_no("p")), overall=[part("a", by_type)])

    with pytest.raises(
        ScoringError, match="the weight depends on 'type', member 'lyon' has type None"
    ):
        score_member(scored, Member("lyon"), {"p": "yes"})
    assert score_member(scored, Member("oslo", {"type": "city"}), {"p": "yes"}).overall.score == 100


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({"nothing": "yes"}, "edition test has no question 'nothing'"),
        ({"p": "maybe"}, "'maybe' is not an option of question p (yes, no)"),
        ({"m": frozenset({"x", "zz"})}, "zz: not option(s) of question m"),
        ({"m": "x"}, "question m expects a set of options"),
        ({"share": Fraction(101)}, "101 is not a percentage between 0 and 100"),
    ],
)
def test_an_invalid_answer_is_refused(answers: dict[str, Any], message: str) -> None:
    multiple = question("m", "multiple_choice", options=[option("x", 1), option("y", 1)])
    scored = build(area("a", yes_no("p"), multiple, question("share", "percentage")))

    with pytest.raises(ScoringError) as caught:
        score_member(scored, Member("lyon"), answers)

    assert message in str(caught.value)


def test_halves_are_rounded_away_from_zero_after_exact_computation() -> None:
    assert round_half_up(Fraction(54165, 1000)) == Decimal("54.17")
    assert round_half_up(Fraction(-54165, 1000)) == Decimal("-54.17")
    assert round_half_up(Fraction(1, 3)) == Decimal("0.33")
    assert round_half_up(Fraction(2, 3)) == Decimal("0.67")
    assert round_half_up(Fraction(0)) == Decimal("0.00")
    assert str(round_half_up(Fraction(100))) == "100.00"


def test_v1_shows_the_lens_beside_the_fourteen_indicators_that_all_count() -> None:
    v1 = load_shipped_edition("v1")
    answers = {"education.projects": "yes", "commitment.statement": "yes"}

    result = score_member(v1, Member("lyon"), answers)

    education = result.areas["education"].score
    assert education is not None
    assert result.composites["lens"].score == education / 6
    assert set(result.overall.contributions) == {a.id for a in v1.areas}


def test_2019_counts_the_lens_as_one_core_area_and_leaves_optional_areas_out() -> None:
    e2019 = load_shipped_edition("2019")
    member = Member("lyon", {"population_band": "over-200k"})
    answers = {"education.school_powers": "yes", "participation.budget": "yes"}

    result = score_member(e2019, member, answers)

    assert "lens" in result.overall.contributions
    assert "education" not in result.overall.contributions
    assert result.areas["participation"].status == GroupStatus.SCORED
    assert "participation" not in result.overall.contributions
    assert result.areas["interaction"].status == GroupStatus.NOT_TAKEN


def test_2019_leaves_district_plans_out_for_small_cities_and_school_questions_without_powers() -> (
    None
):
    e2019 = load_shipped_edition("2019")
    small = Member("botkyrka", {"population_band": "under-100k"})

    result = score_member(e2019, small, {"education.school_powers": "no"})

    assert result.questions["neighbourhoods.district_plans"].status == QuestionStatus.NOT_APPLICABLE
    assert result.questions["education.segregation_policy"].status == QuestionStatus.NOT_APPLICABLE


def test_the_same_answers_give_the_same_digits_in_any_order() -> None:
    v1 = load_shipped_edition("v1")
    generator = random.Random(2008)  # noqa: S311 - test data, not security
    answers: dict[str, Any] = {}
    for item in v1.questions:
        if item.options and item.is_scored:
            if item.kind == "multiple_choice":
                answers[item.id] = frozenset(o.id for o in item.options[: generator.randint(0, 3)])
            else:
                answers[item.id] = generator.choice(item.options).id
    shuffled = dict(sorted(answers.items(), key=lambda _: generator.random()))

    first = score_member(v1, Member("lyon"), answers)
    second = score_member(v1, Member("lyon"), shuffled)

    assert first == second
    assert first.overall.score is not None and second.overall.score is not None
    assert str(round_half_up(first.overall.score)) == str(round_half_up(second.overall.score))
