"""API endpoints of the practices app: search with facets, challenges, drafts by token."""

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from django.utils.translation import get_language
from ninja import Field, Query, Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate
from ninja.security import HttpBearer

from icc.accounts.services import authenticate_api_key
from icc.core.api_errors import ERROR_RESPONSES
from icc.practices import permissions, search
from icc.practices.models import Challenge, Practice, PracticeTranslation, Story, StoryTranslation


class ApiKey(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = authenticate_api_key(token)
        if user is not None:
            request.user = user
        return user


router = Router()


class TextOut(Schema):
    language: str
    title: str
    summary: str = Field(..., description="Markdown")
    problem: str = Field(..., description="Markdown")
    actions: str = Field(..., description="Markdown: what was done")
    results: str = Field(..., description="Markdown")
    resources: str = Field(..., description="Markdown: resources and cost")


class PracticeOut(Schema):
    slug: str
    status: Practice.Status
    level: Practice.Level
    owner: str
    city: str | None = Field(None, description="Slug of the city, for a city's practice")
    country: str = Field(..., description="ISO 3166-1 alpha-2 code")
    areas: list[str] = Field(..., description="Index area codes, as in the Index editions")
    challenges: list[str] = Field(..., description="Challenge slugs")
    target_groups: list[str]
    started_year: int
    ended_year: int | None
    original_language: str
    texts: list[TextOut]
    is_demo: bool
    published_at: datetime | None

    @staticmethod
    def resolve_owner(practice: Practice) -> str:
        return practice.owner_label

    @staticmethod
    def resolve_city(practice: Practice) -> str | None:
        return practice.city.slug if practice.city is not None else None

    @staticmethod
    def resolve_country(practice: Practice) -> str:
        return str(practice.country)

    @staticmethod
    def resolve_areas(practice: Practice) -> list[str]:
        return practice.area_codes

    @staticmethod
    def resolve_challenges(practice: Practice) -> list[str]:
        return sorted(challenge.slug for challenge in practice.challenges.all())

    @staticmethod
    def resolve_texts(practice: Practice) -> list[PracticeTranslation]:
        return sorted(practice.translations.all(), key=lambda text: text.language)


class HitOut(Schema):
    practice: PracticeOut
    snippet: str = Field(..., description="HTML: escaped text, matches in <mark>")
    score: float


class FacetValueOut(Schema):
    value: str
    count: int
    is_chosen: bool


class SearchOut(Schema):
    count: int
    is_capped: bool = Field(
        False,
        description="More practices contain the words than a search ranks: count, results "
        "and facets cover only the most recently added of them (max_matches)",
    )
    max_matches: int = Field(..., description="The most matches a search ranks and counts")
    page: int
    pages: int
    results: list[HitOut]
    facets: dict[str, list[FacetValueOut]]


class SearchParams(Schema):
    q: str = Field("", description='Words; "quoted words" for a phrase')
    area: list[str] = Field([], description="Index area codes (any of)")
    challenge: list[str] = Field([], description="Challenge slugs (any of)")
    country: list[str] = Field([], description="ISO 3166-1 alpha-2 codes (any of)")
    level: list[str] = Field([], description="local, regional, national (any of)")
    year: list[int] = Field([], description="Years started (any of)")
    page: int = 1


class ChallengeOut(Schema):
    slug: str
    names: dict[str, str]
    is_active: bool


@router.get("/practices", response=SearchOut, tags=["practices"])
def search_practices(request: HttpRequest, params: Query[SearchParams]) -> Any:
    """Search the published practices, best first, with facet counts."""
    filters = search.Filters(
        area=tuple(params.area),
        challenge=tuple(params.challenge),
        country=tuple(code.upper() for code in params.country),
        level=tuple(params.level),
        year=tuple(params.year),
    )
    results = search.search(params.q, filters=filters, language=get_language(), page=params.page)
    # The hits hold what the search page shows; the API returns whole practices.
    hits = results.hits
    practices = Practice.objects.filter(pk__in=[hit.practice.pk for hit in hits]).with_texts()
    found = {practice.pk: practice for practice in practices.order_by()}
    return {
        "count": results.total,
        "is_capped": results.is_capped,
        "max_matches": results.max_matches,
        "page": results.page.number,
        "pages": results.page.paginator.num_pages,
        "results": [
            {"practice": found[hit.practice.pk], "snippet": str(hit.snippet), "score": hit.score}
            for hit in hits
        ],
        "facets": {
            name: [value.__dict__ for value in values] for name, values in results.facets.items()
        },
    }


@router.get(
    "/practices/drafts",
    response={200: list[PracticeOut], **ERROR_RESPONSES},
    tags=["practices"],
    auth=ApiKey(),
)
def list_draft_practices(request: HttpRequest) -> Any:
    """List the unpublished practices the token's owner writes or moderates."""
    return permissions.get_practices_for_workspace(request.user).with_texts()


@router.get("/practices/{slug}", response={200: PracticeOut, **ERROR_RESPONSES}, tags=["practices"])
def get_practice(request: HttpRequest, slug: str) -> Any:
    """Return one published practice."""
    return permissions.get_practice_for_view(request.user, slug)


@router.get("/challenges", response=list[ChallengeOut], tags=["practices"])
def list_challenges(request: HttpRequest) -> Any:
    """List the challenges of the taxonomy."""
    return Challenge.objects.all()


class StoryTextOut(Schema):
    language: str
    title: str
    body: str = Field(..., description="Markdown")


class StoryOut(Schema):
    slug: str
    kind: Story.Kind
    city: str | None = Field(None, description="Slug of the city, for a city story")
    original_language: str
    texts: list[StoryTextOut]
    is_demo: bool
    published_at: datetime | None

    @staticmethod
    def resolve_city(story: Story) -> str | None:
        return story.city.slug if story.city is not None else None

    @staticmethod
    def resolve_texts(story: Story) -> list[StoryTranslation]:
        return sorted(story.translations.all(), key=lambda text: text.language)


@router.get("/stories", response=list[StoryOut], tags=["practices"])
@paginate(LimitOffsetPagination)
def list_stories(request: HttpRequest, kind: Story.Kind | None = None) -> Any:
    """List the published city stories and network news, newest first."""
    stories = (
        Story.objects.filter(is_published=True)
        .select_related("city")
        .prefetch_related("translations")
    )
    return stories.filter(kind=kind) if kind else stories
