"""The edition's scoring options, each checked against sums done by hand.

docs/index-format.md (*Scoring options*) works through the same examples.
"""

import json
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest

from icc.index.method.loader import EditionError, edition_from_data
from icc.index.method.parts import Method
from icc.index.method.rules import Rounding, RoundingRule, RoundingTime
from icc.index.method.scoring import GroupStatus, Member, MemberResult, QuestionStatus, score_member
from icc.index.method.tables import results_as_csv, results_as_json
from icc.index.tests.documents import area, choice, edition, option, question, text, yes_no


def load(*areas: dict[str, Any], **fields: Any) -> Method:
    return edition_from_data(edition(*areas, **fields))


def score(
    method: Method, answers: dict[str, Any], member: str = "m", **attributes: str
) -> MemberResult:
    return score_member(method, Member(member, attributes), answers)


def problems(document: dict[str, Any]) -> set[tuple[str, str]]:
    with pytest.raises(EditionError) as raised:
        edition_from_data(document)
    return {(error.path, str(error.reason)) for error in raised.value.errors}


# Rounding: the rule for halves, the decimals, and when.


def test_halves_go_away_from_zero_or_to_the_even_neighbour() -> None:
    half_up, half_even = Rounding(), Rounding(RoundingRule.HALF_EVEN)

    assert half_up.round(Fraction(54165, 1000)) == Decimal("54.17")
    assert half_even.round(Fraction(54165, 1000)) == Decimal("54.16")
    assert half_even.round(Fraction(54175, 1000)) == Decimal("54.18")
    assert half_up.round(Fraction(-25, 2), 0) == Decimal("-13")
    assert half_even.round(Fraction(-25, 2), 0) == Decimal("-12")
    assert half_even.round(Fraction(1, 3)) == Decimal("0.33")


@pytest.fixture
def two_halves() -> dict[str, Any]:
    """Area a: 1 point of 8 = 12.5; area b: 27 points of 200 = 13.5."""
    return edition(area("a", choice("a1", 0, 1, 8)), area("b", choice("b1", 0, 27, 200)))


@pytest.mark.parametrize(
    ("rule", "at", "a", "b", "overall"),
    [
        # Once at the end: overall (12.5 + 13.5) / 2 = 13, exact, in both rules.
        ("half_up", "end", "13", "14", "13"),
        ("half_even", "end", "12", "14", "13"),
        # At each level: the overall score averages the rounded areas.
        # Half up: (13 + 14) / 2 = 13.5 → 14. Half to even: (12 + 14) / 2 = 13.
        ("half_up", "each_level", "13", "14", "14"),
        ("half_even", "each_level", "12", "14", "13"),
    ],
)
def test_the_rounding_rule_and_when_it_applies_change_the_digits(
    two_halves: dict[str, Any], rule: str, at: str, a: str, b: str, overall: str
) -> None:
    two_halves["scoring"] = {"rounding": {"rule": rule, "places": 0, "at": at}}
    method = edition_from_data(two_halves)
    result = score(method, {"a1": "o1", "b1": "o1"})

    def shown(value: Fraction | None) -> Decimal:
        assert value is not None
        return method.rules.rounding.round(value)

    assert (shown(result.areas["a"].score), shown(result.areas["b"].score)) == (
        Decimal(a),
        Decimal(b),
    )
    assert shown(result.overall.score) == Decimal(overall)
    if at == "each_level":
        # The scores themselves are the rounded figures the next level summed.
        assert result.areas["a"].score == Fraction(a)
        assert result.overall.score == Fraction(overall)


def test_the_default_rounding_is_half_up_to_two_decimals_once_at_the_end(
    two_halves: dict[str, Any],
) -> None:
    method = edition_from_data(two_halves)

    assert method.rules.rounding == Rounding(RoundingRule.HALF_UP, 2, RoundingTime.END)
    assert score(method, {"a1": "o1", "b1": "o1"}).areas["a"].score == Fraction(25, 2)


def test_the_results_file_rounds_by_the_editions_rule(two_halves: dict[str, Any]) -> None:
    two_halves["scoring"] = {"rounding": {"rule": "half_even", "places": 0}}
    method = edition_from_data(two_halves)
    result = score(method, {"a1": "o1", "b1": "o1"})

    csv = results_as_csv([result], method)
    assert "m,area,a,scored,12,1,8,0,1\n" in csv
    assert '"rounding": "half to even to 0 decimals, after exact computation"' in (
        results_as_json([result], method)
    )


# Negative points.


@pytest.fixture
def penalties() -> Method:
    return load(
        area(
            "a",
            choice("a1", -2, 0, 2),
            yes_no("a2", yes=1, no=-1),
            choice("a3", -1, 1, 3),
            question(
                "a4",
                "multiple_choice",
                options=[option("x", 2), option("y", 1), option("z", -1)],
            ),
        ),
        scoring={"negative_points": True},
    )


def test_negative_points_lower_the_score_and_the_best_answer_sets_the_maximum(
    penalties: Method,
) -> None:
    """a1 −2 of 2 → −1; a2 1 of 1 → 1; a3 1 of 3 → 1/3; a4 {x, z} 2 − 1 = 1 of 3 → 1/3.

    A multiple choice's maximum chooses every option worth more than zero: x + y = 3.
    area: 100 × (−1 + 1 + 1/3 + 1/3) / 4 = 100 × 2/12 = 16.666… → 16.67
    raw: −2 + 1 + 1 + 1 = 1 of 2 + 1 + 3 + 3 = 9 → 11.11 %
    """
    result = score(penalties, {"a1": "o0", "a2": "yes", "a3": "o1", "a4": frozenset("xz")})

    assert result.questions["a1"].points == -2
    assert result.questions["a4"].max_points == 3
    assert result.areas["a"].score == Fraction(50, 3)
    assert (result.areas["a"].raw, result.areas["a"].raw_max) == (1, 9)
    assert result.areas["a"].raw_percent == Fraction(100, 9)


def test_an_area_score_may_fall_below_zero(penalties: Method) -> None:
    """a1 −1, a2 −1, a3 −1/3, a4 {z} −1/3: 100 × (−8/3) / 4 = −66.666… → −66.67."""
    result = score(penalties, {"a1": "o0", "a2": "no", "a3": "o0", "a4": frozenset("z")})

    assert result.areas["a"].score == Fraction(-200, 3)
    assert penalties.rules.rounding.round(result.areas["a"].score) == Decimal("-66.67")


def test_negative_points_are_refused_unless_the_edition_allows_them() -> None:
    assert problems(edition(area("a", choice("a1", -1, 1)))) == {
        ("$.areas[0].questions[0]", 'points below zero need "negative_points": true in "scoring"')
    }


# Several options on a single-choice question.


@pytest.fixture
def several() -> Method:
    return load(
        area(
            "a",
            choice("capped", 0, 1, 2, 3, several="capped"),
            choice("summed", 0, 1, 2, 3, several="summed"),
        )
    )


def test_several_options_add_up_capped_at_the_best_option_or_not(several: Method) -> None:
    """Both questions' maximum is their best option: 3.

    capped {o2, o3}: 2 + 3 = 5, capped at 3 → 1
    summed {o1, o3}: 1 + 3 = 4, no cap → 4/3
    area: 100 × (1 + 4/3) / 2 = 100 × 7/6 = 116.666… → 116.67
    """
    result = score(several, {"capped": frozenset({"o2", "o3"}), "summed": frozenset({"o1", "o3"})})

    assert result.questions["capped"].points == 3
    assert result.questions["summed"].points == 4
    assert result.questions["summed"].max_points == 3
    assert result.areas["a"].score == Fraction(350, 3)


def test_a_single_choice_that_allows_several_still_takes_one_option(several: Method) -> None:
    """capped o2 → 2/3; summed {o1, o2} → 3/3: 100 × (2/3 + 1) / 2 = 83.33."""
    result = score(several, {"capped": "o2", "summed": frozenset({"o1", "o2"})})

    assert result.areas["a"].score == Fraction(250, 3)
    assert several.question("summed").parse_answer("o1|o2") == frozenset({"o1", "o2"})
    assert several.question("summed").parse_answer("o1") == "o1"


def test_only_a_single_choice_may_allow_several_options() -> None:
    document = edition(
        area("a", question("m", "multiple_choice", options=[option("x", 1), option("y", 1)]))
    )
    document["areas"][0]["questions"][0]["several"] = "capped"

    assert problems(document) == {
        ("$.areas[0].questions[0].several", "a multiple_choice question cannot have 'several'")
    }


# An answer "does not apply".


def does_not_apply_edition(**fields: Any) -> Method:
    na = {"id": "na", "label": text("Does not apply"), "not_applicable": True}
    d1 = choice("d1", 0, 1, 2)
    d1["options"].append(na)
    return load(area("a", d1, yes_no("d2"), yes_no("d3")), **fields)


def test_the_answer_does_not_apply_takes_its_question_out_of_the_maximum() -> None:
    """d1 "does not apply"; d2 yes 1 of 1; d3 no 0 of 1 → 100 × 1 / 2 = 50.

    Without d1's answer taking it out it would be 100 × 1 / 3 = 33.33.
    """
    method = does_not_apply_edition()
    result = score(method, {"d1": "na", "d2": "yes", "d3": "no"})

    assert result.questions["d1"].status == QuestionStatus.ANSWERED_NOT_APPLICABLE
    assert result.areas["a"].score == 50
    assert (result.areas["a"].raw, result.areas["a"].raw_max) == (1, 2)


def test_the_does_not_apply_option_earns_no_points() -> None:
    d1 = choice("d1", 0, 1)
    d1["options"].append(
        {"id": "na", "label": text("Does not apply"), "not_applicable": True, "points": 0}
    )

    assert problems(edition(area("a", d1))) == {
        ("$.areas[0].questions[0].options[2].points", 'the "does not apply" option earns no points')
    }


# Whose maximum: the member's own, or its group's.


def maximum_edition(maximum: str) -> Method:
    return load(
        area(
            "a",
            choice("g1", 0, 1, 2),
            yes_no("g2", not_applicable_when=[{"members": {"country": ["NO"]}}]),
            yes_no("g3", not_applicable_when=[{"answer": {"question": "g1", "in": ["o1"]}}]),
            yes_no("g4", unanswered="excluded"),
        ),
        scoring={"maximum": maximum},
    )


def test_the_members_own_maximum_leaves_out_every_question_that_does_not_count_for_it() -> None:
    """Oslo (Norway): g1 1 of 2; g2 not for Norway; g3 not after g1 = o1; g4 unanswered.

    area: 100 × (1/2) / 1 = 50; raw 1 of 2
    """
    result = score(maximum_edition("member"), {"g1": "o1"}, "oslo", country="NO")

    assert result.areas["a"].score == 50
    assert (result.areas["a"].raw, result.areas["a"].raw_max) == (1, 2)


def test_the_groups_maximum_keeps_what_only_this_members_answers_left_out() -> None:
    """The group is every Norwegian member: g2 stays out, g3 and g4 count as 0.

    area: 100 × (1/2 + 0 + 0) / 3 = 16.666… → 16.67; raw 1 of 2 + 1 + 1 = 4 → 25 %
    """
    result = score(maximum_edition("group"), {"g1": "o1"}, "oslo", country="NO")

    assert result.areas["a"].score == Fraction(50, 3)
    assert result.areas["a"].raw_percent == 25
    assert result.questions["g2"].points is None
    assert result.questions["g3"].status == QuestionStatus.NOT_APPLICABLE
    assert (result.questions["g3"].points, result.questions["g3"].max_points) == (0, 1)
    assert result.questions["g4"].is_counted


def test_with_the_groups_maximum_a_does_not_apply_answer_counts_as_zero() -> None:
    """d1 "does not apply" stays in the group's maximum: 100 × (0 + 1 + 0) / 3 = 33.33."""
    method = does_not_apply_edition(scoring={"maximum": "group"})

    assert score(method, {"d1": "na", "d2": "yes", "d3": "no"}).areas["a"].score == Fraction(100, 3)


# Questions that weigh in the maximum without earning points.


def test_a_question_may_count_in_the_maximum_without_earning_points() -> None:
    """m1 yes 1 of 1; m2 (maximum only) 0 of 2, whatever the answer.

    area: 100 × (1 + 0) / 2 = 50; raw 1 of 3 → 33.33 %
    """
    method = load(area("a", yes_no("m1"), choice("m2", 0, 1, 2, maximum_only=True)))
    result = score(method, {"m1": "yes", "m2": "o2"})

    assert result.questions["m2"].status == QuestionStatus.MAXIMUM_ONLY
    assert (result.questions["m2"].points, result.questions["m2"].max_points) == (0, 2)
    assert result.areas["a"].score == 50
    assert (result.areas["a"].raw, result.areas["a"].raw_max) == (1, 3)


# An empty area: no score, or zero.


@pytest.mark.parametrize(
    ("empty_area", "a_status", "a_score", "overall"),
    [("no_score", GroupStatus.NO_DATA, None, 100), ("zero", GroupStatus.SCORED, 0, 50)],
)
def test_an_empty_area_has_no_score_or_scores_zero(
    empty_area: str, a_status: GroupStatus, a_score: int | None, overall: int
) -> None:
    """Area a's only question is unanswered and excluded; b1 is yes: b = 100.

    no score: the overall score is b's alone, 100; zero: (0 + 100) / 2 = 50.
    """
    method = load(
        area("a", yes_no("a1", unanswered="excluded")),
        area("b", yes_no("b1")),
        scoring={"empty_area": empty_area},
    )
    result = score(method, {"b1": "yes"})

    assert (result.areas["a"].status, result.areas["a"].score) == (a_status, a_score)
    assert result.overall.score == overall


# The raw percentage in the results.


def test_the_results_may_give_the_raw_percentage() -> None:
    """q1 (weight 3) 1 of 2; q2 (weight 1) yes 1 of 1.

    score: 100 × (3 × 1/2 + 1) / 4 = 62.5; raw 2 of 3 → 66.67 %
    """
    method = load(
        area("a", choice("q1", 0, 1, 2, weight=3), yes_no("q2")), scoring={"raw_percent": True}
    )
    csv = results_as_csv([score(method, {"q1": "o1", "q2": "yes"})], method)

    assert csv.splitlines()[0].endswith(",weighted_max,raw_percent")
    assert "m,area,a,scored,62.50,2.00,3.00,2.50,4.00,66.67" in csv.splitlines()
    assert "m,question,q1,answered,50.00,1.00,2.00,1.50,3.00,50.00" in csv.splitlines()


# Levels: core requirements and a score threshold.


@pytest.fixture
def levels() -> Method:
    return load(
        area("a", yes_no("c1"), choice("c2", 0, 1, 2), choice("c3", 0, 1, 2)),
        levels=[
            {"id": "bronze", "title": text("Bronze"), "min_score": 40,
             "requires": [{"question": "c1", "in": ["yes"]}]},
            {"id": "silver", "title": text("Silver"), "min_score": 70},
            {"id": "gold", "title": text("Gold"), "min_score": 90,
             "requires": [{"question": "c2", "in": ["o2"]}]},
        ],
    )  # fmt: skip


def test_a_member_reaches_each_level_whose_requirements_and_threshold_it_meets(
    levels: Method,
) -> None:
    """c1 yes, c2 1 of 2, c3 2 of 2: 100 × (1 + 1/2 + 1) / 3 = 83.33.

    bronze (c1 yes, ≥ 40) and silver (≥ 70) are reached; gold needs 90 and c2 = o2.
    """
    result = score(levels, {"c1": "yes", "c2": "o1", "c3": "o2"})

    assert [(r.id, r.reached, r.score_met, r.unmet) for r in result.levels] == [
        ("bronze", True, True, ()),
        ("silver", True, True, ()),
        ("gold", False, False, ("c2",)),
    ]
    assert result.level == "silver"


def test_a_missing_core_requirement_stops_every_level_above_it(levels: Method) -> None:
    """c1 no, c2 2 of 2, c3 2 of 2: 100 × 4 / 6 = 66.67, but bronze needs c1 yes."""
    result = score(levels, {"c1": "no", "c2": "o2", "c3": "o2"})

    assert [(r.id, r.reached, r.score_met) for r in result.levels] == [
        ("bronze", False, True),
        ("silver", False, False),
        ("gold", False, False),
    ]
    assert result.level is None


def test_a_threshold_is_met_by_the_score_as_displayed() -> None:
    """q1 1 of 3, q2 3 of 3: 100 × (1/3 + 1) / 2 = 66.666…, shown 66.67.

    The exact score is below 66.67, but the score shown reaches it (and not 66.68).
    """
    method = load(
        area("a", choice("q1", 0, 1, 2, 3), choice("q2", 0, 1, 2, 3)),
        levels=[
            {"id": "pass", "title": text("Pass"), "min_score": 66.67},
            {"id": "merit", "title": text("Merit"), "min_score": 66.68},
        ],
    )
    result = score(method, {"q1": "o1", "q2": "o3"})

    assert result.level == "pass"


def test_a_requirement_names_an_option_of_a_choice_question() -> None:
    document = edition(
        area("a", yes_no("c1")),
        levels=[{"id": "l", "title": text("L"), "requires": [{"question": "c1", "in": ["maybe"]}]}],
    )

    assert problems(document) == {
        ("$.levels[0].requires[0].in[0]", "'maybe' is not an option of question 'c1'")
    }


def test_the_json_results_give_the_level_reached_and_what_is_missing(levels: Method) -> None:
    document = json.loads(results_as_json([score(levels, {"c1": "yes", "c2": "o1"})], levels))
    member = document["members"][0]

    # c1 1 of 1, c2 1 of 2, c3 unanswered 0 of 2: 100 × (1 + 1/2) / 3 = 50: bronze only.
    assert member["overall"]["score"] == 50.0
    assert member["level"] == "bronze"
    assert member["levels"]["gold"] == {"reached": False, "score_met": False, "unmet": ["c2"]}
