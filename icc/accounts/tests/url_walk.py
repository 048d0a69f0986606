"""What each persona may open among the pages about people."""

from typing import Any

from icc.accounts.models import Role
from icc.accounts.services import create_api_token, invite_person
from tests.url_walk import SIGNED_IN, everyone, only

EXPECTED = {
    "accounts:set-language": ("get", "", everyone(405)),
    "accounts:invitation-list": ("get", "", only(["secretariat"])),
    "accounts:invitation-create": ("get", "", only(["secretariat"])),
    "accounts:invitation-revoke": ("post", "invitation", only(["secretariat"], status=302)),
    "accounts:invitation-accept": ("get", "bad_token", everyone(404)),
    "accounts:people-list": ("get", "", only(["secretariat"])),
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
            email="new@lyon.test",
            role=Role.CITY_EDITOR,
            invited_by=personas["secretariat"].user,
            city=personas["lyon_coordinator"].user.grants.get().city,
        )
        return {"pk": invitation.pk}
    if key == "person":
        return {"pk": personas["lyon_editor"].user.pk}
    if key == "api_token":
        token, _key = create_api_token(personas["lyon_coordinator"].user, name="sync")
        return {"pk": token.pk}
    return None
