"""The bulk path scores every member exactly as the engine does, and ranks like the pages."""

from decimal import Decimal
from fractions import Fraction
from typing import Any

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from icc.index.method.loader import edition_from_data
from icc.index.method.scoring import Member, round_half_up, score_member
from icc.index.results import bulk
from icc.index.tests import documents
from icc.index.tests.documents import area, choice, part, question, yes_no
from icc.index.tests.test_properties import MEMBERS, SETTINGS, answer_sets, editions


def linear(node: Any) -> Any:
    """Return the document without rules, attribute weights or excluded unanswered questions."""
    if isinstance(node, list):
        return [linear(item) for item in node]
    if not isinstance(node, dict):
        return node
    result = {}
    for key, value in node.items():
        if key == "not_applicable_when":
            continue
        if key == "weight" and isinstance(value, dict):
            value = value["default"]
        if key == "unanswered":
            value = "zero"
        result[key] = linear(value)
    return result


@SETTINGS
@given(data=st.data(), document=editions(), simplify=st.booleans())
def test_bulk_scores_equal_the_engine(data: st.DataObject, document: Any, simplify: bool) -> None:
    edition = edition_from_data(linear(document) if simplify else document)
    answers = {member.id: data.draw(answer_sets(edition)) for member in MEMBERS}

    scores = bulk.overall_scores(edition, MEMBERS, answers)

    for member in MEMBERS:
        expected = score_member(edition, member, answers[member.id]).overall.score
        assert scores[member.id] == expected
    if simplify and not (
        edition.optional_areas_counted and any(area.is_optional for area in edition.areas)
    ):
        assert bulk.linear_form(edition) is not None


def test_ranks_share_ties_within_groups() -> None:
    scores = {"a": Fraction(90), "b": Fraction(80), "c": Fraction(80), "d": Fraction(70), "e": None}
    assert bulk.ranks(scores) == {"a": 1, "b": 2, "c": 2, "d": 4}
    groups = {"a": "big", "b": "small", "c": "big", "d": "small", "e": "big"}
    assert bulk.ranks(scores, groups) == {"a": 1, "c": 2, "b": 1, "d": 2}


def text(words: str) -> dict[str, str]:
    return {"en": words, "fr": words}


def test_fast_path_equals_the_engine_on_random_numbers() -> None:
    import random

    bands = [
        {"from": 0, "to": 12.5, "points": 0},
        {"from": 12.5, "to": 40, "points": 1},
        {"from": 40, "points": 3},
    ]
    questions: list[dict[str, Any]] = [
        {"id": "share", "text": text("share"), "kind": "percentage", "data": "input",
         "weight": 2, "bands": bands},
        {"id": "pick", "text": text("pick"), "kind": "single_choice", "data": "input",
         "options": [{"id": o, "label": text(o), "points": p} for o, p in (("a", 0), ("b", 2))]},
    ]  # fmt: skip
    edition = edition_from_data(
        {
            "format": "icc-index-edition/1",
            "id": "random",
            "title": text("Random"),
            "areas": [{"id": "area", "title": text("Area"), "questions": questions}],
            "overall": {"parts": [{"part": "area"}]},
        }
    )
    rng = random.Random(11)  # noqa: S311 (test data)
    members = [Member(f"m{i}") for i in range(300)]
    # Values on both sides of each band's edge, whole and not, many met more than once.
    values = [Fraction(25, 2), Fraction(12), Fraction(40), Fraction(79, 2), Fraction(1, 3)]
    answers: dict[str, dict[str, Any]] = {
        member.id: {
            "share": rng.choice(values) + rng.choice([Fraction(0), Fraction(60), Fraction(1, 7)]),
            "pick": rng.choice(["a", "b"]),
        }
        for member in members
    }

    scores = bulk.overall_scores(edition, members, answers)

    assert bulk.linear_form(edition) is not None
    for member in members:
        expected = score_member(edition, member, answers[member.id]).overall.score
        assert scores[member.id] == expected


def assert_network_scores_equal_the_engine(edition: Any, members: Any, answers: Any) -> None:
    found = bulk.network_scores(edition, members, answers)
    areas, overall = found.area_hundredths(), found.overall_hundredths()
    assert found.area_ids == tuple(area.id for area in edition.areas)
    for index, member in enumerate(members):
        result = score_member(edition, member, answers.get(member.id, {}))
        assert found.overall_score(index) == result.overall.score
        if result.overall.score is not None:
            assert overall[index] == round_half_up(result.overall.score) * 100
        for column, area_id in enumerate(found.area_ids):
            expected = result.areas[area_id].score
            assert found.area_score(index, column) == expected
            assert bool(found.has_area[index, column]) is (expected is not None)
            if expected is not None:
                assert areas[index, column] == round_half_up(expected) * 100


@SETTINGS
@given(data=st.data(), document=editions(), simplify=st.booleans())
def test_network_area_and_overall_scores_equal_the_engine(
    data: st.DataObject, document: Any, simplify: bool
) -> None:
    edition = edition_from_data(linear(document) if simplify else document)
    answers = {member.id: data.draw(answer_sets(edition)) for member in MEMBERS}
    del answers[MEMBERS[-1].id]  # a member without answers scores as one who answered nothing

    assert_network_scores_equal_the_engine(edition, MEMBERS, answers)


def test_huge_units_fall_back_to_python_integers_exactly() -> None:
    # Points with nine decimals, different in each question, make units and denominators
    # that no 64-bit field or int64 array can hold.
    primes = [1_000_000_007, 998_244_353, 2_147_483_647, 4_294_967_291, 999_999_937, 3]

    def options(n: int) -> list[dict[str, Any]]:
        return [
            {"id": f"o{i}", "label": text("o"), "points": Decimal(primes[n + i]) / 10**9}
            for i in range(3)
        ]

    document = {
        "format": "icc-index-edition/1",
        "id": "huge",
        "title": text("Huge"),
        "areas": [
            {
                "id": f"a{a}",
                "title": text("A"),
                "questions": [
                    {"id": f"q{a}.{n}", "text": text("q"), "kind": "multiple_choice",
                     "data": "input", "weight": Decimal(primes[n + 1]) / 10**9,
                     "options": options(n)}
                    for n in range(3)
                ],
            }
            for a in range(2)
        ],
        "overall": {"parts": [{"part": "a0", "weight": 3}, {"part": "a1", "weight": 7}]},
    }  # fmt: skip
    edition = edition_from_data(document)
    members = [Member(f"m{i}") for i in range(12)]
    answers = {
        member.id: {
            f"q{a}.{n}": frozenset(f"o{i}" for i in range(3) if (index + a + n + i) % 3)
            for a in range(2)
            for n in range(3)
            if (index + n) % 4
        }
        for index, member in enumerate(members)
    }

    assert bulk.network_scores(edition, members, answers).areas.dtype == object
    assert_network_scores_equal_the_engine(edition, members, answers)


@given(
    scores=st.lists(st.integers(0, 6), min_size=1, max_size=30),
    groups=st.lists(st.integers(0, 2), min_size=30, max_size=30),
)
def test_group_ranks_equal_ranks(scores: list[int], groups: list[int]) -> None:
    by_id = {f"m{i}": Fraction(score) for i, score in enumerate(scores)}
    group_of = {f"m{i}": groups[i] for i in range(len(scores))}

    whole = bulk.group_ranks(np.array(scores))
    grouped = bulk.group_ranks(np.array(scores), np.array(groups[: len(scores)]))

    assert dict(zip(by_id, whole.tolist(), strict=True)) == bulk.ranks(by_id)
    assert dict(zip(by_id, grouped.tolist(), strict=True)) == bulk.ranks(by_id, group_of)


def test_an_optional_area_is_taken_by_answering_a_question_that_earns_no_points() -> None:
    fact = question("size", "free_text")
    extra = area("extra", fact, choice("e1", 0, 2), yes_no("e2"), optional=True)
    document = documents.edition(area("core", choice("c1", 0, 1, 3)), extra)
    document["overall"] = {"parts": [part("core"), part("extra")]}
    edition = edition_from_data(document)
    members = [Member("fact-only"), Member("scored"), Member("none")]
    answers: dict[str, dict[str, Any]] = {
        "fact-only": {"size": "Large", "c1": "o2"},
        "scored": {"e2": "yes"},
        "none": {"c1": "o1"},
    }

    found = bulk.network_scores(edition, members, answers)

    assert found.has_area.tolist() == [[True, True], [True, True], [True, False]]
    assert found.area_score(0, 1) == 0  # taken, nothing earned
    assert_network_scores_equal_the_engine(edition, members, answers)
