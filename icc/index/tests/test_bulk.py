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
