"""API endpoint of the public register of certified intercultural NGOs."""

from datetime import date
from typing import Any

from django.http import HttpRequest
from ninja import Field, FilterSchema, Query, Router, Schema
from ninja.decorators import decorate_view
from ninja.pagination import paginate

from icc.certification import selectors
from icc.certification.models import Certificate
from icc.core.api_errors import ErrorResponse
from icc.core.api_schema import BoundedLimitOffsetPagination
from icc.core.page_cache import cache_public_page

router = Router()


class CertifiedOrganisationOut(Schema):
    organisation: str
    city: str = Field(..., description="Slug of the organisation's city")
    level: str = Field(..., description="Id of the level in the standard")
    standard: str = Field(..., description="Id of the standard's edition file")
    issued_on: date
    valid_until: date
    code: str = Field(..., description="The certificate's verification code")

    @staticmethod
    def resolve_organisation(row: Certificate) -> str:
        return row.organisation.name

    @staticmethod
    def resolve_city(row: Certificate) -> str:
        return row.organisation.city.slug


class RegisterFilters(FilterSchema):
    q: str | None = Field(None, max_length=100, description="Words of the name or city")
    level: str | None = Field(None, max_length=64, description="Id of a level")
    city: str | None = Field(None, max_length=80, description="Slug of a city")


@router.get(
    "/certification/register",
    response={200: list[CertifiedOrganisationOut], 400: ErrorResponse},
    tags=["certification"],
)
@decorate_view(cache_public_page(scopes=["certification"]))
@paginate(BoundedLimitOffsetPagination)
def list_certified(request: HttpRequest, filters: Query[RegisterFilters]) -> Any:
    """List the organisations holding a certificate in force, by name."""
    return selectors.register_rows(
        query=filters.q or "", level=filters.level or "", city=filters.city or ""
    )
