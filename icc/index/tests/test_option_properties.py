"""Properties of the scoring options over generated editions.

Naming every option at its default changes no figure; one dimension holding a whole
area scores as the area; every option scores alike with or without the questions'
results (the stored scores are the engine's, rounded by the edition's rule); and
rounding at each level leaves every level holding a rounded figure.
"""

import copy
from fractions import Fraction
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from icc.index.method.loader import edition_from_data
from icc.index.method.parts import Answer, Method, QuestionKind
from icc.index.method.scoring import score_member
from icc.index.tests.documents import text
from icc.index.tests.test_properties import MEMBERS, SETTINGS, all_scores, editions, group_scores

# Fewer examples than the engine's own properties: each one scores every member twice.
OPTION_SETTINGS = settings(SETTINGS, max_examples=20)
DEFAULTS = {
    "rounding": {"rule": "half_up", "places": 2, "at": "end"},
    "negative_points": False,
    "maximum": "member",
    "empty_area": "no_score",
    "raw_percent": False,
}


@st.composite
def with_options(draw: st.DrawFn, document: dict[str, Any]) -> dict[str, Any]:
    """Return a copy of ``document`` using scoring options drawn at random."""
    document = copy.deepcopy(document)
    document["scoring"] = {
        "rounding": {
            "rule": draw(st.sampled_from(["half_up", "half_even"])),
            "places": draw(st.sampled_from([0, 1, 2])),
            "at": draw(st.sampled_from(["end", "each_level"])),
        },
        "negative_points": True,
        "maximum": draw(st.sampled_from(["member", "group"])),
        "empty_area": draw(st.sampled_from(["no_score", "zero"])),
    }
    for area in document["areas"]:
        questions = area["questions"]
        if draw(st.booleans()):
            count = draw(st.integers(1, len(questions)))
            area["dimensions"] = [
                {"id": f"{area['id']}.d{n}", "title": text(f"d{n}")} for n in range(count)
            ]
            for index, item in enumerate(questions):
                # The first questions fill every dimension once; the others go anywhere.
                n = index if index < count else draw(st.integers(0, count - 1))
                item["dimension"] = f"{area['id']}.d{n}"
        for item in questions:
            options = item.get("options")
            if item["kind"] == "single_choice" and draw(st.booleans()):
                item["several"] = draw(st.sampled_from(["capped", "summed"]))
            if options and len(options) > 2 and "max_points" not in item and draw(st.booleans()):
                options[-1]["points"] = -1  # the first option is worth 1 or more
            if item["kind"] == "single_choice" and draw(st.integers(0, 3)) == 0:
                options.append({"id": "na", "label": text("n/a"), "not_applicable": True})
            if draw(st.integers(0, 5)) == 0:
                item["maximum_only"] = True
    return document


def answer(draw: Any, method: Method, question_id: str) -> Answer:
    item = method.question(question_id)
    ids = [option.id for option in item.options]
    if item.kind == QuestionKind.PERCENTAGE:
        return Fraction(draw(st.integers(0, 100)))
    if item.kind == QuestionKind.MULTIPLE_CHOICE or (item.several and draw(st.booleans())):
        chosen = draw(st.sets(st.sampled_from([i for i in ids if i != "na"]), min_size=1))
        return frozenset(chosen)
    return draw(st.sampled_from(ids))


def answers_for(data: st.DataObject, method: Method) -> dict[str, dict[str, Answer]]:
    return {
        member.id: {
            item.id: answer(data.draw, method, item.id)
            for item in method.questions
            if data.draw(st.integers(0, 4)) > 0
        }
        for member in MEMBERS
    }


@OPTION_SETTINGS
@given(data=st.data(), document=editions())
def test_naming_every_option_at_its_default_changes_no_figure(
    data: st.DataObject, document: dict[str, Any]
) -> None:
    plain = edition_from_data(document)
    named = edition_from_data(document | {"scoring": DEFAULTS})
    answers = answers_for(data, plain)

    assert not named.uses_options
    for member in MEMBERS:
        one = score_member(plain, member, answers[member.id])
        other = score_member(named, member, answers[member.id])
        assert all_scores(one) == all_scores(other)
        assert one.overall == other.overall


@OPTION_SETTINGS
@given(data=st.data(), document=editions())
def test_one_dimension_holding_a_whole_area_scores_as_the_area(
    data: st.DataObject, document: dict[str, Any]
) -> None:
    plain = edition_from_data(document)
    dimensioned = copy.deepcopy(document)
    for area in dimensioned["areas"]:
        area["dimensions"] = [{"id": f"{area['id']}.all", "title": text("All")}]
        for item in area["questions"]:
            item["dimension"] = f"{area['id']}.all"
    method = edition_from_data(dimensioned)
    answers = answers_for(data, plain)

    for member in MEMBERS:
        one = score_member(plain, member, answers[member.id])
        other = score_member(method, member, answers[member.id])
        for area_id, result in one.areas.items():
            assert other.areas[area_id].score == result.score
            assert other.dimensions[f"{area_id}.all"].score == result.score
        assert other.overall.score == one.overall.score


@OPTION_SETTINGS
@given(data=st.data(), document=editions().flatmap(with_options))
def test_every_option_scores_alike_with_or_without_question_results(
    data: st.DataObject, document: dict[str, Any]
) -> None:
    method = edition_from_data(document)
    answers = answers_for(data, method)
    rounding = method.rules.rounding

    assert method.uses_options
    for member in MEMBERS:
        full = score_member(method, member, answers[member.id])
        quick = score_member(method, member, answers[member.id], with_questions=False)
        assert group_scores(full) == group_scores(quick)
        assert full.dimensions == quick.dimensions
        if method.rules.rounds_each_level:
            # Every level holds the rounded figure the level above summed.
            scores = [*group_scores(full).values(), *(d.score for d in full.dimensions.values())]
            for value in scores:
                assert value is None or Fraction(rounding.round(value)) == value
