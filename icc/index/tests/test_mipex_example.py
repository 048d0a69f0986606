"""The MIPEX worked example: indicators → dimensions → policy areas → overall, by hand.

The edition file ``editions/mipex-example.json`` is a small subset shaped like the
MIPEX 2020 method (every indicator scores 100, 50 or 0; each level averages the one
below). docs/index-format.md (*Dimensions*) shows the same sums.
"""

import json
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest

from icc.index.method.loader import EDITIONS_DIR, edition_from_data, load_shipped_edition
from icc.index.method.parts import Method
from icc.index.method.scoring import Level, Member, MemberResult, score_member
from icc.index.method.tables import results_as_csv, results_as_json

ANSWERS = {
    "labour.access.employment": "full",
    "labour.access.self_employment": "partial",
    "labour.support.employment_services": "partial",
    "labour.support.qualifications": "none",
    "education.access.compulsory": "full",
    "education.access.higher": "full",
    "education.intercultural.curriculum": "none",
    "education.intercultural.teachers": "partial",
    "political.electoral.vote": "partial",
    "political.electoral.stand": "partial",
    "political.bodies.local": "full",
    "political.bodies.national": "full",
    "political.bodies.independent": "partial",
}


@pytest.fixture(scope="module")
def mipex() -> Method:
    return load_shipped_edition("mipex-example")


@pytest.fixture(scope="module")
def result(mipex: Method) -> MemberResult:
    return score_member(mipex, Member("example"), ANSWERS)


def test_a_dimension_averages_its_indicators(result: MemberResult) -> None:
    """labour.access (100 + 50) / 2 = 75; labour.support (50 + 0) / 2 = 25;
    education.access (100 + 100) / 2 = 100; education.intercultural (0 + 50) / 2 = 25;
    political.electoral (50 + 50) / 2 = 50; political.bodies (100 + 100 + 50) / 3 = 83.33.
    """
    scores = {key: dimension.score for key, dimension in result.dimensions.items()}

    assert scores == {
        "labour.access": 75,
        "labour.support": 25,
        "education.access": 100,
        "education.intercultural": 25,
        "political.electoral": 50,
        "political.bodies": Fraction(250, 3),
    }
    assert result.dimensions["political.bodies"].level == Level.DIMENSION
    bodies = result.dimensions["political.bodies"]
    assert (bodies.raw, bodies.raw_max) == (250, 300)


def test_a_policy_area_averages_its_dimensions(result: MemberResult) -> None:
    """labour (75 + 25) / 2 = 50; education (100 + 25) / 2 = 62.5;
    political (50 + 83.333…) / 2 = 66.666… → 66.67.
    """
    assert result.areas["labour"].score == 50
    assert result.areas["education"].score == Fraction(125, 2)
    assert result.areas["political"].score == Fraction(200, 3)
    assert result.areas["political"].contributions == {
        "political.electoral": 25,
        "political.bodies": Fraction(125, 3),
    }
    assert (result.areas["political"].raw, result.areas["political"].raw_max) == (350, 500)


def test_the_overall_score_averages_the_policy_areas(mipex: Method, result: MemberResult) -> None:
    """(50 + 62.5 + 66.666…) / 3 = 1075 / 18 = 59.722… → 59.72.

    Raw points add up as well: 200 + 250 + 350 = 800 of 1,300.
    """
    assert result.overall.score == Fraction(1075, 18)
    assert mipex.rules.rounding.round(result.overall.score) == Decimal("59.72")
    assert (result.overall.raw, result.overall.raw_max) == (800, 1300)


def test_without_the_dimension_level_the_figures_differ(mipex: Method) -> None:
    """The same indicators averaged straight into areas: political (50 + 50 + 100 + 100
    + 50) / 5 = 70, so overall (50 + 62.5 + 70) / 3 = 60.833… → 60.83, not 59.72.

    labour and education do not change: their dimensions hold two indicators each.
    """
    data = load_document()
    for area in data["areas"]:
        del area["dimensions"]
        for question in area["questions"]:
            del question["dimension"]
    flat = score_member(edition_from_data(data), Member("example"), ANSWERS)

    assert flat.areas["political"].score == 70
    assert flat.overall.score == Fraction(365, 6)
    assert flat.dimensions == {}


def test_the_results_list_the_dimensions_after_the_areas(
    mipex: Method, result: MemberResult
) -> None:
    rows = results_as_csv([result], mipex).splitlines()

    assert rows[1] == "example,overall,overall,scored,59.72,800.00,1300.00,1.79,3.00"
    assert "example,area,political,scored,66.67,350.00,500.00,1.33,2.00" in rows
    assert "example,dimension,political.bodies,scored,83.33,250.00,300.00,2.50,3.00" in rows
    assert rows.index("example,dimension,labour.access,scored,75.00,150.00,200.00,1.50,2.00") > (
        rows.index("example,area,political,scored,66.67,350.00,500.00,1.33,2.00")
    )


def load_document() -> dict[str, Any]:
    return json.loads((EDITIONS_DIR / "mipex-example.json").read_text(encoding="utf-8"))


def test_the_json_results_give_each_areas_dimensions_and_their_contributions(
    mipex: Method, result: MemberResult
) -> None:
    member = json.loads(results_as_json([result], mipex))["members"][0]

    assert member["dimensions"]["political.bodies"]["score"] == 83.33
    assert member["areas"]["political"]["contributions"] == {
        "political.electoral": 25.0,
        "political.bodies": 41.67,
    }
