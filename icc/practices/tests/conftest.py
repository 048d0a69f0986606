"""Practices built through the services, as people would write them."""

from typing import Any

import pytest

from icc.network.models import City
from icc.practices import services
from icc.practices.models import Challenge, Practice


def write_practice(
    city: City,
    *,
    en: dict[str, str] | None = None,
    fr: dict[str, str] | None = None,
    areas: tuple[str, ...] = (),
    challenges: tuple[Challenge, ...] = (),
    level: str = "local",
    started_year: int = 2020,
    publish: bool = False,
    by: Any = None,
) -> Practice:
    """Write a practice for ``city`` in the languages given, published when asked."""
    texts = {}
    for language, fields in (("en", en), ("fr", fr)):
        if fields:
            texts[language] = {"summary": fields.get("title", ""), **fields}
    practice = services.create_practice(
        created_by=by,
        record={
            "level": level,
            "city": city,
            "country": str(city.country),
            "original_language": "fr" if fr and not en else "en",
            "started_year": started_year,
        },
        texts=texts,
        areas=areas,
        challenges=challenges,
    )
    if publish:
        services.submit_practice(practice, submitted_by=by)
        services.publish_practice(practice, published_by=by)
    return practice


@pytest.fixture
def housing(db: None) -> Challenge:
    return services.save_challenge(
        saved_by=None, slug="housing", names={"en": "Housing", "fr": "Logement"}
    )


@pytest.fixture
def refugees(db: None) -> Challenge:
    return services.save_challenge(
        saved_by=None,
        slug="refugee-reception",
        names={"en": "Refugee reception", "fr": "Accueil des réfugiés"},
    )
