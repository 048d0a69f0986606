"""The API's reference is a page of the site, made from the OpenAPI schema (decision 0037)."""

import re

from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from config.api import openapi_schema


def test_old_docs_address_sends_to_the_reference_in_the_readers_language(
    client: Client, db: None
) -> None:
    client.cookies["icc_language"] = "fr"
    response = client.get("/api/v1/docs")
    assert response.status_code == 302
    with translation.override("fr"):
        assert response["Location"] == reverse("api-reference")
    assert response["Location"].startswith("/fr/")


def test_reference_names_every_operation_and_schema_and_offers_the_schema(
    client: Client, db: None
) -> None:
    schema = openapi_schema()
    with translation.override("en"):
        html = client.get(reverse("api-reference")).content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            assert f"<code>{method.upper()} {path}</code>" in main
            assert f'id="{operation["operationId"]}"' in main
    for name in schema["components"]["schemas"]:
        assert f'id="schema-{name}"' in main
    # Every link to a schema lands on its table.
    for target in set(re.findall(r'href="#(schema-[^"]+)"', main)):
        assert f'id="{target}"' in main
    assert 'href="/api/v1/openapi.json"' in main
    assert "<script" not in main


def test_french_reference_marks_the_schemas_english_words(client: Client, db: None) -> None:
    operation = next(iter(next(iter(openapi_schema()["paths"].values())).values()))
    with translation.override("fr"):
        html = client.get(reverse("api-reference")).content.decode()
    assert '<html lang="fr"' in html
    assert f'<p lang="en">{escape(operation["description"])}</p>' in html
