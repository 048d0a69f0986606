"""The measured effect of mentoring: its figures, and the copy kept until what it reads changes."""
# ruff: noqa: F811 (the fixtures imported below are named as parameters)

from datetime import date
from decimal import Decimal

import pytest

from icc.connections.mentoring import selectors, services
from icc.connections.mentoring.effect import GoalOutcome, measure_effect
from icc.connections.tests.conftest import publish_with_areas
from icc.connections.tests.test_mentoring import (  # noqa: F401 (fixtures)
    _close,
    active,
    mentors,
    pair,
    results,
)
from icc.index.tests.factories import shipped_round


def test_the_effect_compares_mentored_areas_other_areas_and_cities_of_the_same_band() -> None:
    d = Decimal
    band, other_band = (1, 1), (2, 1)
    # Round 1 → round 2. Mentees 1 and 2 (goals on "a"); 3 was mentored elsewhere;
    # 10-15 share the mentees' band, 20 does not.
    results = {
        1: {
            1: {"a": d(40), "b": d(50)},
            2: {"a": d(30), "b": d(30)},
            3: {"a": d(10)},
            **{c: {"a": d(50)} for c in range(10, 16)},
            20: {"a": d(0)},
        },
        2: {
            1: {"a": d(50), "b": d(52)},
            2: {"a": d(36), "b": d(31)},
            3: {"a": d(90)},
            **{c: {"a": d(50 + c - 10)} for c in range(10, 16)},
            20: {"a": d(100)},
        },
    }
    bands = {1: band, 2: band, 3: band, **{c: band for c in range(10, 16)}, 20: other_band}
    effect = measure_effect(
        [GoalOutcome(1, "a", 1, 2), GoalOutcome(2, "a", 1, 2)],
        results=results,
        bands=bands,
        mentored_ids={1, 2, 3},
    )
    assert (effect.mentored.mean, effect.mentored.cities, effect.mentored.changes) == (d(8), 2, 2)
    assert (effect.other_areas.mean, effect.other_areas.cities) == (d("1.5"), 2)
    # Cities 10-15 changed by 0..5 (mean 2.5), counted once for each mentee's goal;
    # the mentored city 3 and city 20 of another band are left out.
    assert effect.comparison.mean == d("2.5")
    assert (effect.comparison.cities, effect.comparison.changes) == (6, 12)
    assert effect.comparison.is_claim and not effect.mentored.is_claim


@pytest.mark.django_db
def test_the_effect_is_kept_until_a_scheme_closes_or_a_result_is_published(
    active, lyon, barcelona, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        services.add_goal(active, added_by=None, mentee=lyon, area="language", target=Decimal(40))
    assert selectors.closed_scheme_effect().mentored.cities == 0
    with django_capture_on_commit_callbacks(execute=True):
        _close(active, lyon, barcelona)
        # Published in the same breath: the closure alone retires the kept copy.
        publish_with_areas(
            shipped_round(label="2026", opens_on=date(2026, 1, 1)), lyon, 0.7, {"language": 0.6}
        )
    effect = selectors.closed_scheme_effect()
    assert effect.mentored.cities == 1
    # Kept: a write outside the services is not seen until one retires the copy.
    active.goals.update(area="media")
    assert selectors.closed_scheme_effect() == effect
    with django_capture_on_commit_callbacks(execute=True):
        publish_with_areas(
            shipped_round(label="2027", opens_on=date(2027, 1, 1)), lyon, 0.7, {"media": 0.9}
        )
    assert selectors.closed_scheme_effect() != effect
