"""The demo governance loads on a few member cities, twice without duplicates."""

import io

import pytest

from icc.governance import demo
from icc.governance.models import Amendment, Endorsement, Motion, StrategyDocument
from icc.governance.tests.conftest import add_city


@pytest.mark.django_db
def test_the_demo_loads_once_with_every_stage() -> None:
    for slug in ("lyon", "oslo", "barcelona", "lisbon", "aarhus"):
        add_city(slug)
    demo.load(io.StringIO())
    demo.load(io.StringIO())
    assert StrategyDocument.objects.filter(is_demo=True).count() == 2
    statuses = sorted(Amendment.objects.values_list("status", flat=True))
    assert statuses == ["accepted", "accepted", "merged", "proposed", "proposed", "rejected"]
    assert Amendment.objects.filter(consolidated_in=2).count() == 1
    assert Endorsement.objects.count() == 3
    motion = Motion.objects.get(is_demo=True)
    assert motion.closed_at is not None and motion.result is not None
    assert motion.result["outcome"] == "adopted"
    assert motion.ballots.filter(proxy_holder__isnull=False).count() == 1
