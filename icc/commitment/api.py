"""API endpoints of the commitment app."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema

from icc.commitment import permissions, selectors
from icc.core.api_errors import ERROR_RESPONSES
from icc.network.api import ApiKey
from icc.network.permissions import get_city_for_view

router = Router()


class ConcernOut(Schema):
    rule: str = Field(..., description="The rule that raised the concern")
    message: str = Field(..., description="The reason, in the reader's language")
    act_within_days: int = Field(..., description="Days left to act; 0: act now")


@router.get(
    "/cities/{slug}/commitment-health",
    response={200: list[ConcernOut], **ERROR_RESPONSES},
    tags=["commitment"],
    auth=ApiKey(),
)
def get_commitment_health(request: HttpRequest, slug: str) -> Any:
    """Return the concerns about a city's political commitment, the most urgent first."""
    city = get_city_for_view(request.user, slug)
    if not permissions.can_view_commitment(request.user, city):
        raise PermissionDenied
    return selectors.city_health(city, today=timezone.localdate())
