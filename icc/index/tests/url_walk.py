"""What each persona may open among the Index pages and API endpoints."""

from typing import Any

from django.test import TestCase

from tests.url_walk import LOGIN, SIGNED_IN, everyone, only

CITY = ["lyon_coordinator", "lyon_editor"]
READERS = ["secretariat", "expert", *CITY]  # who may read Lyon's answers


def readers(status: int = 200, **special: int) -> dict[str, int]:
    """Allow Lyon's readers, hide the response (404) from others, send visitors to sign in."""
    result = {name: status if name in READERS else 404 for name in SIGNED_IN}
    return result | {"visitor": LOGIN} | special


EXPECTED = {
    "index:home": ("get", "", everyone(200)),
    "index:edition-list": ("get", "", only(["secretariat"])),
    "index:round-list": ("get", "", only(["secretariat"])),
    "index:round-detail": ("get", "round", only(["secretariat"], refused=404)),
    "index:response-start": ("post", "start", only(["secretariat", *CITY], status=302)),
    "index:response-detail": ("get", "draft", readers()),
    "index:response-area": ("get", "area", readers()),
    "index:response-history": ("get", "draft", readers(403, secretariat=200)),
    # An empty save carries no version: it is a conflict, sent back to the form.
    "index:answer-save": ("post", "question", readers(302, expert=403)),
    "index:answer-file": ("post", "question", readers(302, expert=403)),
    # A draft is not reviewed yet: nobody may review it.
    "index:answer-review": ("post", "question", readers(403)),
    "index:response-step": ("post", "consent", readers(403, lyon_coordinator=302)),
    "index:review-reply": ("post", "review", readers(302, secretariat=403, expert=403)),
    "index:round-reports": ("post", "round", only(["secretariat"], status=302, refused=404)),
    "index:round-publish": ("post", "round", only(["secretariat"], status=302, refused=404)),
    "index:report-batch-download": ("get", "batch", only(["secretariat"])),
    "index:results": ("get", "", everyone(200)),
    "index:city-report": ("get", "report", everyone(200)),
}


def url_kwargs(key: str, personas: dict[str, Any]) -> dict[str, Any] | None:
    if key == "edition":
        _state()
        return {"code": "2019"}
    if key == "batch":
        return {"pk": _batch().pk}
    if key not in {
        "round",
        "start",
        "draft",
        "area",
        "question",
        "consent",
        "review",
        "report",
        "api-draft",
        "api-question",
    }:
        return None
    state = _state()
    draft = state["draft"]
    return {
        "round": {"pk": draft.round_id},
        "start": {"pk": draft.round_id, "slug": "lyon"},
        "draft": {"pk": draft.pk},
        "area": {"pk": draft.pk, "area": "language"},
        "question": {"pk": draft.pk, "question": "language.mother_tongues"},
        "consent": {"pk": draft.pk, "step": "consent"},
        "review": {"pk": state["query"].pk},
        "report": {"slug": "lyon"},
        "api-draft": {"response_id": draft.pk},
        "api-question": {"response_id": draft.pk, "question": "language.mother_tongues"},
    }[key]


def _state() -> dict[str, Any]:
    """Make, once per walk, Lyon's draft, a query in its right of reply and a published result."""
    from icc.index.models import AnswerReview, Response
    from icc.index.services.answers import save_answer, start_response
    from icc.index.services.review import review_answer, submit_response
    from icc.index.tests.factories import publish_result, shipped_round
    from icc.network.models import City

    lyon = City.objects.get(slug="lyon")
    draft = Response.objects.filter(round__label="walk-draft", city=lyon).first()
    if draft is None:
        draft = start_response(shipped_round(label="walk-draft"), lyon, started_by=None)
        replying = start_response(shipped_round(label="walk-reply"), lyon, started_by=None)
        answer = save_answer(
            replying, "language.mother_tongues", saved_by=None, expected_version=0, value="yes"
        )
        submit_response(replying, submitted_by=None)
        review_answer(answer, reviewer=None, decision="query", comment="Which?")
        publish_result(shipped_round(label="walk-published"), lyon, 0.6)
    return {"draft": draft, "query": AnswerReview.objects.get(decision="query")}


EXPECTED |= {
    "api-v1:list_editions": ("get", "", everyone(200)),
    "api-v1:get_edition": ("get", "edition", everyone(200)),
    "api-v1:list_results": ("get", "", everyone(200)),
    "api-v1:list_city_results": ("get", "report", everyone(200)),
    "api-v1:list_responses": ("get", "", {name: 200 for name in SIGNED_IN} | {"visitor": 401}),
    "api-v1:get_response": ("get", "api-draft", readers() | {"visitor": 401}),
    "api-v1:update_answer": (
        "patch",
        "api-question",
        readers(403, secretariat=200, **dict.fromkeys(CITY, 200)) | {"visitor": 401},
    ),
}
PATCH_BODIES = {"api-v1:update_answer": {"version": 0, "evidence_text": ""}}


def _batch() -> Any:
    """Return a finished batch of reports of the published walk round, built once."""
    from icc.index.models import ReportBatch, Round
    from icc.index.services.rounds import request_network_reports

    batch = ReportBatch.objects.first()
    if batch is None:
        _state()
        published = Round.objects.get(label="walk-published")
        # The batch is queued once its row is committed (the walk runs inside a test).
        with TestCase.captureOnCommitCallbacks(execute=True):
            batch = request_network_reports(published, language="en", requested_by=None)
        batch.refresh_from_db()
    return batch
