"""Fixtures of the network tests."""

from collections.abc import Iterator

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _in_english() -> Iterator[None]:
    """Read messages in English whatever language an earlier test left active."""
    with translation.override("en"):
        yield
