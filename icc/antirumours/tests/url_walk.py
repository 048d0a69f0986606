"""What each persona may open among the anti-rumours pages.

Lyon's strategy is the one walked: Lyon's people and the secretariat read and change it;
Lyon is in no national network, so RECI's coordinator reads only Barcelona's (a case
below). The catalogue is read by everyone with a role and written by the secretariat; a
city that may act proposes. The public rumour-and-facts pages and a survey's answer link
are open to everyone.
"""

from typing import Any

from tests.url_walk import CITY_EDITORS, everyone, only, signed_in

PROPOSERS = [*CITY_EDITORS, "oslo_coordinator"]

EXPECTED = {
    "antirumours:home": ("get", "", signed_in()),
    "antirumours:strategy": ("get", "lyon", only(CITY_EDITORS)),
    "antirumours:strategy-start": ("post", "lyon", only(CITY_EDITORS, status=302)),
    "antirumours:strategy-edit": ("get", "lyon", only(CITY_EDITORS)),
    "antirumours:city-rumour-add": ("get", "lyon", only(CITY_EDITORS)),
    "antirumours:organisation-add": ("get", "lyon", only(CITY_EDITORS)),
    "antirumours:module-add": ("get", "lyon", only(CITY_EDITORS)),
    "antirumours:agent-add": ("get", "lyon", only(CITY_EDITORS)),
    "antirumours:session-add": ("get", "lyon", only(CITY_EDITORS)),
    "antirumours:certificate": ("get", "agent", only(CITY_EDITORS)),
    "antirumours:campaign-add": ("get", "lyon", only(CITY_EDITORS)),
    "antirumours:campaign": ("get", "campaign", only(CITY_EDITORS)),
    "antirumours:survey-add": ("get", "lyon", only(CITY_EDITORS)),
    "antirumours:survey": ("get", "survey", only(CITY_EDITORS)),
    "antirumours:wave-add": ("get", "survey", only(CITY_EDITORS)),
    "antirumours:results": ("get", "survey", only(CITY_EDITORS)),
    "antirumours:wave": ("get", "wave", only(CITY_EDITORS)),
    "antirumours:paper-entry": ("get", "wave", only(CITY_EDITORS)),
    "antirumours:answers-import": ("get", "wave", only(CITY_EDITORS)),
    "antirumours:catalogue": ("get", "", signed_in()),
    "antirumours:rumour-add": ("get", "", only(PROPOSERS)),
    "antirumours:rumour": ("get", "rumour", signed_in()),
    "antirumours:rumour-edit": ("get", "rumour", only(["secretariat"])),
    "antirumours:counter-add": ("get", "rumour", only(["secretariat"])),
    # An empty decision is refused with a message; only the secretariat decides.
    "antirumours:rumour-decide": ("post", "proposal", only(["secretariat"], status=302)),
    "antirumours:public-list": ("get", "", everyone(200)),
    "antirumours:public-detail": ("get", "rumour", everyone(200)),
    "antirumours:public-city": ("get", "lyon", everyone(200)),
    "antirumours:feed": ("get", "", everyone(200)),
    "antirumours:answer": ("get", "token", everyone(200)),
}

CASES = {
    # RECI's coordinator reads the strategy of RECI's Barcelona, and never changes it.
    "antirumours barcelona strategy": (
        "antirumours:strategy",
        "get",
        "barcelona",
        only(["secretariat", "reci_coordinator"]),
    ),
    "antirumours barcelona edit": (
        "antirumours:strategy-edit",
        "get",
        "barcelona",
        only(["secretariat"]),
    ),
}


def url_kwargs(key: str, personas: dict[str, Any]) -> dict[str, Any] | None:
    if key not in {
        "lyon",
        "barcelona",
        "agent",
        "campaign",
        "survey",
        "wave",
        "rumour",
        "proposal",
        "token",
    }:
        return None
    objects = _objects(personas)
    if key in ("lyon", "barcelona"):
        return {"slug": key}
    if key == "agent":
        return {"slug": "lyon", "pk": objects["agent"]}
    if key == "token":
        return {"key": objects["token"]}
    return {"pk": objects[key]}


def _objects(personas: dict[str, Any]) -> dict[str, Any]:
    from icc.antirumours.models import Rumour, Strategy, Theme
    from icc.antirumours.services import catalogue
    from icc.antirumours.tests.build import full_strategy, published_rumour
    from icc.network.models import City

    secretariat = personas["secretariat"].user
    lyon = Strategy.objects.filter(city__slug="lyon").first()
    if lyon is None:
        rumour = published_rumour(secretariat)
        built = full_strategy(City.objects.get(slug="lyon"), secretariat, rumour)
        full_strategy(City.objects.get(slug="barcelona"), secretariat, rumour)
        catalogue.create_rumour(
            by=personas["lyon_coordinator"].user,
            theme=Theme.classic("labour"),
            statement_en="They take our jobs",
            statement_fr="Ils prennent nos emplois",
            city=City.objects.get(slug="lyon"),
        )
        lyon = built["strategy"]
    survey = lyon.surveys.get()
    wave = survey.waves.order_by("fielded_on")[0]
    return {
        "agent": lyon.agents.get().pk,
        "campaign": lyon.campaigns.get().pk,
        "survey": survey.pk,
        "wave": wave.pk,
        "rumour": Rumour.objects.get(status="published").pk,
        "proposal": Rumour.objects.get(status="submitted").pk,
        "token": wave.tokens.filter(used_at__isnull=True)[0].key,
    }
