"""Fixtures of the anti-rumours tests: a published rumour and Lyon's full strategy."""

from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import translation

from conftest import Persona
from icc.antirumours.models import Rumour
from icc.antirumours.tests.build import full_strategy, published_rumour
from icc.network.models import City


@pytest.fixture(autouse=True)
def _in_english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def rumour(secretariat: Persona) -> Rumour:
    return published_rumour(secretariat.user)


@pytest.fixture
def built(lyon: City, secretariat: Persona, rumour: Rumour) -> dict[str, Any]:
    return full_strategy(lyon, secretariat.user, rumour)
