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
    "antirumours:theme-add": ("get", "", only(["secretariat"])),
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
    "antirumours:item-add": ("get", "survey", only(CITY_EDITORS)),
    "antirumours:item-edit": ("get", "item", only(CITY_EDITORS)),
    "antirumours:item-remove": ("post", "spare-item", only(CITY_EDITORS, status=302)),
    # The API: the published catalogue is public; surveys ask a token (decision 0066).
    "api-v1:list_rumours": ("get", "", everyone(200)),
    "api-v1:get_rumour": ("get", "api-rumour", everyone(200)),
    "api-v1:list_surveys": ("get", "", signed_in(visitor=401)),
    "api-v1:get_survey_results": ("get", "api-survey", only(CITY_EDITORS, visitor=401)),
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
        "item",
        "spare-item",
        "api-rumour",
        "api-survey",
    }:
        return None
    objects = _objects(personas)
    if key in ("lyon", "barcelona"):
        return {"slug": key}
    if key == "agent":
        return {"slug": "lyon", "pk": objects["agent"]}
    if key == "token":
        return {"key": objects["token"]}
    if key == "spare-item":
        # The walk's survey has no answer, so its items may change: each removal takes a
        # spare item of its own.
        from icc.antirumours.models import Survey

        survey = Survey.objects.get(pk=objects["survey"])
        spare = survey.items.create(
            code=f"spare{survey.items.count()}", kind="yes_no", text_en="S", text_fr="S"
        )
        return {"pk": spare.pk}
    if key == "api-rumour":
        return {"rumour_id": objects["rumour"]}
    if key == "api-survey":
        return {"survey_id": objects["survey"]}
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
        "item": survey.items.order_by("pk")[0].pk,
        "agent": lyon.agents.get().pk,
        "campaign": lyon.campaigns.get().pk,
        "survey": survey.pk,
        "wave": wave.pk,
        "rumour": Rumour.objects.get(status="published").pk,
        "proposal": Rumour.objects.get(status="submitted").pk,
        "token": wave.tokens.filter(used_at__isnull=True)[0].key,
    }
