"""The one error shape of the API."""

from typing import Any

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
