"""Ballots for one city sent at once from several processes: exactly one is counted."""

import json
import time
from pathlib import Path

import pytest

from icc.governance.models import Ballot
from icc.governance.tests.conftest import add_city, coordinator_of, open_now, option, put_motion
from tests.live_database import read, shared_database, start

SENDERS = 3


@pytest.mark.django_db(transaction=True)
def test_concurrent_ballots_for_one_city_count_once(tmp_path: Path) -> None:
    city = add_city("aarhus")
    add_city("bergen")
    person = coordinator_of(city)
    motion = open_now(put_motion())
    choices = [option(motion, "Approve"), option(motion, "Reject")]
    with shared_database(tmp_path) as environment:
        senders = [
            start(
                [
                    "-m",
                    "icc.governance.tests.concurrent_ballot",
                    str(motion.pk),
                    str(city.pk),
                    person.email,
                    str(choices[number % 2]),
                    str(tmp_path),
                    f"sender{number}",
                ],
                environment,
            )
            for number in range(SENDERS)
        ]
        deadline = time.monotonic() + 120
        while len(list(tmp_path.glob("ready-*"))) < SENDERS and time.monotonic() < deadline:
            time.sleep(0.05)
        (tmp_path / "go").touch()
        outputs = [sender.communicate(timeout=120) for sender in senders]
        stored = read(
            environment,
            "SELECT receipt FROM governance_ballot WHERE motion_id = %s",
            [motion.pk],
        )
    assert all(s.returncode == 0 for s in senders), [err for _out, err in outputs]
    answers = [json.loads(out.strip().splitlines()[-1]) for out, _err in outputs]
    counted = [a for a in answers if a["answer"] == "counted"]
    assert len(counted) == 1, answers
    assert all("already voted" in a["message"] for a in answers if a["answer"] == "refused")
    assert stored == [(counted[0]["receipt"],)]
    assert Ballot.objects.filter(motion=motion).count() == 1
