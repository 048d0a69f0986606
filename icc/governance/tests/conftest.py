"""Fixtures of the governance tests: texts and votes built through the services."""

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone, translation

from conftest import make_person
from icc.accounts.models import Role
from icc.accounts.services import grant_role
from icc.governance.models import Motion, StrategyDocument
from icc.governance.services import strategy, votes
from icc.network import services as network_services
from icc.network.models import City


@pytest.fixture(autouse=True)
def _in_english() -> Iterator[None]:
    with translation.override("en"):
        yield


def add_city(slug: str, *, status: str = City.Status.MEMBER) -> City:
    """Add a member city through the network's services."""
    return network_services.create_city(
        created_by=None,
        name=slug.title(),
        slug=slug,
        country="DE",
        status=status,
        joined_on="2012-01-01",
    )


def coordinator_of(city: City, *, language: str = "en") -> Any:
    user = make_person(
        f"coordinator@{city.slug}.test", full_name=f"{city.name} Coordinator", language=language
    )
    grant_role(user, Role.CITY_COORDINATOR, granted_by=None, city=city)
    return user


def suspend(city: City) -> City:
    network_services.change_city_status(
        city,
        to=City.Status.SUSPENDED,
        reason="Fees unpaid",
        changed_on=timezone.localdate(),
        changed_by=None,
    )
    city.refresh_from_db()
    return city


def put_motion(
    *, opens_in: timedelta = timedelta(days=1), lasts: timedelta = timedelta(days=7), **record: Any
) -> Motion:
    """Put a motion with Approve / Reject / Abstain through the services."""
    opens_at = timezone.now() + opens_in
    fields = {
        "title_en": "Approve the consolidated strategy",
        "title_fr": "Approuver la stratégie consolidée",
        "opens_at": opens_at,
        "closes_at": opens_at + lasts,
        "quorum_percent": 50,
        "majority": Motion.Majority.SIMPLE,
    } | record
    return votes.create_motion(
        created_by=None,
        record=fields,
        options=[
            {"label_en": "Approve", "label_fr": "Approuver"},
            {"label_en": "Reject", "label_fr": "Rejeter"},
            {"label_en": "Abstain", "label_fr": "Abstention", "is_abstention": True},
        ],
    )


def open_now(motion: Motion) -> Motion:
    """Let time pass until the vote opens, then fix its eligibility."""
    now = timezone.now()
    Motion.objects.filter(pk=motion.pk).update(opens_at=now - timedelta(seconds=1))
    motion.refresh_from_db()
    return votes.bring_up_to_date(motion, now=now)


def close_now(motion: Motion) -> Motion:
    """Let time pass until the vote closes, then publish its result."""
    now = timezone.now()
    Motion.objects.filter(pk=motion.pk).update(closes_at=now - timedelta(microseconds=1))
    motion.refresh_from_db()
    return votes.bring_up_to_date(motion, now=now)


def option(motion: Motion, label: str) -> int:
    return motion.options.get(label_en=label).pk


def write_document(*, open_consultation: bool = True, sections: int = 2) -> StrategyDocument:
    today = timezone.localdate()
    opens = today - timedelta(days=10)
    closes = today + timedelta(days=20) if open_consultation else today - timedelta(days=1)
    return strategy.create_document(
        created_by=None,
        record={
            "title_en": "ICC Strategy 2016-2019",
            "title_fr": "Stratégie ICC 2016-2019",
            "consultation_opens_on": opens,
            "consultation_closes_on": closes,
        },
        sections=[
            {
                "heading_en": f"Heading {n}",
                "heading_fr": f"Titre {n}",
                "text_en": f"Cities welcome newcomers in section {n}.",
                "text_fr": f"Les villes accueillent les nouveaux venus, section {n}.",
            }
            for n in range(1, sections + 1)
        ],
    )
