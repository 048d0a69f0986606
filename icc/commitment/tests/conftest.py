"""Fixtures of the commitment tests: a mayor for Lyon, built through the services."""

from collections.abc import Iterator
from datetime import date

import pytest
from django.utils import translation

from icc.commitment import services
from icc.commitment.models import OfficeTerm
from icc.network.models import City


@pytest.fixture
def lyon_mayor(lyon: City) -> OfficeTerm:
    return services.record_office_term(
        lyon,
        kind="mayor",
        holder_name="Grégory Doucet",
        starts_on=date(2020, 7, 4),
        recorded_by=None,
    )


@pytest.fixture(autouse=True)
def _in_english() -> Iterator[None]:
    """Read messages in English whatever language an earlier test left active."""
    with translation.override("en"):
        yield
