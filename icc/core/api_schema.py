"""What the API accepts: one strict JSON parser, strict bodies, bounded numbers, named enums.

Every request body goes through ``StrictJsonParser`` before any endpoint sees it: invalid
JSON, a body that is not an object, nesting deeper than ``MAX_JSON_DEPTH`` and text that
cannot be stored (a lone UTF-16 surrogate, or a NUL, which PostgreSQL's text refuses) are
refused with a 400 that says which. Body schemas derive from ``InputSchema``, which
refuses unknown fields instead of ignoring them.
"""

import json
from enum import StrEnum
from typing import Annotated, Any

from django.db.models import TextChoices
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination
from ninja.parser import Parser
from ninja.schema import DjangoGetter
from pydantic import ConfigDict, model_validator

MAX_JSON_DEPTH = 20
# Far above any real field (the longest, a practice's text, stays under it) and far below
# what would hurt a page that shows it.
MAX_TEXT_LENGTH = 50_000
# The largest integer every supported database stores; larger ones overflow the driver.
MAX_DATABASE_INTEGER = 2**63 - 1
# An offset past this is past every table; bounding it keeps the SQL within 64 bits.
MAX_OFFSET = 2**31 - 1

Id = Annotated[int, Field(ge=1, le=MAX_DATABASE_INTEGER)]


class BadRequestBody(Exception):
    """The body of a request cannot be read as the API's input."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def find_unstorable_text(value: Any, path: str = "") -> str | None:
    """Return the path of the first text in ``value`` no database can store, or None.

    That is text UTF-8 cannot encode (a lone surrogate) or holding a NUL character, which
    PostgreSQL's text fields refuse (Django's form fields refuse it too).
    """
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return path or "__all__"
        return (path or "__all__") if "\x00" in value else None
    if isinstance(value, dict):
        items: Any = value.items()
    elif isinstance(value, list):
        items = enumerate(value)
    else:
        return None
    for key, item in items:
        if isinstance(key, str) and find_unstorable_text(key) is not None:
            return path or "__all__"
        found = find_unstorable_text(item, f"{path}.{key}" if path else str(key))
        if found is not None:
            return found
    return None


def _depth(value: Any) -> int:
    if isinstance(value, dict):
        return 1 + max((_depth(item) for item in value.values()), default=0)
    if isinstance(value, list):
        return 1 + max((_depth(item) for item in value), default=0)
    return 0


class StrictJsonParser(Parser):
    """Read a request body as one JSON object, or raise ``BadRequestBody``."""

    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        """Return the body's object."""
        try:
            data = json.loads(request.body)
        except RecursionError:
            raise BadRequestBody("too_deep", _("The JSON is nested too deeply.")) from None
        except (ValueError, UnicodeDecodeError):
            raise BadRequestBody("invalid_json", _("The body is not valid JSON.")) from None
        if not isinstance(data, dict):
            raise BadRequestBody("invalid", _("The body must be a JSON object."))
        if _depth(data) > MAX_JSON_DEPTH:
            raise BadRequestBody("too_deep", _("The JSON is nested too deeply."))
        if find_unstorable_text(data) is not None:
            raise BadRequestBody(
                "invalid_text", _("The text contains characters that cannot be stored.")
            )
        return data


class InputSchema(Schema):
    """A request body: unknown fields are refused, text is bounded."""

    model_config = ConfigDict(extra="forbid", str_max_length=MAX_TEXT_LENGTH)

    @model_validator(mode="before")
    @classmethod
    def _require_object(cls, data: Any) -> Any:
        # Schema reads attributes of any object (it wraps each in a DjangoGetter), so a
        # list or a string would pass as an empty body; a body must be a JSON object.
        received = data._obj if isinstance(data, DjangoGetter) else data
        if not isinstance(received, dict):
            raise ValueError(_("Send a JSON object."))
        return data


class BoundedLimitOffsetPagination(LimitOffsetPagination):
    """Limit and offset pagination whose numbers stay within what a database accepts."""

    class Input(Schema):
        limit: int = Field(100, ge=1, le=1000)
        offset: int = Field(0, ge=0, le=MAX_OFFSET)


def named_enum(choices: type[TextChoices], name: str) -> type[StrEnum]:
    """Return ``choices`` under a name of its own, so OpenAPI components never collide.

    Nested choices are all called ``Status`` or ``Kind``; the OpenAPI document keeps one
    component per name, so without this the city status would read as a practice status.
    """
    members = {member.name: member.value for member in choices}
    return StrEnum(name, members)  # type: ignore[return-value]
