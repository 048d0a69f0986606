"""Index results made by the index services, for recommendations."""

from typing import Any

from icc.index.method.synthetic import answer_at_level, answers_at_level
from icc.index.tests.factories import publish_result


def publish_with_areas(index_round: Any, city: Any, level: float, areas: dict[str, float]) -> None:
    """Publish a result at ``level`` with the named areas at their own level."""
    method = index_round.edition.method
    answers = answers_at_level(method, level, seed=city.slug)
    for area, area_level in areas.items():
        for question in method.area(area).questions:
            value = answer_at_level(question, area_level)
            if value is not None:
                answers[question.id] = value
    publish_result(index_round, city, answers=answers)
