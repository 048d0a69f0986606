"""Properties of the scoring engine that hold for every edition and every set of answers.

Editions are generated as documents and go through the loader, so every
generated edition is one the loader accepts.
"""

import copy
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from typing import Any

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from icc.index.method.loader import edition_from_data
from icc.index.method.parts import (
    Answer,
    AnswerRule,
    MemberRule,
    Method,
    Question,
    QuestionKind,
    Unanswered,
)
from icc.index.method.scoring import Member, MemberResult, score_member
from icc.index.tests.documents import area, edition, option, part, question, text

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
MEMBERS = [
    Member("lyon", {"country": "FR", "group": "large"}),
    Member("oslo", {"country": "NO", "group": "large"}),
    Member("rijeka", {"country": "HR"}),
]

points = st.integers(min_value=0, max_value=6)
positive = st.integers(min_value=1, max_value=40).map(lambda n: Decimal(n) / 4)


@st.composite
def weights(draw: st.DrawFn) -> Any:
    """Draw a weight: a positive number, or weights by the member's group with a default."""
    if draw(st.booleans()):
        return draw(positive)
    return {"by": "group", "values": {"large": draw(positive)}, "default": draw(positive)}


@st.composite
def scored_questions(draw: st.DrawFn, question_id: str) -> dict[str, Any]:
    """Draw a scored question of any kind whose best answer is worth more than zero."""
    kind = draw(st.sampled_from(["single_choice", "multiple_choice", "yes_no", "percentage"]))
    fields: dict[str, Any] = {"weight": draw(weights())}
    if draw(st.booleans()):
        fields["unanswered"] = draw(st.sampled_from(["zero", "excluded"]))
    if draw(st.integers(0, 3)) == 0:
        fields["not_applicable_when"] = [
            {"members": draw(st.sampled_from([{"country": ["NO"]}, {"member": ["rijeka"]}]))}
        ]
    if kind == "yes_no":
        yes, no = draw(points), draw(points)
        return question(question_id, kind, points={"yes": max(yes, 1), "no": no}, **fields)
    if kind == "percentage":
        cuts = sorted(draw(st.sets(st.integers(1, 99), max_size=3)))
        values = draw(st.lists(points, min_size=len(cuts) + 1, max_size=len(cuts) + 1))
        values[-1] = max(values[-1], 1)
        edges = [None, *cuts, None]
        bands = [
            {k: v for k, v in (("from", low), ("to", high), ("points", value)) if v is not None}
            for low, high, value in zip(edges, edges[1:], values, strict=False)
        ]
        bands[0]["from"] = 0
        return question(question_id, kind, bands=bands, **fields)
    values = draw(st.lists(points, min_size=2, max_size=4))
    values[0] = max(values[0], 1)
    options = [option(f"o{index}", value) for index, value in enumerate(values)]
    if kind == "multiple_choice" and draw(st.booleans()):
        fields["max_points"] = draw(st.integers(1, sum(values)))
    return question(question_id, kind, options=options, **fields)


@st.composite
def editions(draw: st.DrawFn) -> dict[str, Any]:
    """Draw an edition document: areas, maybe optional ones, maybe a composite, weighted parts."""
    areas = []
    earlier: list[dict[str, Any]] = []
    for a in range(draw(st.integers(1, 4))):
        count = draw(st.integers(1, 4))
        items = [draw(scored_questions(f"q{a}.{n}")) for n in range(count)]
        for item in items:
            # A rule may only look at an earlier question, so rules never form a cycle.
            choices = [q for q in earlier if q["kind"] != "percentage"]
            if choices and draw(st.integers(0, 3)) == 0:
                other = draw(st.sampled_from(choices))
                ids = [o["id"] for o in other.get("options", [])] or ["yes", "no"]
                chosen = draw(st.lists(st.sampled_from(ids), min_size=1, unique=True))
                rule = {"answer": {"question": other["id"], "in": chosen}}
                item.setdefault("not_applicable_when", []).append(rule)
            earlier.append(item)
        areas.append(area(f"a{a}", *items, optional=a > 0 and draw(st.booleans())))
    core = [a["id"] for a in areas if not a.get("optional")]
    grouped = core[: draw(st.integers(0, len(core)))]
    composites = []
    overall = []
    if grouped:
        parts = [part(ref, draw(weights())) for ref in grouped]
        composites.append({"id": "group", "title": text("Group"), "parts": parts})
        overall.append(part("group", draw(weights())))
    overall += [part(a["id"], draw(weights())) for a in areas if a["id"] not in grouped]
    return edition(
        *areas,
        composites=composites,
        overall=overall,
        optional_areas_counted=draw(st.booleans()),
    )


def answer_for(
    draw: Callable[[st.SearchStrategy[Any]], Any], edition_: Method, question_id: str
) -> Answer:
    """Draw a valid answer to a question."""
    item = edition_.question(question_id)
    ids = [o.id for o in item.options]
    if item.kind == QuestionKind.MULTIPLE_CHOICE:
        return frozenset(draw(st.sets(st.sampled_from(ids))))
    if item.kind == QuestionKind.PERCENTAGE:
        return Fraction(draw(st.integers(0, 100)))
    return draw(st.sampled_from(ids))


@st.composite
def answer_sets(draw: st.DrawFn, edition_: Method) -> dict[str, Answer]:
    """Draw answers to some of the edition's questions."""
    return {
        item.id: answer_for(draw, edition_, item.id)
        for item in edition_.questions
        if draw(st.integers(0, 4)) > 0
    }


def group_scores(result: MemberResult) -> dict[str, Fraction | None]:
    """Return every area, composite and overall score of a result, by id."""
    scores = {f"area {key}": value.score for key, value in result.areas.items()}
    scores |= {f"composite {key}": value.score for key, value in result.composites.items()}
    return scores | {"overall": result.overall.score}


def all_scores(result: MemberResult) -> dict[str, Fraction | None]:
    """Return every score of a result, questions included."""
    return group_scores(result) | {f"question {k}": v.score for k, v in result.questions.items()}


@SETTINGS
@given(data=st.data(), document=editions(), member=st.sampled_from(MEMBERS))
def test_every_score_stays_between_0_and_100(
    data: st.DataObject, document: dict[str, Any], member: Member
) -> None:
    scored = edition_from_data(document)
    answers = data.draw(answer_sets(scored))

    result = score_member(scored, member, answers)

    for name, value in all_scores(result).items():
        assert value is None or 0 <= value <= 100, name
    if result.overall.score is not None:
        assert sum(result.overall.contributions.values()) == result.overall.score


@SETTINGS
@given(data=st.data(), document=editions(), member=st.sampled_from(MEMBERS))
def test_a_better_answer_never_lowers_any_score(
    data: st.DataObject, document: dict[str, Any], member: Member
) -> None:
    scored = edition_from_data(document)
    answers = data.draw(answer_sets(scored))
    looked_at = {
        rule.question
        for item in scored.questions
        for rule in item.not_applicable_when
        if isinstance(rule, AnswerRule)
    }
    target = data.draw(st.sampled_from([item.id for item in scored.questions]))
    assume(target not in looked_at)
    one, other = (answer_for(data.draw, scored, target) for _ in range(2))
    item = scored.question(target)
    worse, better = sorted([one, other], key=item.points_for)

    low = score_member(scored, member, answers | {target: worse})
    high = score_member(scored, member, answers | {target: better})

    for name, value in group_scores(low).items():
        raised = group_scores(high)[name]
        assert (value is None) == (raised is None), name
        assert value is None or raised is None or raised >= value, name


def scale_weights(node: Any, factor: Decimal) -> Any:
    """Return a copy of a document with every weight multiplied by ``factor``."""
    if isinstance(node, list):
        return [scale_weights(item, factor) for item in node]
    if not isinstance(node, dict):
        return node
    scaled = {key: scale_weights(value, factor) for key, value in node.items()}
    weight = node.get("weight")
    if isinstance(weight, Decimal | int):
        scaled["weight"] = weight * factor
    elif isinstance(weight, dict):
        scaled["weight"] = {
            "by": weight["by"],
            "values": {key: value * factor for key, value in weight["values"].items()},
            "default": weight["default"] * factor,
        }
    return scaled


@SETTINGS
@given(
    data=st.data(),
    document=editions(),
    member=st.sampled_from(MEMBERS),
    factor=st.integers(1, 400).map(lambda n: Decimal(n) / 16),
)
def test_multiplying_every_weight_by_a_constant_changes_nothing(
    data: st.DataObject, document: dict[str, Any], member: Member, factor: Decimal
) -> None:
    scored = edition_from_data(document)
    rescaled = edition_from_data(scale_weights(document, factor))
    answers = data.draw(answer_sets(scored))

    before = score_member(scored, member, answers)
    after = score_member(rescaled, member, answers)

    assert all_scores(after) == all_scores(before)
    assert after.overall.contributions == before.overall.contributions


@SETTINGS
@given(data=st.data(), document=editions(), member=st.sampled_from(MEMBERS))
def test_a_question_that_does_not_apply_never_changes_a_percentage(
    data: st.DataObject, document: dict[str, Any], member: Member
) -> None:
    areas = document["areas"]
    area_index = data.draw(st.integers(0, len(areas) - 1))
    question_index = data.draw(st.integers(0, len(areas[area_index]["questions"]) - 1))
    excluded = copy.deepcopy(document)
    target = excluded["areas"][area_index]["questions"][question_index]
    target["not_applicable_when"] = [{"members": {"member": [member.id]}}]
    scored = edition_from_data(excluded)
    answers = data.draw(answer_sets(scored))
    answers.pop(target["id"], None)
    alternatives = [answer_for(data.draw, scored, target["id"]) for _ in range(2)]

    without_answer = score_member(scored, member, answers)
    with_answers = [
        score_member(scored, member, answers | {target["id"]: answer}) for answer in alternatives
    ]

    for result in with_answers:
        assert group_scores(result) == group_scores(without_answer)
    looked_at = {
        rule["answer"]["question"]
        for a in document["areas"]
        for q in a["questions"]
        for rule in q.get("not_applicable_when", [])
        if "answer" in rule
    }
    if len(areas[area_index]["questions"]) > 1 and target["id"] not in looked_at:
        removed = copy.deepcopy(document)
        del removed["areas"][area_index]["questions"][question_index]
        assert group_scores(score_member(edition_from_data(removed), member, answers)) == (
            group_scores(without_answer)
        )


def reference_scores(
    edition_: Method, member: Member, answers: dict[str, Answer]
) -> dict[str, Any]:
    """Score with plain fractions, straight from the method in docs/index-format.md."""
    attributes = {**member.attributes, "member": member.id}

    def applies(item: Question) -> bool:
        for rule in item.not_applicable_when:
            if isinstance(rule, MemberRule) and rule.matches(attributes):
                return False
            if (
                isinstance(rule, AnswerRule)
                and rule.question in answers
                and applies(edition_.question(rule.question))
                and rule.matches(answers[rule.question])
            ):
                return False
        return True

    areas: dict[str, Fraction | None] = {}
    for each in edition_.areas:
        taken = not each.is_optional or any(q.id in answers and applies(q) for q in each.questions)
        total, weights = Fraction(0), Fraction(0)
        for item in each.questions:
            if not (taken and item.is_scored and applies(item)):
                continue
            if item.id in answers:
                earned = item.points_for(answers[item.id])
            elif item.unanswered == Unanswered.ZERO:
                earned = Fraction(0)
            else:
                continue
            weight = item.weight.for_attributes(attributes)
            assert weight is not None
            total += weight * earned / item.max_points
            weights += weight
        areas[each.id] = 100 * total / weights if weights else None

    def mean(parts: Any, is_overall: bool) -> Fraction | None:
        total, weights = Fraction(0), Fraction(0)
        for each in parts:
            if each.ref in areas:
                optional = edition_.area(each.ref).is_optional
                if is_overall and optional and not edition_.optional_areas_counted:
                    continue
                value = areas[each.ref]
            else:
                value = mean(edition_.composite(each.ref).parts, False)
            if value is not None:
                weight = each.weight.for_attributes(attributes)
                assert weight is not None
                total += weight * value
                weights += weight
        return total / weights if weights else None

    scores: dict[str, Any] = {f"area {key}": value for key, value in areas.items()}
    for composite in edition_.composites:
        scores[f"composite {composite.id}"] = mean(composite.parts, False)
    return scores | {"overall": mean(edition_.overall, True)}


@SETTINGS
@given(data=st.data(), document=editions(), member=st.sampled_from(MEMBERS))
def test_the_engine_agrees_with_a_plain_reading_of_the_method(
    data: st.DataObject, document: dict[str, Any], member: Member
) -> None:
    scored = edition_from_data(document)
    answers = data.draw(answer_sets(scored))

    result = score_member(scored, member, answers)

    assert group_scores(result) == reference_scores(scored, member, answers)
    assert group_scores(score_member(scored, member, answers, with_questions=False)) == (
        group_scores(result)
    )
