"""The one status rule, as every module asks it: who may act and read for a city, by status."""

from datetime import date

import pytest

from icc.network import permissions, services
from icc.network.models import City

# For each status: may Lyon's coordinator act, may they read, may the secretariat act/read.
RULE = {
    "applicant": (True, True, True, True),
    "member": (True, True, True, True),
    "suspended": (False, True, False, True),
    "left": (False, False, False, True),
}
PATHS = {
    "member": [],
    "suspended": ["suspended"],
    "left": ["left"],
    "applicant": ["left", "applicant"],
}


@pytest.mark.parametrize("status", sorted(RULE))
def test_the_status_rule_for_every_status(status, lyon, lyon_coordinator, secretariat) -> None:
    for step in PATHS[status]:
        services.change_city_status(
            lyon, to=step, reason="Test", changed_on=date(2026, 1, 1), changed_by=secretariat.user
        )
    lyon.refresh_from_db()
    assert lyon.status == status
    coordinator, staff = lyon_coordinator.user, secretariat.user
    assert (
        permissions.can_act_for_network(coordinator, lyon),
        permissions.can_read_city_space(coordinator, lyon),
        permissions.can_act_for_network(staff, lyon),
        permissions.can_read_city_space(staff, lyon),
    ) == RULE[status]


@pytest.mark.parametrize("status", sorted(RULE))
def test_modules_follow_the_rule_for_every_status(
    status, lyon, lyon_coordinator, secretariat
) -> None:
    """The network profile and the commitment records obey the same rule."""
    for step in PATHS[status]:
        services.change_city_status(
            lyon, to=step, reason="Test", changed_on=date(2026, 1, 1), changed_by=secretariat.user
        )
    may_act, may_read, _staff_act, _staff_read = RULE[status]
    client = lyon_coordinator.client()
    edit = client.get("/en/cities/lyon/edit/").status_code
    record = client.post(
        "/en/commitment/cities/lyon/elections/new/",
        {"office_kind": "mayor", "held_on": "2027-03-15"},
    ).status_code
    read = client.get("/en/commitment/cities/lyon/").status_code
    refused = 403 if status != City.Status.LEFT else 404
    assert edit == (200 if may_act else refused)
    assert record == (302 if may_act else refused)
    assert read == (200 if may_read else 404)
    assert lyon.elections.exists() == may_act
