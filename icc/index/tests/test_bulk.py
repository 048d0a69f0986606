"""The bulk path scores every member exactly as the engine does, and ranks like the pages."""

from fractions import Fraction
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from icc.index import bulk
from icc.index.methodology import edition_from_data
from icc.index.scoring import score_member
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


def test_fast_path_equals_the_engine_on_random_numbers() -> None:
    import random

    from icc.index.scoring import Member

    def text(words: str) -> dict[str, str]:
        return {"en": words, "fr": words}

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
