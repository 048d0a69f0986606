"""API endpoints of the practices app: search with facets, challenges, drafts by token."""

from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate
from ninja.security import HttpBearer

from icc.accounts.services import authenticate_api_key
from icc.core.api_errors import ERROR_RESPONSES, ApiFieldErrors
from icc.core.api_schema import BoundedLimitOffsetPagination, InputSchema, named_enum
from icc.core.versions import VersionConflict
from icc.network.models import City, NationalNetwork
from icc.practices import permissions, search, services
from icc.practices.forms import PracticeForm, PracticeTextForm
from icc.practices.models import Challenge, Practice, PracticeTranslation, Story, StoryTranslation

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


class ApiKey(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = authenticate_api_key(token)
        if user is not None:
            request.user = user
        return user


router = Router()

if TYPE_CHECKING:  # mypy reads the choices; the schemas get the copies named for OpenAPI.
    PracticeStatus = Practice.Status
    PracticeLevel = Practice.Level
    StoryKind = Story.Kind
else:
    PracticeStatus = named_enum(Practice.Status, "PracticeStatus")
    PracticeLevel = named_enum(Practice.Level, "PracticeLevel")
    StoryKind = named_enum(Story.Kind, "StoryKind")


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
    status: PracticeStatus
    level: PracticeLevel
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
    version: int = Field(..., description="Send it back with a change (PUT)")

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
    year: list[Annotated[int, Field(ge=1, le=9999)]] = Field(
        [], description="Years started (any of)"
    )
    page: int = Field(1, ge=1, le=10_000)


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


class ContactIn(InputSchema):
    name: str = Field(..., max_length=200)
    role: str = Field("", max_length=200)
    email: str = Field("", max_length=254)


class LinkIn(InputSchema):
    url: str = Field(..., max_length=2000)
    title: str = Field("", max_length=200)


class TextIn(InputSchema):
    title: str = Field(..., max_length=200)
    summary: str = Field(..., description="Markdown", max_length=1000)
    problem: str = Field("", description="Markdown")
    actions: str = Field("", description="Markdown: what was done")
    results: str = Field("", description="Markdown")
    resources: str = Field("", description="Markdown: resources and cost")


class PracticeIn(InputSchema):
    level: PracticeLevel
    city: str | None = Field(None, description="Slug of the city that carries it")
    national_network: str | None = Field(
        None, description="Slug of the national network that carries it"
    )
    owner_name: str = Field("", description="Region or national body", max_length=150)
    original_language: str
    areas: list[str] = Field([], description="Index area codes", max_length=100)
    challenges: list[str] = Field([], description="Challenge slugs", max_length=100)
    target_groups: list[str] = Field([], max_length=20)
    started_year: int
    ended_year: int | None = None
    contacts: list[ContactIn] = Field([], max_length=50)
    links: list[LinkIn] = Field([], max_length=50)
    texts: dict[str, TextIn] = Field(..., description="By language code: en, fr")


class PracticeChangeIn(PracticeIn):
    version: int = Field(..., description="The version the change starts from", ge=0)


class PracticeSavedOut(PracticeOut):
    has_pending_changes: bool = Field(
        ...,
        description="The practice is published and the change waits for a moderator: "
        "the published text stays until it is approved",
    )

    @staticmethod
    def resolve_has_pending_changes(practice: Practice) -> bool:
        return practice.pending_revision() is not None


class PracticeConflictOut(Schema):
    mine: dict[str, Any] = Field(..., description="The practice as the refused change had it")
    theirs: dict[str, Any] = Field(..., description="The practice as it is stored now")
    version: int = Field(..., description="Send this version back to replace theirs with mine")


def _validated(
    request: HttpRequest, payload: PracticeIn, practice: Practice | None = None
) -> dict[str, Any]:
    """Check the payload with the forms of the edit page; return the services' arguments."""
    data: dict[str, Any] = {
        "level": payload.level,
        "city": _pk_of(City, payload.city),
        "national_network": _pk_of(NationalNetwork, payload.national_network),
        "owner_name": payload.owner_name,
        "original_language": payload.original_language,
        "areas": payload.areas,
        "challenges": [_pk_of(Challenge, slug) for slug in payload.challenges],
        "target_groups": payload.target_groups,
        "started_year": payload.started_year,
        "ended_year": payload.ended_year if payload.ended_year is not None else "",
        "contacts": "\n".join(
            "; ".join([contact.name, contact.role, contact.email]) for contact in payload.contacts
        ),
        "links": "\n".join(f"{link.url} {link.title}".strip() for link in payload.links),
    }
    unknown = sorted(set(payload.texts) - set(LANGUAGE_CODES))
    if unknown:
        raise ApiFieldErrors(
            {"texts": [_("Unknown language: %(codes)s.") % {"codes": ", ".join(unknown)}]}
        )
    for language, text in payload.texts.items():
        data |= {f"{language}-{name}": value for name, value in text.dict().items()}
    form = PracticeForm(
        data,
        cities=permissions.get_owner_cities(request.user, keeping=practice),
        networks=permissions.get_owner_networks(request.user, keeping=practice),
    )
    text_forms = {language: PracticeTextForm(data, prefix=language) for language in LANGUAGE_CODES}
    errors: dict[str, list[str]] = {}
    if not form.is_valid():
        errors |= {name: [str(e) for e in errs] for name, errs in form.errors.items()}
    for language, text_form in text_forms.items():
        if not text_form.is_valid():
            errors |= {
                f"texts.{language}.{name}": [str(e) for e in errs]
                for name, errs in text_form.errors.items()
            }
    if errors:
        raise ApiFieldErrors(errors)
    return {
        "record": form.record(),
        "texts": {language: text_form.texts() for language, text_form in text_forms.items()},
        "areas": form.cleaned_data["areas"],
        "challenges": form.cleaned_data["challenges"],
    }


def _pk_of(model: Any, slug: str | None) -> Any:
    if not slug:
        return ""
    found = model.objects.filter(slug=slug).values_list("pk", flat=True).first()
    # An unknown slug stays wrong, so the form says which field is wrong.
    return found if found is not None else -1


def _field_errors(error: ValidationError) -> ApiFieldErrors:
    if hasattr(error, "error_dict"):
        return ApiFieldErrors(error.message_dict)
    return ApiFieldErrors({"__all__": error.messages})


@router.post(
    "/practices",
    response={201: PracticeSavedOut, **ERROR_RESPONSES},
    tags=["practices"],
    auth=ApiKey(),
)
def create_practice(request: HttpRequest, payload: PracticeIn) -> Any:
    """Write a new practice as a draft, for an owner the token's person writes for."""
    if not permissions.can_create_practice(request.user):
        raise PermissionDenied
    parts = _validated(request, payload)
    try:
        practice = services.create_practice(created_by=request.user, **parts)
    except ValidationError as error:
        raise _field_errors(error) from None
    return Status(201, Practice.objects.with_texts().get(pk=practice.pk))


@router.put(
    "/practices/{slug}",
    response={200: PracticeSavedOut, 409: PracticeConflictOut, **ERROR_RESPONSES},
    tags=["practices"],
    auth=ApiKey(),
)
def update_practice(request: HttpRequest, slug: str, payload: PracticeChangeIn) -> Any:
    """Replace a practice's record and texts; from a stale version, answer 409 with both.

    A change to a published practice by someone who may not publish it waits for a
    moderator (``has_pending_changes``); the published text stays until it is approved.
    """
    practice = permissions.get_practice_for_view(request.user, slug)
    if not permissions.can_edit_practice(request.user, practice):
        raise PermissionDenied
    # Languages left out of ``texts`` are removed, as an empty form removes them.
    parts = _validated(request, payload, practice)
    try:
        services.update_practice(
            practice, changed_by=request.user, expected_version=payload.version, **parts
        )
    except VersionConflict as conflict:
        return Status(
            409, {"mine": conflict.mine, "theirs": conflict.theirs, "version": conflict.version}
        )
    except ValidationError as error:
        raise _field_errors(error) from None
    return Practice.objects.with_texts().get(pk=practice.pk)


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
    kind: StoryKind
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
@paginate(BoundedLimitOffsetPagination)
def list_stories(request: HttpRequest, kind: StoryKind | None = None) -> Any:
    """List the published city stories and network news, newest first."""
    stories = (
        Story.objects.filter(is_published=True)
        .select_related("city")
        .prefetch_related("translations")
    )
    return stories.filter(kind=kind) if kind else stories
