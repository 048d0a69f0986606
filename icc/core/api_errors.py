"""The one error shape of the API."""

from collections.abc import Callable
from http import HTTPStatus
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from ninja import Schema


class ErrorDetail(Schema):
    status: int
    code: str
    message: str
    fields: dict[str, list[str]] = {}


class ErrorResponse(Schema):
    """Every API error: the HTTP status, a stable code, a message and field messages."""

    error: ErrorDetail


class ApiFieldErrors(Exception):
    """Raise from an endpoint to answer 400 with messages per field."""

    def __init__(self, fields: dict[str, list[str]]) -> None:
        super().__init__("invalid")
        self.fields = fields


def error_body(
    status: int, code: str, message: str, fields: dict[str, list[str]] | None = None
) -> dict[str, Any]:
    """Return the JSON body of an API error."""
    return {"error": {"status": status, "code": code, "message": message, "fields": fields or {}}}


ERROR_RESPONSES = {400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse}


class ApiErrorShapeMiddleware:
    """Answer every error under ``/api/`` in the API's one JSON shape.

    ninja shapes the errors of its operations; an unknown path (Django's 404 page), a
    method an operation does not take (ninja's plain text 405) and a server error (the
    500 page) would otherwise answer HTML or text to a program that expects JSON.

    A query parameter holding a NUL is refused here, before any endpoint: no database
    stores or compares it (PostgreSQL refuses it), as bodies are refused by the parser.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith("/api/") and any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        ):
            message = _("The text contains characters that cannot be stored.")
            return JsonResponse(error_body(400, "invalid_text", message), status=400)
        response = self.get_response(request)
        if (
            request.path.startswith("/api/")
            and response.status_code >= 400
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            return _json_error(response)
        return response


def _json_error(original: HttpResponse) -> HttpResponse:
    status = original.status_code
    code, message = {
        404: ("not_found", _("Not found.")),
        405: ("method_not_allowed", _("This address does not take this method.")),
        500: ("server_error", _("Something went wrong on the server.")),
    }.get(status, ("error", HTTPStatus(status).phrase if status in HTTPStatus else ""))
    response = JsonResponse(error_body(status, code, str(message)), status=status)
    if original.has_header("Allow"):
        response["Allow"] = original["Allow"]
    return response
