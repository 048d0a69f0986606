"""State the policy lab's tests share: published practices, stakeholders, a strategy."""

import datetime
from typing import Any

import pytest

from icc.network.models import City
from icc.policylab.models import Level, NationalStrategy, Stakeholder, Uptake
from icc.policylab.selectors import practice_by_slug
from icc.policylab.services import stakeholders, strategies, uptakes
from icc.practices.models import Practice
from icc.practices.selectors import PracticeFacts
from icc.practices.tests.conftest import write_practice

LINK = "https://example.org/evidence"


def publish_practice(
    city: City, title: str, *, areas: tuple[str, ...] = ("participation",), started: int = 2015
) -> Practice:
    return write_practice(
        city, en={"title": title}, areas=areas, started_year=started, publish=True
    )


def facts(practice: Practice) -> PracticeFacts:
    found = practice_by_slug(practice.slug)
    assert found is not None
    return found


def add_body(
    name: str, *, level: str = Level.REGIONAL, country: str = "FR", **extra: Any
) -> Stakeholder:
    return stakeholders.create_stakeholder(
        created_by=None,
        record={
            "name": name,
            "level": level,
            "kind": Stakeholder.Kind.PUBLIC_AUTHORITY,
            "country": country,
            **extra,
        },
    )


def record(practice: Practice, *, by: Any = None, confirmed: bool = False, **kwargs: Any) -> Uptake:
    kwargs.setdefault("adopted_on", datetime.date(2019, 5, 1))
    kwargs.setdefault("evidence_url", LINK)
    if "kind" not in kwargs:
        kwargs["kind"] = (
            Uptake.Kind.ADOPTION
            if kwargs.get("adopter_city")
            else Uptake.Kind.STRATEGY
            if kwargs.get("strategy")
            else Uptake.Kind.POLICY
        )
    return uptakes.record_uptake(facts(practice), recorded_by=by, confirmed=confirmed, **kwargs)


@pytest.fixture
def lyon_practice(lyon: City) -> Practice:
    return publish_practice(lyon, "Neighbours' tables")


@pytest.fixture
def barcelona_practice(barcelona: City) -> Practice:
    return publish_practice(barcelona, "Anti-rumour agents", areas=("mediation", "participation"))


@pytest.fixture
def region() -> Stakeholder:
    return add_body("Auvergne-Rhône-Alpes Region", region="Auvergne-Rhône-Alpes")


@pytest.fixture
def catalonia() -> Stakeholder:
    return add_body("Generalitat of Catalonia", country="ES", region="Catalonia")


@pytest.fixture
def spain_strategy(reci: Any) -> NationalStrategy:
    return strategies.create_strategy(
        created_by=None,
        record={"title": "Spanish intercultural strategy", "country": "ES"},
        slug="spain",
    )
