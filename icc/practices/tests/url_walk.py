"""What each persona may open among the practices' pages and API endpoints.

``lyon-draft`` is a draft of Lyon (owners: Lyon's people); ``barcelona-submitted``
waits for review in the RECI network (moderators: the secretariat and RECI's
coordinator); ``lyon-published`` is public.
"""

from typing import Any

from tests.url_walk import CITY_EDITORS, LOGIN, SIGNED_IN, everyone, only

WRITERS = ["secretariat", "lyon_coordinator", "lyon_editor", "oslo_coordinator", "reci_coordinator"]
MODERATORS = ["secretariat", "reci_coordinator"]

EXPECTED = {
    "practices:practice-list": ("get", "", everyone(200)),
    "practices:practice-feed": ("get", "", everyone(200)),
    "practices:practice-create": ("get", "", only(WRITERS)),
    "practices:workspace": ("get", "", only(WRITERS)),
    "practices:challenge-list": ("get", "", only(["secretariat"])),
    "practices:practice-detail": (
        "get",
        "lyon-draft",
        {name: 200 if name in CITY_EDITORS else 404 for name in SIGNED_IN} | {"visitor": 404},
    ),
    "practices:practice-edit": ("get", "lyon-draft", only(CITY_EDITORS, refused=404)),
    "practices:practice-submit": (
        "post",
        "lyon-draft",
        only(CITY_EDITORS, status=302, refused=404),
    ),
    "practices:practice-history": ("get", "lyon-draft", only(CITY_EDITORS, refused=404)),
    "practices:practice-delete": ("get", "lyon-draft", only(CITY_EDITORS, refused=404)),
    "practices:attachment-add": ("get", "lyon-draft", only(CITY_EDITORS, refused=404)),
    "practices:attachment-delete": (
        "post",
        "lyon-attachment",
        only(CITY_EDITORS, status=404, refused=404),
    ),
    "practices:practice-publish": (
        "post",
        "barcelona-submitted",
        only(MODERATORS, status=302),
    ),  # published by the first moderator
    "practices:practice-reject": ("get", "barcelona-submitted", only(MODERATORS, refused=404)),
    "api-v1:search_practices": ("get", "", everyone(200)),
    "api-v1:get_practice": ("get", "lyon-published", everyone(200)),
    "api-v1:list_challenges": ("get", "", everyone(200)),
    "api-v1:list_draft_practices": ("get", "", dict.fromkeys(SIGNED_IN, 200) | {"visitor": 401}),
}
assert LOGIN == 302


def _practice(slug: str, city_slug: str, *, status: str) -> Any:
    from icc.network.models import City
    from icc.practices import services
    from icc.practices.models import Practice

    practice = Practice.objects.filter(slug=slug).first()
    if practice is None:
        city = City.objects.get(slug=city_slug)
        practice = services.create_practice(
            created_by=None,
            record={"level": "local", "city": city, "started_year": 2020},
            texts={"en": {"title": slug.replace("-", " "), "summary": "For the URL walk."}},
        )
        if status != "draft":
            services.submit_practice(practice, submitted_by=None)
        if status == "published":
            services.publish_practice(practice, published_by=None)
    return practice


def url_kwargs(key: str, personas: dict[str, Any]) -> dict[str, Any] | None:
    if key == "lyon-draft":
        return {"slug": _practice("lyon-draft", "lyon", status="draft").slug}
    if key == "lyon-attachment":
        # Removing a file that is not there: owners get 404 for the file, others for the page.
        return {"slug": _practice("lyon-draft", "lyon", status="draft").slug, "pk": 999999}
    if key == "barcelona-submitted":
        return {"slug": _practice("barcelona-submitted", "barcelona", status="submitted").slug}
    if key == "lyon-published":
        return {"slug": _practice("lyon-published", "lyon", status="published").slug}
    return None
