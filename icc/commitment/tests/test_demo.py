"""The commitment demo loads once; loading it again adds nothing."""

import io

from django.core.management import call_command

from icc.commitment.models import CommitmentInstrument, Election, OfficeTerm, ReengagementTask
from icc.network.models import JoinStep


def test_demo_loads_once_and_shows_concerns(db) -> None:
    call_command("load_demo", stdout=io.StringIO())
    counts = [
        model.objects.count()
        for model in (OfficeTerm, Election, CommitmentInstrument, ReengagementTask, JoinStep)
    ]
    assert all(counts), counts
    call_command("load_demo", stdout=io.StringIO())
    assert counts == [
        model.objects.count()
        for model in (OfficeTerm, Election, CommitmentInstrument, ReengagementTask, JoinStep)
    ]
    assert ReengagementTask.objects.filter(city__slug="lyon", reason="election").exists()
