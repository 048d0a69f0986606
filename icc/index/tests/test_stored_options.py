"""The scores stored for a response follow the edition's options: dimensions and rounding."""

import json
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from icc.index.method.loader import EDITIONS_DIR
from icc.index.models import Response, Score
from icc.index.services.answers import questions_not_applicable
from icc.index.services.editions import load_edition_text
from icc.index.services.review import record_and_publish_answers
from icc.index.services.rounds import open_round
from icc.index.tests.documents import area, choice, edition, text, yes_no
from icc.index.tests.test_mipex_example import ANSWERS
from icc.network.models import City

pytestmark = pytest.mark.django_db


def stored(response: Response) -> dict[tuple[str, str], Decimal | None]:
    return {(row.level, row.code): row.score for row in Score.objects.filter(response=response)}


def publish(text: str, name: str, lyon: City, answers: dict[str, Any]) -> Response:
    loaded = load_edition_text(text, name=name)
    index_round = open_round(
        loaded,
        label="Options",
        opens_on=date(2000, 1, 1),
        closes_on=date(2100, 1, 1),
        opened_by=None,
    )
    return record_and_publish_answers(index_round, lyon, answers)


def test_the_mipex_example_stores_its_dimensions_areas_and_overall_score(lyon: City) -> None:
    """The figures of test_mipex_example, as the pages and exports read them."""
    text = (EDITIONS_DIR / "mipex-example.json").read_text(encoding="utf-8")
    scores = stored(publish(text, "mipex-example.json", lyon, ANSWERS))

    assert scores[("overall", "overall")] == Decimal("59.72")
    assert scores[("area", "political")] == Decimal("66.67")
    assert scores[("dimension", "political.bodies")] == Decimal("83.33")
    assert scores[("dimension", "labour.access")] == Decimal("75.00")


def test_stored_scores_are_rounded_by_the_editions_rule(lyon: City) -> None:
    """1 of 8 = 12.5 and 27 of 200 = 13.5, half to even with no decimals: 12 and 14;
    the overall score (12.5 + 13.5) / 2 = 13."""
    document = edition(area("a", choice("a1", 0, 1, 8)), area("b", choice("b1", 0, 27, 200)))
    document["scoring"] = {"rounding": {"rule": "half_even", "places": 0}}
    scores = stored(publish(json.dumps(document), "halves.json", lyon, {"a1": "o1", "b1": "o1"}))

    assert scores[("area", "a")] == 12
    assert scores[("area", "b")] == 14
    assert scores[("overall", "overall")] == 13


def test_a_does_not_apply_answer_leaves_its_question_open_to_change(lyon: City) -> None:
    """d1 answered "does not apply": out of the maximum (d2 yes → 100), yet still answerable."""
    d1 = choice("d1", 0, 1)
    d1["options"].append({"id": "na", "label": text("Does not apply"), "not_applicable": True})
    document = edition(area("a", d1, yes_no("d2")))
    response = publish(json.dumps(document), "na.json", lyon, {"d1": "na", "d2": "yes"})

    assert stored(response)[("area", "a")] == 100
    assert "d1" not in questions_not_applicable(response)
