"""API endpoints for cities and national networks."""

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.models import model_to_dict
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, FilterSchema, Query, Router, Schema
from ninja.decorators import decorate_view
from ninja.pagination import paginate
from ninja.security import HttpBearer

from icc.accounts.services import authenticate_api_key
from icc.core.api_errors import ERROR_RESPONSES, ApiFieldErrors
from icc.core.api_schema import BoundedLimitOffsetPagination, InputSchema, named_enum
from icc.core.page_cache import cache_public_page
from icc.network import permissions, selectors, services
from icc.network.forms import MAX_LANGUAGES, CityForm, CityProfileForm
from icc.network.models import City, JoinStep, NationalNetwork, PopulationBand, fold


class ApiKey(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = authenticate_api_key(token)
        if user is not None:
            request.user = user
        return user


router = Router()

if TYPE_CHECKING:  # mypy reads the choices; the schemas get the copies named for OpenAPI.
    CityStatus = City.Status
    JoinStepState = JoinStep.State
else:
    CityStatus = named_enum(City.Status, "CityStatus")
    JoinStepState = named_enum(JoinStep.State, "JoinStepState")


class NationalNetworkRef(Schema):
    slug: str
    name: str


class CityOut(Schema):
    slug: str
    name: str = Field(..., description="The city's usual name, in English")
    names: dict[str, str] = Field(
        ..., description="The city's name in each language of the platform, by language code"
    )
    country: str = Field(..., description="ISO 3166-1 alpha-2 code")
    region: str
    population: int | None
    population_year: int | None
    foreign_born_share: Decimal | None = Field(None, description="Percentage, 0 to 100")
    foreign_born_year: int | None
    languages: list[str] = Field(..., description="ISO 639-1 codes")
    website: str
    latitude: Decimal | None
    longitude: Decimal | None
    status: CityStatus
    joined_on: date | None
    national_network: NationalNetworkRef | None
    has_demo_figures: bool = Field(..., description="True when figures were invented for a demo")

    @staticmethod
    def resolve_country(city: City) -> str:
        return str(city.country)

    @staticmethod
    def resolve_names(city: City) -> dict[str, str]:
        return city.all_names


class CityPatch(InputSchema):
    """Fields a city's coordinator may change; the secretariat may change the others too."""

    name: str | None = None
    region: str | None = None
    population: int | None = None
    population_year: int | None = None
    foreign_born_share: Decimal | None = None
    foreign_born_year: int | None = None
    languages: list[str] | None = Field(None, max_length=MAX_LANGUAGES)
    website: str | None = None
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    status: CityStatus | None = None
    joined_on: date | None = None


class CityFilters(FilterSchema):
    q: str | None = Field(
        None, description="Part of the city's name in any language, accents ignored"
    )
    country: str | None = Field(None, description="ISO 3166-1 alpha-2 code")
    network: str | None = Field(None, description="Slug of a national network")
    status: CityStatus | None = None
    population: PopulationBand | None = None


class NationalNetworkOut(Schema):
    slug: str
    name: str
    country: str
    founded_year: int | None
    website: str

    @staticmethod
    def resolve_country(network: NationalNetwork) -> str:
        return str(network.country)


@router.get("/cities", response=list[CityOut], tags=["cities"])
@decorate_view(cache_public_page)
@paginate(BoundedLimitOffsetPagination)
def list_cities(request: HttpRequest, filters: Query[CityFilters]) -> Any:
    """List the cities of the network."""
    cities = permissions.get_cities_for_directory(request.user)
    if filters.q:
        cities = cities.filter(search_name__contains=fold(filters.q))
    if filters.country:
        cities = cities.filter(country=filters.country.upper())
    if filters.network:
        cities = cities.filter(national_network__slug=filters.network)
    if filters.status:
        cities = cities.filter(status=filters.status)
    if filters.population:
        cities = cities.in_population_band(filters.population)
    return cities


@router.get("/cities/{slug}", response={200: CityOut, **ERROR_RESPONSES}, tags=["cities"])
def get_city(request: HttpRequest, slug: str) -> Any:
    """Return one city."""
    return permissions.get_city_for_view(request.user, slug)


@router.patch(
    "/cities/{slug}", response={200: CityOut, **ERROR_RESPONSES}, tags=["cities"], auth=ApiKey()
)
def update_city(request: HttpRequest, slug: str, payload: CityPatch) -> Any:
    """Change a city's profile: its own coordinator or editor, or the secretariat."""
    city = permissions.get_city_for_view(request.user, slug)
    if not permissions.can_edit_city(request.user, city):
        raise permissions.refusal(request.user, city)
    form_class = CityForm if permissions.can_edit_city_membership(request.user) else CityProfileForm
    changes = payload.dict(exclude_unset=True)
    refused = sorted(set(changes) - set(form_class.base_fields))
    if refused:
        raise ApiFieldErrors({name: [_("You may not change this field.")] for name in refused})
    current = model_to_dict(city, fields=list(form_class.base_fields))
    form = form_class(data=_as_form_data(current | changes), instance=City.objects.get(pk=city.pk))
    if not form.is_valid():
        raise ApiFieldErrors(
            {name: [str(error) for error in errors] for name, errors in form.errors.items()}
        )
    try:
        return services.update_city(
            city,
            changed_by=request.user,
            data={name: form.cleaned_data[name] for name in changes},
        )
    except ValidationError as error:
        raise ApiFieldErrors(error.message_dict) from None


def _as_form_data(values: dict[str, Any]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for name, value in values.items():
        if value is None:
            data[name] = ""
        elif isinstance(value, bool):
            data[name] = "on" if value else ""
        else:
            data[name] = value
    return data


@router.get("/national-networks", response=list[NationalNetworkOut], tags=["national networks"])
def list_national_networks(request: HttpRequest) -> Any:
    """List the national networks."""
    return NationalNetwork.objects.all()


@router.get(
    "/national-networks/{slug}",
    response={200: NationalNetworkOut, **ERROR_RESPONSES},
    tags=["national networks"],
)
def get_national_network(request: HttpRequest, slug: str) -> Any:
    """Return one national network."""
    return get_object_or_404(NationalNetwork, slug=slug)


class JoinStepOut(Schema):
    kind: str = Field(..., description="Key of the step; the steps and their order are data")
    name: str = Field(..., description="The step's name in the language asked for")
    state: JoinStepState
    state_on: date | None


class StatusChangeOut(Schema):
    from_status: str = Field(..., description="Empty for the first status on record")
    to_status: CityStatus
    reason: str
    changed_on: date


class MembershipOut(Schema):
    status: CityStatus
    joined_on: date | None
    join_steps: list[JoinStepOut]
    status_changes: list[StatusChangeOut]


@router.get(
    "/cities/{slug}/membership",
    response={200: MembershipOut, **ERROR_RESPONSES},
    tags=["cities"],
    auth=ApiKey(),
)
def get_city_membership(request: HttpRequest, slug: str) -> Any:
    """Return where a city stands: its join steps and its status history."""
    city = permissions.get_city_for_view(request.user, slug)
    if not permissions.can_view_membership(request.user, city):
        raise PermissionDenied
    steps = [
        {
            "kind": row["kind"],
            "name": row["label"],
            "state": row["state"],
            "state_on": row["state_on"],
        }
        for row in selectors.join_steps_of(city)
    ]
    return {
        "status": city.status,
        "joined_on": city.joined_on,
        "join_steps": steps,
        "status_changes": list(city.status_changes.order_by("changed_on", "pk")),
    }
