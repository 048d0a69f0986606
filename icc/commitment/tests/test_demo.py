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
    # Nothing in English shows on French pages: names only, no notes typed in English.
    assert not OfficeTerm.objects.filter(holder_name__contains="(demo)").exists()
    assert not Election.objects.exclude(notes="").exists()
    # A demo loaded before keeps its rows, renamed rather than duplicated.
    OfficeTerm.objects.filter(holder_name="Alex Moreau").update(
        holder_name="Mayor Alex Moreau (demo)"
    )
    call_command("load_demo", stdout=io.StringIO())
    assert OfficeTerm.objects.filter(holder_name="Alex Moreau").count() == 1
    assert counts == [
        model.objects.count()
        for model in (OfficeTerm, Election, CommitmentInstrument, ReengagementTask, JoinStep)
    ]
    assert ReengagementTask.objects.filter(city__slug="lyon", reason="election").exists()
