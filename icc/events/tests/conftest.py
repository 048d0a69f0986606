"""Fixtures of the events tests: events built through the services, as managers build them."""

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from django.utils import translation

from icc.events import services
from icc.events.models import Event


@pytest.fixture(autouse=True)
def _in_english() -> Iterator[None]:
    """Read messages in English whatever language an earlier test left active."""
    with translation.override("en"):
        yield


def plan_event(
    title: str,
    starts_on: date,
    *,
    ends_on: date | None = None,
    publish: bool = True,
    by: Any = None,
    french: str = "",
    description: str = "",
    **record: Any,
) -> Event:
    """Add an event through the services, published unless ``publish`` is false."""
    fields = {
        "kind": Event.Kind.MEETING,
        "original_language": "en",
        "starts_on": starts_on,
        "ends_on": ends_on or starts_on,
        "audience": Event.Audience.NATIONAL_NETWORK
        if record.get("national_network")
        else Event.Audience.NETWORK,
    } | record
    texts = {"en": {"title": title, "description": description}}
    if french:
        texts["fr"] = {"title": french, "description": ""}
    event = services.create_event(created_by=by, record=fields, texts=texts)
    if publish:
        event = services.publish_event(event, published_by=by)
    return event
