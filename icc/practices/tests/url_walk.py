"""What each persona may open among the practices' pages and API endpoints.

``lyon-draft`` is a draft of Lyon (owners: Lyon's people); ``barcelona-submitted``
waits for review in the RECI network (moderators: the secretariat and RECI's
coordinator); ``lyon-published`` is public.
"""

from typing import Any

from tests.url_walk import CITY_EDITORS, LOGIN, SIGNED_IN, everyone, only

WRITERS = ["secretariat", "lyon_coordinator", "lyon_editor", "oslo_coordinator", "reci_coordinator"]
MODERATORS = ["secretariat", "reci_coordinator"]


def signed_in_with_role(status: int = 200) -> dict[str, int]:
    """Every persona holds a role, so every signed-in one takes part in questions."""
    return dict.fromkeys(SIGNED_IN, status) | {"visitor": LOGIN}


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
    # Owners read the changes waiting for review; moderators decide (the secretariat here).
    "practices:practice-changes": ("get", "lyon-pending", only(CITY_EDITORS)),
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
    "practices:question-list": ("get", "", signed_in_with_role()),
    "practices:question-create": ("get", "", signed_in_with_role()),
    "practices:question-detail": ("get", "practices-question", signed_in_with_role()),
    "practices:answer-helpful": (
        "post",
        "practices-answer",
        only(["lyon_coordinator"], status=302),
    ),
    "practices:challenge-follow": ("post", "practices-challenge", signed_in_with_role(302)),
    "practices:story-list": ("get", "", everyone(200)),
    "practices:story-feed": ("get", "", everyone(200)),
    "practices:news-feed": ("get", "", everyone(200)),
    "practices:story-create": (
        "get",
        "",
        only(["secretariat", "lyon_coordinator", "lyon_editor", "oslo_coordinator"]),
    ),
    "practices:story-detail": ("get", "practices-story", everyone(200)),
    "practices:story-edit": ("get", "practices-story", only(CITY_EDITORS)),
    "api-v1:search_practices": ("get", "", everyone(200)),
    "api-v1:get_practice": ("get", "lyon-published", everyone(200)),
    "api-v1:list_challenges": ("get", "", everyone(200)),
    "api-v1:list_stories": ("get", "", everyone(200)),
    # An empty body is refused before anything else; visitors have no token.
    "api-v1:create_practice": ("post", "", dict.fromkeys(SIGNED_IN, 400) | {"visitor": 401}),
    "api-v1:update_practice": (
        "put",
        "lyon-draft",
        dict.fromkeys(SIGNED_IN, 400) | {"visitor": 401},
    ),
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
    if key in ("practices-question", "practices-answer"):
        return {"pk": _question(key)}
    if key == "practices-challenge":
        return {"slug": _challenge().slug}
    if key == "practices-story":
        return {"slug": _story().slug}
    if key == "lyon-pending":
        return {"slug": _pending_practice().slug}
    if key == "lyon-published":
        return {"slug": _practice("lyon-published", "lyon", status="published").slug}
    return None


def _pending_practice() -> Any:
    from icc.accounts.models import User
    from icc.practices import services

    practice = _practice("lyon-pending", "lyon", status="published")
    if practice.pending_revision() is None:
        services.update_practice(
            practice,
            changed_by=User.objects.get(email="coordinator@lyon.test"),
            expected_version=None,
            texts={"en": {"title": "Lyon pending", "summary": "Changed."}},
        )
    return practice


def _challenge() -> Any:
    from icc.practices import services
    from icc.practices.models import Challenge

    return Challenge.objects.filter(slug="housing").first() or services.save_challenge(
        saved_by=None, slug="housing", names={"en": "Housing", "fr": "Logement"}
    )


def _question(key: str) -> int:
    from icc.accounts.models import User
    from icc.network.models import City
    from icc.practices import services
    from icc.practices.models import Question

    question = Question.objects.first()
    if question is None:
        asker = User.objects.get(email="coordinator@lyon.test")
        question = services.ask_question(
            asked_by=asker,
            city=City.objects.get(slug="lyon"),
            title="How?",
            body="",
            language="en",
            challenge=_challenge(),
        )
        services.answer_question(question, author=None, city=None, body="Like this.", language="en")
    return question.pk if key == "practices-question" else question.answers.get().pk


def _story() -> Any:
    from icc.network.models import City
    from icc.practices import services
    from icc.practices.models import Story

    return Story.objects.filter(slug="walk-story").first() or services.save_story(
        None,
        saved_by=None,
        kind="story",
        city=City.objects.get(slug="lyon"),
        texts={"en": {"title": "Walk story", "body": "Text."}},
        is_published=True,
    )
