"""Mentoring agreements under way: goals and milestones changed or removed (decision 0060)."""
# ruff: noqa: F811 (the fixtures imported below are named as parameters)

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from icc.accounts.models import Notification
from icc.connections.mentoring import agreement, services
from icc.connections.models import Goal, Milestone, Scheme, SchemeMember
from icc.connections.tests.test_mentoring import (  # noqa: F401 (fixtures)
    active,
    barcelona_coordinator,
    mentors,
    pair,
    results,
)
from icc.core.models import Activity

pytestmark = pytest.mark.django_db


@pytest.fixture
def goal(active: Scheme, lyon) -> Goal:
    return services.add_goal(
        active, added_by=None, mentee=lyon, area="language", target=Decimal(60)
    )


def test_a_goal_changes_from_its_version_and_the_other_side_is_told(
    goal, active, lyon, barcelona, lyon_coordinator, barcelona_coordinator
) -> None:
    services.sign_agreement(active, city=barcelona, signed_by=None)
    url = reverse("connections:goal-edit", args=[goal.pk])
    client = lyon_coordinator.client()
    assert "Change the goal on" in client.get(url).content.decode()
    response = client.post(url, {"target": "70", "description": "Two pilot schools", "version": 0})
    assert response.status_code == 302
    goal.refresh_from_db()
    assert goal.target == Decimal(70) and goal.version == 1
    assert goal.description == "Two pilot schools"
    # The change withdraws Barcelona's signature and tells Barcelona, not Lyon.
    assert SchemeMember.objects.get(city=barcelona).signed_at is None
    told = Notification.objects.filter(kind="mentoring.agreement_changed")
    assert [n.recipient for n in told] == [barcelona_coordinator.user]
    entry = Activity.objects.get(verb="mentoring.goal_changed")
    assert set(entry.changes) == {"target", "description"}


def test_a_goal_edit_below_the_baseline_or_on_a_stale_copy_saves_nothing(
    goal, lyon_coordinator
) -> None:
    url = reverse("connections:goal-edit", args=[goal.pk])
    client = lyon_coordinator.client()
    response = client.post(url, {"target": "1", "version": 0})
    assert response.status_code == 200
    assert "cannot be below the baseline" in response.content.decode()
    agreement.change_goal(goal, changed_by=None, target=Decimal(65), version=0)
    response = client.post(url, {"target": "80", "version": 0})
    assert response.status_code == 200
    assert "Someone saved this record" in response.content.decode()
    goal.refresh_from_db()
    assert goal.target == Decimal(65) and goal.version == 1
    with pytest.raises(ValidationError, match="below the baseline"):
        agreement.change_goal(goal, changed_by=None, target=goal.baseline - 1, version=1)


def test_editors_read_only_and_a_signed_agreement_is_fixed(
    goal, active, lyon, barcelona, lyon_editor, lyon_coordinator
) -> None:
    url = reverse("connections:goal-edit", args=[goal.pk])
    assert lyon_editor.client().get(url).status_code == 403
    for city in (lyon, barcelona):
        services.sign_agreement(active, city=city, signed_by=None)
    assert lyon_coordinator.client().get(url).status_code == 403
    with pytest.raises(ValidationError, match="can no longer change"):
        agreement.remove_goal(goal, removed_by=None)
    assert Goal.objects.filter(pk=goal.pk).exists()


def test_a_goal_is_removed_and_the_others_told(
    goal, lyon_coordinator, barcelona_coordinator
) -> None:
    response = lyon_coordinator.client().post(reverse("connections:goal-remove", args=[goal.pk]))
    assert response.status_code == 302
    assert not Goal.objects.exists()
    told = Notification.objects.get(kind="mentoring.agreement_item_removed")
    assert told.recipient == barcelona_coordinator.user
    assert Activity.objects.filter(verb="mentoring.goal_removed").exists()


def test_a_moved_milestone_is_reminded_again_and_can_be_removed(
    active, lyon, barcelona, secretariat, lyon_coordinator, barcelona_coordinator
) -> None:
    today = timezone.localdate()
    milestone = services.add_milestone(
        active, added_by=None, title="Plan", due_on=today + timedelta(days=3), owner=lyon
    )
    assert services.send_milestone_reminders(today) == 1
    url = reverse("connections:milestone-edit", args=[milestone.pk])
    later = today + timedelta(days=30)
    response = secretariat.client().post(
        url, {"title": "Action plan", "due_on": later, "owner": barcelona.pk, "version": 0}
    )
    assert response.status_code == 302
    milestone.refresh_from_db()
    assert (milestone.title, milestone.due_on, milestone.owner) == ("Action plan", later, barcelona)
    assert milestone.reminded_on is None and milestone.version == 1
    # The secretariat acts for no city: both sides are told.
    told = {n.recipient for n in Notification.objects.filter(kind="mentoring.agreement_changed")}
    assert told == {lyon_coordinator.user, barcelona_coordinator.user}
    stale = secretariat.client().post(
        url, {"title": "Old", "due_on": later, "owner": lyon.pk, "version": 0}
    )
    assert "Someone saved this record" in stale.content.decode()
    secretariat.client().post(reverse("connections:milestone-remove", args=[milestone.pk]))
    assert not Milestone.objects.exists()
    assert Activity.objects.filter(verb="mentoring.milestone_removed").exists()


def test_a_milestone_reminder_is_mailed_in_the_readers_language(
    active, lyon, lyon_coordinator, django_capture_on_commit_callbacks, mailoutbox
) -> None:
    user = lyon_coordinator.user
    user.language, user.notification_frequency = "fr", "immediately"
    user.save(update_fields=["language", "notification_frequency"])
    Scheme.objects.filter(pk=active.pk).update(title_fr="Les langues")
    today = timezone.localdate()
    services.add_milestone(
        active, added_by=None, title="Plan", due_on=today + timedelta(days=2), owner=lyon
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_milestone_reminders(today) == 1
    [mail] = [m for m in mailoutbox if user.email in m.to]
    assert "Les langues" in mail.body and "Plan" in mail.body
