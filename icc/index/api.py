"""API endpoints of the Index: editions and published results (open), a city's answers (token)."""

from datetime import date
from decimal import Decimal
from typing import Annotated, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status

from icc.core.api_errors import ERROR_RESPONSES, ApiFieldErrors
from icc.core.api_schema import Id, InputSchema
from icc.index import permissions
from icc.index.models import Answer, Edition, Response, Round
from icc.index.results import selectors
from icc.index.services.answers import MAX_EVIDENCE_TEXT, MAX_LINKS, AnswerConflict, save_answer
from icc.network.api import ApiKey
from icc.network.models import City
from icc.network.permissions import get_city_for_view, refusal

router = Router()


class EditionOut(Schema):
    code: str
    version: int
    title_en: str
    title_fr: str
    earlier: str | None = Field(None, description="Code of the earlier edition it maps to")

    @staticmethod
    def resolve_earlier(edition: Edition) -> str | None:
        return edition.earlier.code if edition.earlier_id else None  # type: ignore[union-attr]


class ResultOut(Schema):
    city: str = Field(..., description="Slug of the city")
    round_id: int
    round_label: str
    edition_code: str
    overall: Decimal = Field(..., description="Overall index, 0 to 100")
    areas: dict[str, Decimal] = Field(..., description="Area code → score, 0 to 100")
    rank: int = Field(..., description="Rank among the published results of the round")
    sample_size: int
    published_on: date | None
    dimensions: dict[str, Decimal] | None = Field(
        None,
        description=(
            "Dimension code → score, 0 to 100; only when the round's edition scores "
            "dimensions (indicators → dimensions → areas)"
        ),
    )


class AnswerOut(Schema):
    question: str
    value: Any = Field(None, description="Option id, list of option ids, number as text, or text")
    evidence_text: str
    evidence_links: list[str]
    version: int
    review_status: str


class ResponseOut(Schema):
    id: int
    city: str
    round_label: str
    edition_code: str
    status: str
    has_public_consent: bool
    answers: list[AnswerOut] = []


class AnswerIn(InputSchema):
    version: int = Field(
        ..., description="The version the change starts from (0 when new)", ge=0, le=2**31 - 1
    )
    value: Any = None
    evidence_text: str | None = Field(None, max_length=MAX_EVIDENCE_TEXT)
    evidence_links: list[Annotated[str, Field(max_length=2000)]] | None = Field(
        None, max_length=MAX_LINKS
    )


class ConflictOut(Schema):
    mine: dict[str, Any]
    theirs: dict[str, Any]


def _result(result: selectors.CityResult, slugs: dict[int, str]) -> dict[str, Any]:
    # ``dimensions`` only for an edition with dimensions: the others' output is unchanged.
    dimensions = {} if result.dimensions is None else {"dimensions": result.dimensions}
    return {
        **dimensions,
        "city": slugs[result.city_id],
        "round_id": result.round_id,
        "round_label": result.round_label,
        "edition_code": result.edition_code,
        "overall": result.overall,
        "areas": result.areas,
        "rank": result.rank,
        "sample_size": result.sample_size,
        "published_on": result.published_on,
    }


def _answers(response: Response) -> list[dict[str, Any]]:
    return [
        {
            "question": answer.question_id,
            "value": answer.value,
            "evidence_text": answer.evidence_text,
            "evidence_links": answer.evidence_links,
            "version": answer.version,
            "review_status": answer.review_status,
        }
        for answer in response.answers.order_by("question_id")
    ]


def _response(response: Response, *, with_answers: bool) -> dict[str, Any]:
    return {
        "id": response.pk,
        "city": response.city.slug,
        "round_label": response.round.label,
        "edition_code": response.round.edition.code,
        "status": response.status,
        "has_public_consent": response.has_public_consent,
        "answers": _answers(response) if with_answers else [],
    }


@router.get("/index/editions", response=list[EditionOut], tags=["index"])
def list_editions(request: HttpRequest) -> Any:
    """List the loaded editions of the Index questionnaire, every version."""
    return Edition.objects.select_related("earlier")


@router.get(
    "/index/editions/{code}", response={200: dict[str, Any], **ERROR_RESPONSES}, tags=["index"]
)
def get_edition(request: HttpRequest, code: str) -> Any:
    """Return the latest version of an edition: its questions, points and weights as loaded."""
    edition = Edition.objects.filter(code=code).order_by("-version").first()
    if edition is None:
        raise Http404
    return edition.definition


@router.get("/index/results", response=list[ResultOut], tags=["index"], exclude_unset=True)
def list_results(
    request: HttpRequest, round_id: Id | None = None, network: str | None = None
) -> Any:
    """List the published results of one round, best first.

    Without ``round_id``, the round the results page shows by default: the newest round
    with enough published results to compare (docs/index-results.md). Each city's own
    results across rounds are at ``index/cities/{slug}/results``.
    """
    index_round = (
        get_object_or_404(Round, pk=round_id)
        if round_id is not None
        else selectors.default_results_round()
    )
    results = selectors.round_results(index_round) if index_round else []
    if network:
        # The cities of one national network (its slug); ranks stay those of the whole round.
        members = set(
            City.objects.filter(national_network__slug=network).values_list("pk", flat=True)
        )
        results = [result for result in results if result.city_id in members]
    slugs = dict(City.objects.filter(pk__in=[r.city_id for r in results]).values_list("pk", "slug"))
    return [_result(result, slugs) for result in results]


@router.get(
    "/index/cities/{slug}/results",
    response={200: list[ResultOut], **ERROR_RESPONSES},
    tags=["index"],
    exclude_unset=True,
)
def list_city_results(request: HttpRequest, slug: str) -> Any:
    """List a city's published results, oldest round first."""
    city = get_city_for_view(request.user, slug)
    return [
        _result(result, {city.pk: city.slug}) for result in selectors.city_result_history(city.pk)
    ]


@router.get("/index/responses", response=list[ResponseOut], tags=["index"], auth=ApiKey())
def list_responses(request: HttpRequest) -> Any:
    """List the responses the token's holder may read: their city's drafts and results."""
    return [
        _response(response, with_answers=False)
        for response in permissions.get_responses_for_user(request.user)
    ]


@router.get(
    "/index/responses/{response_id}",
    response={200: ResponseOut, **ERROR_RESPONSES},
    tags=["index"],
    auth=ApiKey(),
)
def get_response(request: HttpRequest, response_id: Id) -> Any:
    """Return a response with every answer (the city's people, experts and the secretariat)."""
    return _response(
        permissions.get_response_for_view(request.user, response_id), with_answers=True
    )


@router.patch(
    "/index/responses/{response_id}/answers/{question}",
    response={200: AnswerOut, 409: ConflictOut, **ERROR_RESPONSES},
    tags=["index"],
    auth=ApiKey(),
)
def update_answer(request: HttpRequest, response_id: Id, question: str, payload: AnswerIn) -> Any:
    """Change the parts sent of one answer; from a stale version, answer 409 with both."""
    response = permissions.get_response_for_view(request.user, response_id)
    try:
        response.round.edition.method.question(question)
    except KeyError:
        raise Http404 from None
    parts = payload.dict(exclude_unset=True)
    version = parts.pop("version")
    try:
        answer: Answer = save_answer(
            response,
            question,
            saved_by=request.user,
            expected_version=version,
            source="api",
            **parts,
        )
    except AnswerConflict as conflict:
        return Status(409, {"mine": conflict.mine, "theirs": conflict.theirs})
    except PermissionDenied:
        # A suspended city's people learn why, and from whom to ask.
        raise refusal(request.user, response.city) from None
    except ValidationError as error:
        raise ApiFieldErrors({"value": error.messages}) from None
    return {
        "question": answer.question_id,
        "value": answer.value,
        "evidence_text": answer.evidence_text,
        "evidence_links": answer.evidence_links,
        "version": answer.version,
        "review_status": answer.review_status,
    }
