"""What each persona may open among the pages about people."""

from itertools import count
from typing import Any

from icc.accounts.models import Role, User
from icc.accounts.notifications import notify
from icc.accounts.services import create_api_token, grant_role, invite_person
from icc.network.models import City
from tests.url_walk import SIGNED_IN, everyone, only, signed_in

_numbers = count()

EXPECTED = {
    "accounts:set-language": ("get", "", everyone(405)),
    "accounts:invitation-list": ("get", "", only(["secretariat"])),
    "accounts:invitation-create": ("get", "", only(["secretariat"])),
    "accounts:invitation-revoke": ("post", "invitation", only(["secretariat"], status=302)),
    "accounts:invitation-accept": ("get", "bad_token", everyone(404)),
    # National network coordinators change the city roles of their network (decision 0017).
    "accounts:people-list": ("get", "", only(["secretariat", "reci_coordinator"])),
    "accounts:role-change": ("get", "barcelona_grant", only(["secretariat", "reci_coordinator"])),
    "accounts:role-withdraw": (
        "get",
        "barcelona_grant",
        only(["secretariat", "reci_coordinator"]),
    ),
    "accounts:notification-list": ("get", "", signed_in()),
    "accounts:settings": ("get", "", signed_in()),
    # Only the reader (Lyon's coordinator) finds their notification; others get 404.
    "accounts:notification-open": (
        "get",
        "notification",
        only(["lyon_coordinator"], status=302, refused=404),
    ),
    "accounts:notification-read": (
        "post",
        "notification",
        only(["lyon_coordinator"], status=302, refused=404),
    ),
    "accounts:notification-read-all": ("post", "", signed_in(302)),
    "accounts:person-export": ("get", "person", only(["secretariat"])),
    "accounts:person-erase": ("get", "person", only(["secretariat"])),
    "accounts:api-token-list": ("get", "", only(SIGNED_IN)),
    # Only the owner (Lyon's coordinator) finds the token; others get 404.
    "accounts:api-token-revoke": (
        "post",
        "api_token",
        only(["lyon_coordinator"], status=302, refused=404),
    ),
}


def url_kwargs(key: str, personas: dict[str, Any]) -> dict[str, Any] | None:
    if key == "bad_token":
        return {"token": "not-a-real-token"}
    if key == "invitation":
        invitation = invite_person(
            # One address per request: a second pending invitation to one address is refused.
            email=f"new-{next(_numbers)}@lyon.test",
            role=Role.CITY_EDITOR,
            invited_by=personas["secretariat"].user,
            city=personas["lyon_coordinator"].user.grants.get().city,
        )
        return {"pk": invitation.pk}
    if key == "person":
        return {"pk": personas["lyon_editor"].user.pk}
    if key == "barcelona_grant":
        person = User.objects.create_user(
            f"editor-{next(_numbers)}@barcelona.test", "a-long-test-password"
        )
        barcelona = City.objects.get(slug="barcelona")
        grant = grant_role(person, Role.CITY_EDITOR, granted_by=None, city=barcelona)
        return {"pk": grant.pk}
    if key == "notification":
        [notification] = notify(
            [personas["lyon_coordinator"].user],
            kind="role.granted",
            target=None,
            actor=personas["secretariat"].user,
            link="/en/cities/lyon/",
        )
        return {"pk": notification.pk}
    if key == "api_token":
        token, _key = create_api_token(personas["lyon_coordinator"].user, name="sync")
        return {"pk": token.pk}
    return None
