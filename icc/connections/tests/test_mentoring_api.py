"""The mentoring API gives each token's holder the schemes the pages show them (decision 0060)."""
# ruff: noqa: F811 (the fixtures imported below are named as parameters)

from decimal import Decimal

import pytest

from icc.accounts.services import create_api_token
from icc.connections.mentoring import services
from icc.connections.models import Scheme
from icc.connections.tests.test_mentoring import (  # noqa: F401 (fixtures)
    active,
    mentors,
    pair,
    results,
)

pytestmark = pytest.mark.django_db

LIST = "/api/v1/mentoring/schemes"


def _get(persona, path: str):
    _token, key = create_api_token(persona.user, name="test")
    return persona.client().get(path, headers={"Authorization": f"Bearer {key}"})


def test_each_reader_gets_the_schemes_the_pages_show(
    active, lyon, oslo, barcelona, secretariat, lyon_editor, oslo_coordinator, reci_coordinator
) -> None:
    other = services.propose_scheme(
        proposed_by=None, title="Oslo and Lyon", mentors=[oslo], mentees=[barcelona]
    )
    assert {row["id"] for row in _get(secretariat, LIST).json()["items"]} == {
        active.pk,
        other.pk,
    }
    # Lyon's editor reads Lyon's pair; RECI (Barcelona's national network) reads both.
    assert [row["id"] for row in _get(lyon_editor, LIST).json()["items"]] == [active.pk]
    assert {row["id"] for row in _get(reci_coordinator, LIST).json()["items"]} >= {active.pk}
    assert [row["id"] for row in _get(oslo_coordinator, LIST).json()["items"]] == [other.pk]
    filtered = _get(secretariat, f"{LIST}?status=proposed").json()["items"]
    assert [row["id"] for row in filtered] == [other.pk]
    assert _get(oslo_coordinator, f"{LIST}/{active.pk}").status_code == 404


def test_a_scheme_gives_its_goals_milestones_and_check_ins(
    active, lyon, lyon_editor, visitor
) -> None:
    services.add_goal(active, added_by=None, mentee=lyon, area="language", target=Decimal(60))
    response = _get(lyon_editor, f"{LIST}/{active.pk}")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == Scheme.Status.ACTIVE
    assert {c["city"]: c["side"] for c in body["cities"]} == {
        "barcelona": "mentor",
        "lyon": "mentee",
    }
    [goal] = body["goals"]
    assert goal["area"] == "language" and Decimal(goal["target"]) == 60
    assert goal["new_score"] is None and goal["baseline_round"] == "2024"
    assert visitor.client().get(f"{LIST}/{active.pk}").status_code == 401
