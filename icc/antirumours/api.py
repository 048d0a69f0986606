"""API endpoints of anti-rumours: the published catalogue, and survey results (read only).

The same rules as the pages (decision 0066): the published rumours, their
counter-arguments and sources are public, as on the "rumours and facts" pages; a city's
surveys and their results are read with a personal token by the city's people, the
coordinators of its national network and the secretariat. Writes stay on the pages.
"""

from datetime import date, datetime
from typing import Any, Literal

from django.db.models import Count, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import translation
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from icc.antirumours import permissions, selectors
from icc.antirumours.models import Rumour, Survey
from icc.core.api_errors import ERROR_RESPONSES
from icc.core.api_schema import BoundedLimitOffsetPagination, Id
from icc.network.api import ApiKey

router = Router()

CounterKind = Literal["factual", "narrative"]
ItemKind = Literal["likert", "yes_no"]
Said = Literal["higher", "lower", "no_change", "too_few_answers"]


class RumourCounterOut(Schema):
    kind: CounterKind
    text_en: str
    text_fr: str
    figure: str
    source_title: str
    source_publisher: str
    source_date: date | None
    source_url: str
    scope: str = Field(..., description="The scope the figure holds for")


class RumourOut(Schema):
    id: int
    theme: str = Field(..., description="Short name of the theme")
    theme_name: str = Field(..., description="The theme's name in English")
    statement_en: str = Field(..., description="The rumour as people say it, in English")
    statement_fr: str
    other_statements: dict[str, str] = Field(
        ..., description="The statement in other languages, by language code"
    )
    published_at: datetime | None
    url: str = Field(..., description="Path of the public page, in English")
    is_demo: bool

    @staticmethod
    def resolve_theme(rumour: Rumour) -> str:
        return rumour.theme.slug

    @staticmethod
    def resolve_theme_name(rumour: Rumour) -> str:
        return rumour.theme.name_en

    @staticmethod
    def resolve_url(rumour: Rumour) -> str:
        with translation.override("en"):
            return reverse("antirumours:public-detail", args=[rumour.pk])


class RumourDetailOut(RumourOut):
    counter_arguments: list[RumourCounterOut]

    @staticmethod
    def resolve_counter_arguments(rumour: Rumour) -> list[Any]:
        return list(rumour.counters.all())


class RumourFilters(Schema):
    theme: str | None = Field(None, description="Short name of a theme")
    q: str | None = Field(None, description="Words to search, as on the public pages")


@router.get(
    "/antirumours/rumours",
    response={200: list[RumourOut], **ERROR_RESPONSES},
    tags=["antirumours"],
)
@paginate(BoundedLimitOffsetPagination)
def list_rumours(request: HttpRequest, filters: Query[RumourFilters]) -> Any:
    """List the published catalogue rumours, newest first."""
    rumours: QuerySet[Rumour] = selectors.published_rumours()
    if filters.theme:
        rumours = rumours.filter(theme__slug=filters.theme)
    if filters.q:
        rumours = selectors.search_rumours(rumours, filters.q[:200])
    return rumours.order_by("-published_at", "-pk")


@router.get(
    "/antirumours/rumours/{rumour_id}",
    response={200: RumourDetailOut, **ERROR_RESPONSES},
    tags=["antirumours"],
)
def get_rumour(request: HttpRequest, rumour_id: Id) -> Any:
    """Return a published rumour with its counter-arguments and their sources."""
    return get_object_or_404(selectors.published_rumours(), pk=rumour_id)


class SurveyItemOut(Schema):
    code: str
    kind: ItemKind
    text_en: str
    text_fr: str
    rumour_id: int | None = Field(None, description="The catalogue rumour the item measures")


class SurveyWaveOut(Schema):
    id: int
    label: str
    fielded_on: date
    answers: int = Field(..., description="Number of answers")

    @staticmethod
    def resolve_answers(wave: Any) -> int:
        return int(wave.answer_count)


class SurveyOut(Schema):
    id: int
    city: str = Field(..., description="Slug of the city")
    district: str | None = Field(None, description="The district surveyed; none: whole city")
    title: str
    items: list[SurveyItemOut]
    waves: list[SurveyWaveOut]

    @staticmethod
    def resolve_city(survey: Survey) -> str:
        return survey.strategy.city.slug

    @staticmethod
    def resolve_district(survey: Survey) -> str | None:
        return survey.district.name if survey.district else None

    @staticmethod
    def resolve_items(survey: Survey) -> list[Any]:
        return list(survey.items.all())

    @staticmethod
    def resolve_waves(survey: Survey) -> list[Any]:
        return list(survey.waves.annotate(answer_count=Count("answers")))


@router.get(
    "/antirumours/surveys",
    response={200: list[SurveyOut], **ERROR_RESPONSES},
    tags=["antirumours"],
    auth=ApiKey(),
)
@paginate(BoundedLimitOffsetPagination)
def list_surveys(request: HttpRequest) -> Any:
    """List the perception surveys of the cities whose strategy the token's holder may read."""
    strategies = [s.pk for s in permissions.readable_strategies(request.user)]
    return (
        Survey.objects.filter(strategy__in=strategies)
        .select_related("strategy__city", "district")
        .order_by("pk")
    )


class SurveyItemResultOut(Schema):
    code: str
    kind: ItemKind
    n_before: int = Field(..., description="Answers to the item in the first wave")
    n_after: int = Field(..., description="Answers to the item in the second wave")
    before: float = Field(..., description="Weighted share of yes (0–1) or mean (1–5)")
    after: float
    before_interval: tuple[float, float] | None = Field(None, description="Wilson 95 %")
    after_interval: tuple[float, float] | None = None
    statistic: float = Field(..., description="z (yes/no) or U of the second wave (1–5)")
    p_value: float
    p_adjusted: float | None = Field(
        None, description="Adjusted for the other items (Benjamini–Hochberg)"
    )
    effect: float | None = Field(
        None, description="Difference of shares, or rank-biserial r (positive: higher after)"
    )
    effect_interval: tuple[float, float] | None = None
    said: Said = Field(..., description="What may be said of the change")


class SurveyResultsOut(Schema):
    survey: int
    before: int = Field(..., description="Id of the first wave")
    after: int = Field(..., description="Id of the second wave")
    items: list[SurveyItemResultOut]


class SurveyWavesQuery(Schema):
    before_id: int | None = Field(None, description="First wave (default: the one before last)")
    after_id: int | None = Field(None, description="Second wave (default: the last one)")


@router.get(
    "/antirumours/surveys/{survey_id}/results",
    response={200: SurveyResultsOut, **ERROR_RESPONSES},
    tags=["antirumours"],
    auth=ApiKey(),
)
def get_survey_results(
    request: HttpRequest, survey_id: Id, waves: Query[SurveyWavesQuery]
) -> HttpResponse | dict[str, Any]:
    """Compare two waves of a survey item by item, with the tests and both sample sizes."""
    survey: Survey = permissions.get_record_for_view(request.user, Survey, survey_id)
    found = list(survey.waves.all())
    by_pk = {w.pk: w for w in found}
    if len(found) < 2:
        raise Http404
    before = found[-2] if waves.before_id is None else by_pk.get(waves.before_id)
    after = found[-1] if waves.after_id is None else by_pk.get(waves.after_id)
    if before is None or after is None or before == after:
        raise Http404
    rows = []
    for row in selectors.compare_waves(survey, before, after):
        c = row.comparison
        if not c.enough_answers:
            said = "too_few_answers"
        else:
            said = {1: "higher", -1: "lower"}.get(c.direction, "no_change")
        rows.append({"code": row.item.code, **c.__dict__, "said": said})
    return {"survey": survey.pk, "before": before.pk, "after": after.pk, "items": rows}
