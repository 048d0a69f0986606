"""The API's reference page, rendered on the server from the OpenAPI schema (decision 0037).

The page is a page of the site like the others: its language prefix, its layout, its
headings, its tables in scroll regions, no script of its own. The schema it is made
from stays downloadable at ``/api/v1/openapi.json``; ``/api/v1/docs``, where the
interactive widget was, sends the reader here in their language.
"""

from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_safe
from ninja import NinjaAPI
from ninja.openapi.docs import DocsBase

from icc.core.page_cache import cache_public_page

# The routers' tags, named for the reader; a tag not listed here keeps its own name.
TAG_TITLES = {
    "cities": pgettext_lazy("API section", "Cities"),
    "national networks": pgettext_lazy("API section", "National networks"),
    "commitment": pgettext_lazy("API section", "Commitment"),
    "index": pgettext_lazy("API section", "Intercultural Cities Index"),
    "practices": pgettext_lazy("API section", "Practices"),
    "events": pgettext_lazy("API section", "Events"),
    "mentoring": pgettext_lazy("API section", "Mentoring"),
    "policylab": pgettext_lazy("API section", "Policy lab"),
    "antirumours": pgettext_lazy("API section", "Anti-rumours"),
}
# Where a parameter is sent.
PLACES = {
    "path": pgettext_lazy("API parameter", "path"),
    "query": pgettext_lazy("API parameter", "query string"),
    "header": pgettext_lazy("API parameter", "header"),
    "cookie": pgettext_lazy("API parameter", "cookie"),
}
SCHEMA_PREFIX = "#/components/schemas/"


class ReferencePage(DocsBase):
    """Send ``/api/v1/docs`` to the reference page in the reader's language."""

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        """Redirect to the server-rendered reference."""
        return HttpResponseRedirect(reverse("api-reference"))


@cache_public_page(query=())
@require_safe
def api_reference(request: HttpRequest) -> HttpResponse:
    """Show every operation and schema of the API, from its OpenAPI document."""
    from config.api import openapi_schema  # config.api imports this module's ReferencePage

    schema = openapi_schema()
    context = {
        "info": schema["info"],
        "sections": sections(schema),
        "schemas": schemas(schema),
        "schema_url": reverse("api-v1:openapi-json"),
    }
    return render(request, "api/reference.html", context)


def sections(schema: dict[str, Any]) -> list[dict[str, Any]]:
    """Return the operations grouped by tag, in the order the tags first appear."""
    found: dict[str, list[dict[str, Any]]] = {}
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            tag = (operation.get("tags") or ["api"])[0]
            found.setdefault(tag, []).append(_operation(path, method, operation))
    return [
        {
            "id": "tag-" + tag.replace(" ", "-"),
            "title": TAG_TITLES.get(tag, tag),
            "operations": sorted(found[tag], key=lambda op: (op["path"], op["order"])),
        }
        for tag in found
    ]


def _operation(path: str, method: str, operation: dict[str, Any]) -> dict[str, Any]:
    parameters = [
        {
            "name": parameter["name"],
            "place": PLACES.get(parameter["in"], parameter["in"]),
            "type": type_html(parameter.get("schema", {})),
            "required": parameter.get("required", False),
            "description": parameter.get("description")
            or parameter.get("schema", {}).get("description", ""),
        }
        for parameter in operation.get("parameters", [])
    ]
    body = operation.get("requestBody", {}).get("content", {}).get("application/json", {})
    responses = [
        {
            "status": str(status),
            "description": answer.get("description", ""),
            "type": type_html(answer["content"]["application/json"]["schema"])
            if "application/json" in answer.get("content", {})
            else "",
        }
        for status, answer in sorted(operation["responses"].items(), key=lambda item: str(item[0]))
    ]
    return {
        "id": operation.get("operationId") or f"{method}-{path}",
        "method": method.upper(),
        "order": ["get", "post", "put", "patch", "delete"].index(method)
        if method in ("get", "post", "put", "patch", "delete")
        else 9,
        "path": path,
        "summary": operation.get("summary", ""),
        "description": operation.get("description", ""),
        "needs_token": bool(operation.get("security")),
        "parameters": parameters,
        "body": type_html(body["schema"]) if "schema" in body else "",
        "responses": responses,
    }


def schemas(schema: dict[str, Any]) -> list[dict[str, Any]]:
    """Return each named schema with its fields."""
    found = []
    for name, definition in sorted(schema.get("components", {}).get("schemas", {}).items()):
        required = set(definition.get("required", []))
        fields = [
            {
                "name": field,
                "type": type_html(field_schema),
                "required": field in required,
                "description": field_schema.get("description", ""),
            }
            for field, field_schema in definition.get("properties", {}).items()
        ]
        found.append(
            {
                "name": name,
                "id": "schema-" + name,
                "description": definition.get("description", ""),
                "type": "" if fields else type_html(definition),
                "fields": fields,
            }
        )
    return found


def type_html(schema: dict[str, Any]) -> SafeString:
    """Name a JSON schema's type in a few words, linking named schemas to their table."""
    if "$ref" in schema:
        name = schema["$ref"].removeprefix(SCHEMA_PREFIX)
        return format_html('<a href="#schema-{}">{}</a>', name, name)
    for key in ("anyOf", "oneOf", "allOf"):
        if key in schema:
            choices = [type_html(choice) for choice in schema[key]]
            return format_html_join(" | ", "{}", ((choice,) for choice in choices))
    if "enum" in schema:
        return format_html_join(" | ", "<code>{}</code>", ((value,) for value in schema["enum"]))
    kind = schema.get("type", "")
    if kind == "array":
        return format_html("array[{}]", type_html(schema.get("items", {})))
    if kind == "object" and isinstance(schema.get("additionalProperties"), dict):
        return format_html("object[string, {}]", type_html(schema["additionalProperties"]))
    if "format" in schema:
        return format_html("{} ({})", kind, schema["format"])
    return format_html("{}", kind or "any")
