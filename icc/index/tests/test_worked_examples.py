"""Two published scoring methods, expressed as editions and checked against sums done by hand."""

from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest

from icc.index.method.loader import edition_from_data
from icc.index.method.parts import Method
from icc.index.method.scoring import (
    Member,
    MemberResult,
    QuestionStatus,
    round_half_up,
    score_member,
)
from icc.index.tests.documents import area, choice, edition, part, question, text, yes_no


def rounded(value: Fraction | None) -> Decimal:
    assert value is not None
    return round_half_up(value)


def mipex_indicator(indicator_id: str) -> dict[str, Any]:
    """An indicator whose three options are worth 100, 50 and 0, as in MIPEX."""
    return choice(indicator_id, 100, 50, 0)


@pytest.fixture
def mipex() -> Method:
    return edition_from_data(
        edition(
            area("labour", *(mipex_indicator(f"labour.{n}") for n in range(3))),
            area("education", *(mipex_indicator(f"education.{n}") for n in range(2))),
            area("political", *(mipex_indicator(f"political.{n}") for n in range(4))),
        )
    )


def test_mipex_style_averages_indicators_into_strands_and_strands_into_the_overall_score(
    mipex: Method,
) -> None:
    """Options o0, o1, o2 are worth 100, 50, 0; every weight is 1.

    labour:    100, 50, 0       → (100 + 50 + 0) / 3      = 50
    education: 100, 50          → (100 + 50) / 2          = 75
    political: 0, 0, 50, 100    → (0 + 0 + 50 + 100) / 4  = 37.5
    overall:   (50 + 75 + 37.5) / 3 = 162.5 / 3 = 54.1666… → 54.17 (half up, 2 decimals)
    """
    answers = {
        "labour.0": "o0",
        "labour.1": "o1",
        "labour.2": "o2",
        "education.0": "o0",
        "education.1": "o1",
        "political.0": "o2",
        "political.1": "o2",
        "political.2": "o1",
        "political.3": "o0",
    }
    result = score_member(mipex, Member("lisbon"), answers)

    assert result.areas["labour"].score == 50
    assert result.areas["education"].score == 75
    assert result.areas["political"].score == Fraction(75, 2)
    assert result.overall.score == Fraction(325, 6)
    assert rounded(result.overall.score) == Decimal("54.17")


@pytest.fixture
def scorecards() -> Method:
    """Two sections, raw points, weights high/medium/low = 3/2/1, section weights by group.

    buildings: b1 (0/1/2 points, high), b2 (yes 1, medium, not for Scotland),
               b3 (four options of 1 point, at most 3, low, not for member "gla")
    transport: t1 (yes 2, high), t2 (0/1/2/3, medium, not when t1 is "no"),
               t3 (yes 1, low, not for type "CTY")
    section weights: single tier 0.6 / 0.4, county 0.3 / 0.7
    """
    multiple = question(
        "b3",
        "multiple_choice",
        options=[{"id": o, "label": text(o), "points": 1} for o in "wxyz"],
        max_points=3,
        weight=1,
        not_applicable_when=[{"members": {"member": ["gla"]}}],
    )
    return edition_from_data(
        edition(
            area(
                "buildings",
                choice("b1", 0, 1, 2, weight=3),
                yes_no(
                    "b2", weight=2, not_applicable_when=[{"members": {"country": ["scotland"]}}]
                ),
                multiple,
            ),
            area(
                "transport",
                yes_no("t1", yes=2, weight=3),
                choice(
                    "t2",
                    0,
                    1,
                    2,
                    3,
                    weight=2,
                    not_applicable_when=[{"answer": {"question": "t1", "in": ["no"]}}],
                ),
                yes_no("t3", weight=1, not_applicable_when=[{"members": {"type": ["CTY"]}}]),
            ),
            overall=[
                part("buildings", {"by": "group", "values": {"single": 0.6, "county": 0.3}}),
                part("transport", {"by": "group", "values": {"single": 0.4, "county": 0.7}}),
            ],
        )
    )


def score(
    edition: Method, member_id: str, answers: dict[str, Any], **attributes: str
) -> MemberResult:
    return score_member(edition, Member(member_id, attributes), answers)


def test_scorecards_style_excludes_by_answer_and_weighs_sections_for_single_tier_councils(
    scorecards: Method,
) -> None:
    """Leeds (single tier, England): t1 is "no", so t2 does not apply.

    buildings: b1 1/2, b2 1/1, b3 2/3
        raw 1 + 1 + 2 = 4 of 2 + 1 + 3 = 6 → 66.67 %
        weighted 3×1/2 + 2×1/1 + 1×2/3 = 25/6 of 3 + 2 + 1 = 6 → 100 × 25/36 = 69.44
    transport: t1 0/2, t2 not applicable, t3 1/1
        raw 1 of 3 → 33.33 %; weighted 3×0 + 1×1 = 1 of 4 → 25.00
    overall: 0.6 × 69.444… + 0.4 × 25 = 41.666… + 10 = 51.67
        raw 5 of 9 → 55.56 %
    """
    result = score(
        scorecards,
        "leeds",
        {"b1": "o1", "b2": "yes", "b3": frozenset({"x", "y"}), "t1": "no", "t2": "o2", "t3": "yes"},
        group="single",
        type="MD",
        country="england",
    )

    buildings, transport = result.areas["buildings"], result.areas["transport"]
    assert (buildings.raw, buildings.raw_max, rounded(buildings.raw_percent)) == (
        4,
        6,
        Decimal("66.67"),
    )
    assert (buildings.weighted, buildings.weighted_max) == (Fraction(25, 6), 6)
    assert rounded(buildings.score) == Decimal("69.44")
    assert result.questions["t2"].status == QuestionStatus.NOT_APPLICABLE
    assert (transport.raw, transport.raw_max, transport.weighted, transport.weighted_max) == (
        1,
        3,
        1,
        4,
    )
    assert transport.score == 25
    assert result.overall.score == Fraction(155, 3)
    assert rounded(result.overall.score) == Decimal("51.67")
    assert rounded(result.overall.contributions["buildings"]) == Decimal("41.67")
    assert rounded(result.overall.contributions["transport"]) == Decimal("10.00")
    assert rounded(result.overall.raw_percent) == Decimal("55.56")


def test_scorecards_style_excludes_a_question_by_country_and_caps_a_multiple_choice(
    scorecards: Method,
) -> None:
    """Fife (single tier, Scotland): b2 does not apply in Scotland; b3's four points cap at 3.

    buildings: b1 2/2, b3 3/3 → raw 5 of 5; weighted 3×1 + 1×1 = 4 of 4 → 100.00
    transport: t1 2/2, t2 1/3, t3 0/1
        raw 3 of 6 → 50.00 %; weighted 3×1 + 2×1/3 + 1×0 = 11/3 of 6 → 100 × 11/18 = 61.11
    overall: 0.6 × 100 + 0.4 × 61.111… = 60 + 24.444… = 84.44
    """
    result = score(
        scorecards,
        "fife",
        {"b1": "o2", "b2": "no", "b3": frozenset("wxyz"), "t1": "yes", "t2": "o1", "t3": "no"},
        group="single",
        type="UA",
        country="scotland",
    )

    assert result.questions["b2"].status == QuestionStatus.NOT_APPLICABLE
    assert result.questions["b3"].points == 3
    assert result.areas["buildings"].score == 100
    assert rounded(result.areas["transport"].raw_percent) == Decimal("50.00")
    assert result.areas["transport"].weighted == Fraction(11, 3)
    assert rounded(result.areas["transport"].score) == Decimal("61.11")
    assert rounded(result.overall.score) == Decimal("84.44")


def test_scorecards_style_excludes_by_type_and_weighs_sections_for_counties(
    scorecards: Method,
) -> None:
    """Kent (county, type CTY): t3 does not apply to counties; sections weigh 0.3 and 0.7.

    buildings: b1 0/2, b2 1/1, b3 1/3
        raw 2 of 6; weighted 0 + 2×1 + 1×1/3 = 7/3 of 6 → 100 × 7/18 = 38.89
    transport: t1 2/2, t2 3/3, t3 not applicable → raw 5 of 5; weighted 5 of 5 → 100
    overall: 0.3 × 38.888… + 0.7 × 100 = 11.666… + 70 = 81.67
    """
    result = score(
        scorecards,
        "kent",
        {"b1": "o0", "b2": "yes", "b3": frozenset({"x"}), "t1": "yes", "t2": "o3"},
        group="county",
        type="CTY",
        country="england",
    )

    assert result.questions["t3"].status == QuestionStatus.NOT_APPLICABLE
    assert rounded(result.areas["buildings"].score) == Decimal("38.89")
    assert result.areas["transport"].score == 100
    assert rounded(result.overall.score) == Decimal("81.67")


def test_scorecards_style_excludes_by_member_and_counts_unanswered_questions_as_zero(
    scorecards: Method,
) -> None:
    """The GLA (single tier): b3 does not apply to it alone; t1 and t2 are left unanswered.

    An unanswered t1 is no "no", so t2 still applies, and both count as zero.
    buildings: b1 2/2, b2 0/1 → raw 2 of 3; weighted 3×1 + 2×0 = 3 of 5 → 60.00
    transport: t1 0/2, t2 0/3, t3 1/1 → raw 1 of 6; weighted 1 of 6 → 16.67
    overall: 0.6 × 60 + 0.4 × 16.666… = 36 + 6.666… = 42.67
    """
    result = score(
        scorecards,
        "gla",
        {"b1": "o2", "b2": "no", "b3": frozenset({"x", "y", "z"}), "t3": "yes"},
        group="single",
        type="GLA",
        country="england",
    )

    assert result.questions["b3"].status == QuestionStatus.NOT_APPLICABLE
    assert result.questions["t2"].status == QuestionStatus.UNANSWERED_ZERO
    assert result.areas["buildings"].score == 60
    assert rounded(result.areas["transport"].score) == Decimal("16.67")
    assert rounded(result.overall.score) == Decimal("42.67")
