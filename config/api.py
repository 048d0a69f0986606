"""The versioned JSON API: one NinjaAPI, one error shape, routers from the apps."""

from http import HTTPStatus
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from config.api_docs import ReferencePage
from icc.accounts.services import TwoFactorRequired
from icc.antirumours.api import router as antirumours_router
from icc.barometer.api import router as barometer_router
from icc.certification.api import router as certification_router
from icc.commitment.api import router as commitment_router
from icc.connections.mentoring.api import router as mentoring_router
from icc.core.api_errors import ApiFieldErrors, error_body
from icc.core.api_schema import BadRequestBody, StrictJsonParser
from icc.events.api import router as events_router
from icc.index.api import router as index_router
from icc.network.api import router as network_router
from icc.network.permissions import CityMayNotAct
from icc.policylab.api import router as policylab_router
from icc.practices.api import router as practices_router


class IccApi(NinjaAPI):
    """The API, whose OpenAPI document lists the error answers every operation can give."""

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> Any:
        """Return the OpenAPI document, each operation with the errors it may answer."""
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        error = {
            "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/ErrorResponse"}}
            }
        }
        for path, operations in schema["paths"].items():
            for operation in operations.values():
                responses = operation["responses"]
                # ninja keys responses by number; a text key would not sort beside them.
                codes = [400]
                if operation.get("security"):
                    codes += [401, 403]
                # A path naming a record, or a query naming one by id, may find none.
                names = [parameter["name"] for parameter in operation.get("parameters", [])]
                if "{" in path or any(name.endswith("_id") for name in names):
                    codes.append(404)
                for code in codes:
                    responses.setdefault(code, {"description": HTTPStatus(code).phrase, **error})
        return schema


api = IccApi(
    title="Intercultural Cities API",
    version="1",
    description=(
        "Public records of the Intercultural Cities network. Reads are open; writes need "
        "a personal token (`Authorization: Bearer <token>`) created on the platform."
    ),
    urls_namespace="api-v1",
    # /api/v1/docs sends the reader to the reference page made from the schema.
    docs=ReferencePage(),
    parser=StrictJsonParser(),
)
api.add_router("/", network_router)
api.add_router("/", commitment_router)
api.add_router("/", index_router)
api.add_router("/", practices_router)
api.add_router("/", events_router)
api.add_router("/", mentoring_router)
api.add_router("/", barometer_router)
api.add_router("/", policylab_router)
api.add_router("/", certification_router)
api.add_router("/", antirumours_router)


def _respond(
    request: HttpRequest,
    status: int,
    code: str,
    message: str,
    fields: dict[str, list[str]] | None = None,
) -> HttpResponse:
    return api.create_response(request, error_body(status, code, message, fields), status=status)


@api.exception_handler(NinjaValidationError)
def on_invalid_input(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    fields: dict[str, list[str]] = {}
    for error in exc.errors:
        location = [str(part) for part in error.get("loc", ()) if part not in ("body", "payload")]
        fields.setdefault(".".join(location) or "__all__", []).append(error.get("msg", ""))
    return _respond(request, 400, "invalid", _("The request is not valid."), fields)


@api.exception_handler(ApiFieldErrors)
def on_field_errors(request: HttpRequest, exc: ApiFieldErrors) -> HttpResponse:
    return _respond(request, 400, "invalid", _("The request is not valid."), exc.fields)


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _respond(request, 401, "unauthenticated", _("A valid API token is required."))


@api.exception_handler(PermissionDenied)
def on_forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
    if isinstance(exc, CityMayNotAct):
        # The city's status, the reason and whom to contact, in the reader's language.
        return _respond(request, 403, "city_may_not_act", str(exc))
    return _respond(request, 403, "forbidden", _("You may not do this."))


@api.exception_handler(TwoFactorRequired)
def on_two_factor_missing(request: HttpRequest, exc: Exception) -> HttpResponse:
    message = _(
        "Set up two-factor sign-in on the platform before using a token with secretariat rights."
    )
    return _respond(request, 403, "two_factor_required", message)


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _respond(request, 404, "not_found", _("Not found."))


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    # ninja wraps what the parser raised; its cause says precisely what was wrong.
    if isinstance(exc.__cause__, BadRequestBody):
        return _respond(request, 400, exc.__cause__.code, exc.__cause__.message)
    return _respond(request, exc.status_code, "error", str(exc))


def openapi_schema() -> dict[str, Any]:
    """Return the OpenAPI document of the API, as committed in docs/api/openapi.json."""
    return api.get_openapi_schema(path_prefix="/api/v1/")
