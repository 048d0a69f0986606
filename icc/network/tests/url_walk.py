"""What each persona may open among the network's pages and API endpoints."""

from typing import Any

from tests.url_walk import CITY_EDITORS, SIGNED_IN, everyone, only

EXPECTED = {
    "network:home": ("get", "", everyone(200)),
    "network:city-list": ("get", "", everyone(200)),
    "network:city-detail": ("get", "city", everyone(200)),
    "network:city-edit": ("get", "city", only(CITY_EDITORS)),
    "network:city-create": ("get", "", only(["secretariat"])),
    "network:national-network-list": ("get", "", everyone(200)),
    "network:national-network-detail": ("get", "network", everyone(200)),
    "network:national-network-edit": ("get", "network", only(["secretariat", "reci_coordinator"])),
    "network:national-network-create": ("get", "", only(["secretariat"])),
    "api-v1:list_cities": ("get", "", everyone(200)),
    "api-v1:get_city": ("get", "city", everyone(200)),
    "api-v1:update_city": (
        "patch", "city",
        {name: 200 if name in CITY_EDITORS else 403 for name in SIGNED_IN} | {"visitor": 401},
    ),
    "api-v1:list_national_networks": ("get", "", everyone(200)),
    "api-v1:get_national_network": ("get", "network", everyone(200)),
}

PATCH_BODIES = {"api-v1:update_city": {"region": "Rhône"}}


def url_kwargs(key: str, personas: dict[str, Any]) -> dict[str, Any] | None:
    return {"city": {"slug": "lyon"}, "network": {"slug": "reci"}}.get(key)
