"""API endpoints of the policy lab: confirmed uptakes and a practice's journey (public reads).

Contact people and uptakes still waiting for confirmation never leave through the API.
"""

from datetime import date, datetime
from typing import Any, Literal

from django.http import Http404, HttpRequest
from django.utils import translation
from ninja import Field, Router, Schema
from ninja.decorators import decorate_view
from ninja.pagination import paginate

from icc.core.api_errors import ErrorResponse
from icc.core.api_schema import BoundedLimitOffsetPagination
from icc.core.page_cache import cache_public_page
from icc.policylab import selectors
from icc.policylab.models import Uptake

router = Router()

# Inline enums, as the events API explains: named ones would clash in the OpenAPI document.
UptakeKind = Literal["adoption", "policy", "law", "programme", "strategy"]
UptakeLevel = Literal["local", "regional", "national", "european"]


class UptakeOut(Schema):
    id: int
    practice_id: int
    kind: UptakeKind
    level: UptakeLevel
    adopter: str = Field(..., description="Who took the practice up, by name")
    adopter_city: str | None = Field(None, description="Slug of the adopting city")
    strategy: str | None = Field(None, description="Slug of the national strategy")
    source_id: int | None = Field(None, description="The uptake it came from; none: the origin")
    adopted_on: date
    adaptation: str
    adaptation_language: Literal["en", "fr"] = Field(
        ..., description="The language the adaptation is written in"
    )
    evidence_url: str
    elements: list[str] = Field(..., description="Codes of the model framework's elements")
    confirmed_at: datetime | None
    confirmed_by: Literal["origin", "adopter", "secretariat"] | None = Field(
        None, description="Which side confirmed it: the origin city, the adopter or the secretariat"
    )
    is_demo: bool
    url: str = Field(..., description="Path of the uptake's page, in English")

    @staticmethod
    def resolve_confirmed_by(uptake: Uptake) -> str | None:
        return uptake.confirmed_side or None

    @staticmethod
    def resolve_adopter(uptake: Uptake) -> str:
        return uptake.adopter_label

    @staticmethod
    def resolve_adopter_city(uptake: Uptake) -> str | None:
        return uptake.adopter_city.slug if uptake.adopter_city else None

    @staticmethod
    def resolve_strategy(uptake: Uptake) -> str | None:
        return uptake.strategy.slug if uptake.strategy else None

    @staticmethod
    def resolve_url(uptake: Uptake) -> str:
        with translation.override("en"):
            return uptake.get_absolute_url()


class JourneyNodeOut(Schema):
    key: str = Field(..., description="city:<id>, body:<id> or strategy:<id>")
    label: str
    level: UptakeLevel


class JourneyOut(Schema):
    practice: str = Field(..., description="Slug of the practice")
    origin: JourneyNodeOut
    nodes: list[JourneyNodeOut]
    uptakes: list[UptakeOut] = Field(..., description="Confirmed uptakes, oldest first")


@router.get(
    "/policylab/uptakes",
    response={200: list[UptakeOut], 400: ErrorResponse},
    tags=["policylab"],
)
@decorate_view(cache_public_page(scopes=["policylab"]))
@paginate(BoundedLimitOffsetPagination)
def list_uptakes(request: HttpRequest) -> Any:
    """List the confirmed uptakes of good practices, the latest confirmed first."""
    return (
        Uptake.objects.confirmed()
        .select_related("adopter_city", "adopter_stakeholder", "strategy")
        .order_by("-confirmed_at", "-pk")
    )


@router.get(
    "/policylab/journeys/{slug}",
    response={200: JourneyOut, 404: ErrorResponse},
    tags=["policylab"],
)
@decorate_view(cache_public_page(scopes=["policylab", "practices"]))
def get_journey(request: HttpRequest, slug: str) -> Any:
    """Return a published practice's journey: its origin, the actors and the confirmed uptakes."""
    practice = selectors.practice_by_slug(slug[:80])
    if practice is None:
        raise Http404
    rows = list(selectors.uptakes_of(practice.id, confirmed_only=True))
    journey = selectors.build_journey(practice, rows)
    return {
        "practice": practice.slug,
        "origin": journey.origin,
        "nodes": list(journey.nodes.values()),
        "uptakes": rows,
    }
