"""Votes: proxies before the opening, eligibility fixed then, one ballot per city, the result."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from icc.core.models import Activity
from icc.governance import tally
from icc.governance.models import Ballot, EligibleCity, Motion, Proxy
from icc.governance.services import votes
from icc.governance.tests.conftest import (
    add_city,
    close_now,
    coordinator_of,
    open_now,
    option,
    put_motion,
    suspend,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def cities() -> dict:
    return {slug: add_city(slug) for slug in ("aarhus", "bergen", "cork", "dublin", "essen")}


@pytest.fixture
def people(cities: dict) -> dict:
    return {slug: coordinator_of(city) for slug, city in cities.items()}


def test_the_tally_needs_the_quorum_and_the_majority() -> None:
    options = [(1, False), (2, False), (3, True)]
    adopted = tally.count(
        eligible=10,
        counts={1: 4, 2: 1, 3: 1},
        options=options,
        quorum_percent=50,
        majority="simple",
    )
    assert adopted.outcome == tally.ADOPTED and adopted.winner == 1 and adopted.quorum_needed == 5
    short = tally.count(
        eligible=10, counts={1: 4}, options=options, quorum_percent=50, majority="simple"
    )
    assert short.outcome == tally.NO_QUORUM and short.winner is None
    split = tally.count(
        eligible=10, counts={1: 4, 2: 3}, options=options, quorum_percent=50, majority="two_thirds"
    )
    assert split.outcome == tally.NO_MAJORITY
    tie = tally.count(
        eligible=4, counts={1: 2, 2: 2}, options=options, quorum_percent=50, majority="simple"
    )
    assert tie.outcome == tally.NO_MAJORITY


def test_a_vote_from_opening_through_a_proxy_to_its_result(cities: dict, people: dict) -> None:
    motion = put_motion()
    votes.give_proxy(
        motion, giver=cities["essen"], holder=cities["dublin"], given_by=people["essen"]
    )
    motion = open_now(motion)
    assert motion.eligible_count == 5
    approve, reject = option(motion, "Approve"), option(motion, "Reject")
    receipts = {}
    for slug, choice in (("aarhus", approve), ("bergen", approve), ("cork", reject)):
        receipts[slug] = votes.cast_ballot(
            motion, city=cities[slug], option_id=choice, cast_by=people[slug]
        ).receipt
    by_proxy = votes.cast_ballot(
        motion, city=cities["essen"], option_id=approve, cast_by=people["dublin"]
    )
    assert by_proxy.proxy_holder == cities["dublin"]
    motion.refresh_from_db()
    assert motion.result is None  # hidden until the close
    motion = close_now(motion)
    assert motion.result is not None
    assert motion.result["outcome"] == tally.ADOPTED
    assert motion.result["cast"] == 4 and motion.result["counts"][str(approve)] == 3
    found = votes.find_ballot(receipts["cork"].lower().replace("-", " "))
    assert found is not None and found.option_id == reject and found.city == cities["cork"]
    result, matches = votes.recount(motion, by=None)
    assert matches and result.cast == 4
    verbs = set(Activity.objects.about(motion).values_list("verb", flat=True))
    assert {
        "motion.created",
        "proxy.given",
        "motion.opened",
        "ballot.cast",
        "motion.closed",
        "motion.recounted",
    } <= verbs
    # The log names who voted, never how.
    assert all("option" not in a.changes for a in Activity.objects.about(motion))


def test_a_ballot_after_the_close_changes_nothing(cities: dict, people: dict) -> None:
    motion = close_now(open_now(put_motion()))
    with pytest.raises(ValidationError, match="closed"):
        votes.cast_ballot(
            motion,
            city=cities["aarhus"],
            option_id=option(motion, "Approve"),
            cast_by=people["aarhus"],
        )
    assert not Ballot.objects.exists()
    assert motion.result is not None and motion.result["cast"] == 0


def test_a_ballot_before_the_opening_is_refused(cities: dict, people: dict) -> None:
    motion = put_motion()
    with pytest.raises(ValidationError, match="not open"):
        votes.cast_ballot(
            motion,
            city=cities["aarhus"],
            option_id=option(motion, "Approve"),
            cast_by=people["aarhus"],
        )


def test_a_second_ballot_for_a_city_is_refused(cities: dict, people: dict) -> None:
    motion = open_now(put_motion())
    votes.cast_ballot(
        motion, city=cities["aarhus"], option_id=option(motion, "Approve"), cast_by=people["aarhus"]
    )
    with pytest.raises(ValidationError, match="already voted"):
        votes.cast_ballot(
            motion,
            city=cities["aarhus"],
            option_id=option(motion, "Reject"),
            cast_by=people["aarhus"],
        )
    assert Ballot.objects.get().option.label_en == "Approve"


def test_a_city_suspended_before_the_opening_reads_but_cannot_vote(
    cities: dict, people: dict
) -> None:
    suspend(cities["cork"])
    motion = open_now(put_motion())
    assert not EligibleCity.objects.filter(motion=motion, city=cities["cork"]).exists()
    with pytest.raises(ValidationError, match="good standing"):
        votes.cast_ballot(
            motion, city=cities["cork"], option_id=option(motion, "Approve"), cast_by=people["cork"]
        )
    # The quorum counts over the four cities that could vote.
    assert motion.eligible_count == 4


def test_eligibility_is_fixed_when_the_vote_opens(cities: dict, people: dict) -> None:
    motion = open_now(put_motion())
    suspend(cities["cork"])
    ballot = votes.cast_ballot(
        motion, city=cities["cork"], option_id=option(motion, "Approve"), cast_by=people["cork"]
    )
    assert ballot.city == cities["cork"]


def test_the_secretariat_cannot_vote_for_a_city(cities: dict, secretariat) -> None:
    motion = open_now(put_motion())
    with pytest.raises(PermissionDenied):
        votes.cast_ballot(
            motion,
            city=cities["aarhus"],
            option_id=option(motion, "Approve"),
            cast_by=secretariat.user,
        )


def test_another_citys_coordinator_cannot_vote_for_it(cities: dict, people: dict) -> None:
    motion = open_now(put_motion())
    with pytest.raises(PermissionDenied):
        votes.cast_ballot(
            motion,
            city=cities["aarhus"],
            option_id=option(motion, "Approve"),
            cast_by=people["bergen"],
        )


def test_a_proxy_to_a_suspended_city_is_refused(cities: dict, people: dict) -> None:
    suspend(cities["cork"])
    motion = put_motion()
    with pytest.raises(ValidationError, match="good standing"):
        votes.give_proxy(
            motion, giver=cities["aarhus"], holder=cities["cork"], given_by=people["aarhus"]
        )
    assert not Proxy.objects.exists()


def test_proxies_form_no_chain_and_a_city_holds_two_at_most(cities: dict, people: dict) -> None:
    motion = put_motion()
    votes.give_proxy(
        motion, giver=cities["aarhus"], holder=cities["bergen"], given_by=people["aarhus"]
    )
    with pytest.raises(ValidationError, match="passed on"):
        votes.give_proxy(
            motion, giver=cities["cork"], holder=cities["aarhus"], given_by=people["cork"]
        )
    with pytest.raises(ValidationError, match="no proxy chains"):
        votes.give_proxy(
            motion, giver=cities["bergen"], holder=cities["cork"], given_by=people["bergen"]
        )
    votes.give_proxy(motion, giver=cities["cork"], holder=cities["bergen"], given_by=people["cork"])
    with pytest.raises(ValidationError, match="two proxies"):
        votes.give_proxy(
            motion, giver=cities["dublin"], holder=cities["bergen"], given_by=people["dublin"]
        )
    assert Proxy.objects.count() == 2


def test_a_proxy_is_recorded_before_the_opening_only(cities: dict, people: dict) -> None:
    motion = open_now(put_motion())
    with pytest.raises(ValidationError, match="before the vote opens"):
        votes.give_proxy(
            motion, giver=cities["aarhus"], holder=cities["bergen"], given_by=people["aarhus"]
        )


def test_a_city_that_gave_its_proxy_does_not_vote_itself(cities: dict, people: dict) -> None:
    motion = put_motion()
    votes.give_proxy(
        motion, giver=cities["aarhus"], holder=cities["bergen"], given_by=people["aarhus"]
    )
    motion = open_now(motion)
    with pytest.raises(ValidationError, match="proxy"):
        votes.cast_ballot(
            motion,
            city=cities["aarhus"],
            option_id=option(motion, "Approve"),
            cast_by=people["aarhus"],
        )


def test_a_motion_that_closes_before_it_opens_is_refused() -> None:
    with pytest.raises(ValidationError):
        put_motion(lasts=-timedelta(hours=1))
    assert not Motion.objects.exists()


def test_a_vote_cannot_change_once_open() -> None:
    motion = open_now(put_motion())
    with pytest.raises(ValidationError, match="opened"):
        votes.update_motion(
            motion,
            changed_by=None,
            expected_version=motion.version,
            record={"quorum_percent": 10},
            options=[{"label_en": "A", "label_fr": "A"}, {"label_en": "B", "label_fr": "B"}],
        )
    motion.refresh_from_db()
    assert motion.quorum_percent == 50 and timezone.now() > motion.opens_at


def test_the_daily_job_publishes_a_result_nobody_looked_at(cities: dict, people: dict) -> None:
    from icc.governance.tasks import bring_votes_up_to_date

    motion = put_motion()
    Motion.objects.filter(pk=motion.pk).update(
        opens_at=timezone.now() - timedelta(days=8), closes_at=timezone.now() - timedelta(days=1)
    )
    assert bring_votes_up_to_date.call(day=timezone.localdate().isoformat()) == 1
    motion.refresh_from_db()
    assert motion.eligible_count == 5 and motion.result is not None
    assert motion.result["outcome"] == tally.NO_QUORUM
    assert bring_votes_up_to_date.call(day=timezone.localdate().isoformat()) == 0
