"""Changes to an agreement under way: its goals and milestones changed or removed.

While not every city has signed, a goal's target and description, and a milestone's
title, date and owner, may change (from the version the form started from), and either
may be removed; each change withdraws the signatures given and tells the other side.
Issue 16, docs/decisions/0060-mentoring-edits-and-languages.md.
"""

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from icc.connections import notifications
from icc.connections.mentoring import selectors, services
from icc.connections.models import Goal, Milestone
from icc.core.activity import field_changes, record_activity
from icc.core.versions import VersionConflict, advance_version
from icc.network.models import City


def _goal_area_names(goal: Goal) -> dict[str, str]:
    """Return the goal's area named in each language, from the mentee's baseline result."""
    result = selectors.published_area_scores(goal.mentee, round_id=goal.baseline_round_id)
    return result.area_names.get(goal.area, {}) if result is not None else {}


@transaction.atomic
def change_goal(
    goal: Goal,
    *,
    changed_by: Any,
    target: Decimal,
    description: str = "",
    version: int | None,
) -> Goal:
    """Change a goal's target and description, from ``version``, while the agreement is open.

    The baseline and the area stay (remove the goal and add another to change them); the
    target may not fall below the baseline. Signatures already given are withdrawn and
    the other cities of the scheme are told.
    """
    scheme = goal.scheme
    services.check_agreement_open(scheme)
    if target < goal.baseline:
        raise services.refuse(
            _("The target (%(target)s) cannot be below the baseline (%(baseline)s).")
            % {"target": target, "baseline": goal.baseline},
            "target",
        )
    after = {"target": target, "description": description}
    before = {name: getattr(goal, name) for name in after}
    if not advance_version(Goal, goal.pk, expected=version):
        goal.refresh_from_db()
        raise VersionConflict(
            mine=after, theirs={n: getattr(goal, n) for n in after}, version=goal.version
        )
    goal.refresh_from_db(fields=["version"])
    for name, value in after.items():
        setattr(goal, name, value)
    goal.full_clean()
    goal.save(update_fields=list(after))
    changes = field_changes(before, after)
    if changes:
        services.withdraw_signatures(scheme)
        record_activity(changed_by, "mentoring.goal_changed", goal, about=scheme, changes=changes)
        notifications.agreement_changed(
            scheme, by=changed_by, item=_goal_area_names(goal) or goal.area, removed=False
        )
    return goal


@transaction.atomic
def remove_goal(goal: Goal, *, removed_by: Any) -> None:
    """Remove a goal while the agreement is open; signatures are withdrawn, the others told."""
    scheme = goal.scheme
    services.check_agreement_open(scheme)
    names = _goal_area_names(goal) or goal.area
    record_activity(
        removed_by,
        "mentoring.goal_removed",
        scheme,
        about=goal.mentee,
        changes={"goal": (goal.area, None)},
    )
    goal.delete()
    services.withdraw_signatures(scheme)
    services.effect_changed()
    notifications.agreement_changed(scheme, by=removed_by, item=names, removed=True)


@transaction.atomic
def change_milestone(
    milestone: Milestone,
    *,
    changed_by: Any,
    title: str,
    due_on: date,
    owner: City,
    version: int | None,
) -> Milestone:
    """Change a milestone's title, date or owner, from ``version``, while the agreement is open.

    A milestone moved to another date is reminded of again before its new date.
    Signatures already given are withdrawn and the other cities of the scheme are told.
    """
    scheme = milestone.scheme
    services.check_agreement_open(scheme)
    services.check_owner(scheme, owner)
    after: dict[str, Any] = {"title": title, "due_on": due_on, "owner": owner}
    before = {name: getattr(milestone, name) for name in after}
    if not advance_version(Milestone, milestone.pk, expected=version):
        milestone.refresh_from_db()
        raise VersionConflict(
            mine=after,
            theirs={n: getattr(milestone, n) for n in after},
            version=milestone.version,
        )
    milestone.refresh_from_db(fields=["version"])
    for name, value in after.items():
        setattr(milestone, name, value)
    if due_on != before["due_on"]:
        milestone.reminded_on = None
    milestone.full_clean()
    milestone.save(update_fields=["title", "due_on", "owner", "reminded_on"])
    changes = field_changes(
        {**before, "owner": str(before["owner"])}, {**after, "owner": str(owner)}
    )
    if changes:
        services.withdraw_signatures(scheme)
        record_activity(
            changed_by, "mentoring.milestone_changed", milestone, about=scheme, changes=changes
        )
        notifications.agreement_changed(scheme, by=changed_by, item=title, removed=False)
    return milestone


@transaction.atomic
def remove_milestone(milestone: Milestone, *, removed_by: Any) -> None:
    """Remove a milestone while the agreement is open; signatures are withdrawn, others told."""
    scheme = milestone.scheme
    services.check_agreement_open(scheme)
    record_activity(
        removed_by,
        "mentoring.milestone_removed",
        scheme,
        about=milestone.owner,
        changes={"milestone": (milestone.title, None)},
    )
    title = milestone.title
    milestone.delete()
    services.withdraw_signatures(scheme)
    notifications.agreement_changed(scheme, by=removed_by, item=title, removed=True)
