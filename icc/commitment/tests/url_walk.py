"""What each persona may open among the commitment pages."""

from typing import Any

from tests.url_walk import CITY_EDITORS, SIGNED_IN, only

EXPECTED = {
    "commitment:city-commitment": ("get", "city", only(CITY_EDITORS)),
    "commitment:office-term-create": ("get", "city", only(CITY_EDITORS)),
    "commitment:office-term-correct": ("get", "term", only(CITY_EDITORS)),
    "commitment:election-create": ("get", "city", only(CITY_EDITORS)),
    "commitment:instrument-create": ("get", "city", only(CITY_EDITORS)),
    "commitment:network-health": ("get", "", only(["secretariat"])),
    "commitment:task-list": ("get", "", only(["secretariat"])),
    "commitment:task-detail": ("get", "task", only(["secretariat"])),
    "commitment:task-briefing-pack": ("get", "task", only(["secretariat"])),
    "commitment:dashboard": ("get", "", only(["secretariat"])),
    "commitment:dashboard-csv": ("get", "", only(["secretariat"])),
    "api-v1:get_commitment_health": (
        "get",
        "city",
        {name: 200 if name in CITY_EDITORS else 403 for name in SIGNED_IN} | {"visitor": 401},
    ),
}


def url_kwargs(key: str, personas: dict[str, Any]) -> dict[str, Any] | None:
    if key == "task":
        return {"pk": _task_id()}
    if key == "term":
        return {"slug": "lyon", "pk": _term_id()}
    return {"city": {"slug": "lyon"}}.get(key)


def _term_id() -> int:
    """Return a term of office of Lyon, recorded once per walk."""
    from datetime import date

    from icc.commitment import services
    from icc.commitment.models import OfficeTerm
    from icc.network.models import City

    term = OfficeTerm.objects.filter(office__city__slug="lyon").first()
    if term is None:
        term = services.record_office_term(
            City.objects.get(slug="lyon"),
            kind="council",
            holder_name="Walk Council",
            starts_on=date(2020, 1, 1),
            recorded_by=None,
        )
    return term.pk


def _task_id() -> int:
    """Return a re-engagement task of Lyon, with its briefing pack, made once per walk."""
    from datetime import date

    from icc.commitment import services
    from icc.commitment.models import ReengagementTask
    from icc.network.models import City

    task = ReengagementTask.objects.first()
    if task is None:
        lyon = City.objects.get(slug="lyon")
        term = services.record_office_term(
            lyon, kind="mayor", holder_name="Walk Mayor", starts_on=date.today(), recorded_by=None
        )
        task = ReengagementTask.objects.get(trigger_key=f"term:{term.pk}")
    if not task.briefing_pack:
        from icc.commitment.tasks import build_briefing_pack

        build_briefing_pack.call(task_id=task.pk)
    return task.pk
