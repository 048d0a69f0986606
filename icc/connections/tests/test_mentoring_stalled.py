"""Stalled mentoring schemes: their cities and the secretariat told once per stall."""
# ruff: noqa: F811 (the fixtures imported below are named as parameters)

from datetime import timedelta

import pytest
from django.utils import timezone

from conftest import make_person
from icc.accounts.models import Notification, Role
from icc.accounts.notifications import render_message
from icc.accounts.services import grant_role
from icc.connections.mentoring import services
from icc.connections.models import Scheme
from icc.connections.tests.test_mentoring import (  # noqa: F401 (fixtures)
    active,
    barcelona_coordinator,
    mentors,
    pair,
    results,
)

pytestmark = pytest.mark.django_db


def _told() -> list[tuple[str, str]]:
    return sorted(
        (n.recipient.email, n.kind) for n in Notification.objects.filter(kind="mentoring.stalled")
    )


def test_a_stalled_scheme_is_told_once_in_each_language_and_again_after_recovering(
    active,
    secretariat,
    lyon_coordinator,
    lyon_editor,
    barcelona_coordinator,
    oslo_coordinator,
    django_capture_on_commit_callbacks,
    mailoutbox,
) -> None:
    other_secretary = make_person("other@secretariat.example", full_name="Alex Other")
    grant_role(other_secretary, Role.SECRETARIAT, granted_by=None)
    lyon = lyon_coordinator.user
    lyon.notification_frequency = "immediately"
    lyon.save(update_fields=["notification_frequency"])
    Scheme.objects.filter(pk=active.pk).update(title_fr="Les langues")
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.flag_stalled_schemes(today + timedelta(days=61)) == 1
    # The two cities' coordinators and the secretariat member who proposed the pair:
    # not Lyon's editor, not the other secretariat member, not Oslo.
    told = {"coordinator@lyon.test", "coordinator@barcelona.test", "secretariat@test.example"}
    assert {email for email, _kind in _told()} == told
    notification = Notification.objects.get(kind="mentoring.stalled", recipient=lyon)
    assert render_message(notification, "fr").startswith("«\xa0Les langues\xa0»\xa0: aucun point")
    assert "no check-in for 60 days" in render_message(notification, "en")
    [mail] = [m for m in mailoutbox if lyon.email in m.to]
    assert "Les langues" in mail.body and "60" in mail.body
    # Still stalled the next days: no one is told again.
    with django_capture_on_commit_callbacks(execute=True):
        assert services.flag_stalled_schemes(today + timedelta(days=62)) == 0
        assert services.flag_stalled_schemes(today + timedelta(days=90)) == 0
    assert len(_told()) == 3 and len([m for m in mailoutbox if lyon.email in m.to]) == 1
    # A check-in ends the stall; quiet again for 60 days, the scheme is told again.
    services.record_check_in(active, recorded_by=None, held_on=today, notes="Met online")
    active.refresh_from_db()
    assert not active.is_stalled
    assert services.flag_stalled_schemes(today + timedelta(days=60)) == 0
    assert services.flag_stalled_schemes(today + timedelta(days=61)) == 1
    assert len(_told()) == 6


def test_a_late_check_in_older_than_the_limit_leaves_the_stall_and_tells_no_one_again(
    active, secretariat, lyon_coordinator, barcelona_coordinator
) -> None:
    other_secretary = make_person("other@secretariat.example", full_name="Alex Other")
    grant_role(other_secretary, Role.SECRETARIAT, granted_by=None)
    today = timezone.localdate()
    # Proposed by no one the secretariat still counts: the whole secretariat is told.
    Scheme.objects.filter(pk=active.pk).update(
        starts_on=today - timedelta(days=100), proposed_by=None
    )
    assert services.flag_stalled_schemes(today) == 1
    assert {email for email, _kind in _told()} == {
        "coordinator@lyon.test",
        "coordinator@barcelona.test",
        "secretariat@test.example",
        "other@secretariat.example",
    }
    services.record_check_in(
        active, recorded_by=None, held_on=today - timedelta(days=80), notes="Recorded late"
    )
    active.refresh_from_db()
    assert active.is_stalled and active.last_checkin_on == today - timedelta(days=80)
    assert services.flag_stalled_schemes(today) == 0
    assert len(_told()) == 4


def test_a_scheme_recovered_before_the_telling_task_runs_is_not_told(
    active, lyon_coordinator
) -> None:
    today = timezone.localdate()
    Scheme.objects.filter(pk=active.pk).update(
        is_stalled=True, stalled_since=today, last_checkin_on=today - timedelta(days=70)
    )
    services.record_check_in(active, recorded_by=None, held_on=today, notes="Back on track")
    assert services.tell_stalled_schemes.call(scheme_ids=[active.pk], day=today.isoformat()) == 0
    assert not _told()
