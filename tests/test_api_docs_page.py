"""The API's documentation page is a page like the others: a language and a main landmark."""

from django.test import Client


def test_api_docs_page_has_a_language_and_a_main_landmark(client: Client, db: None) -> None:
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html
    main = html[html.index("<main>") : html.index("</main>")]
    assert '<div id="swagger-ui"></div>' in main
    assert "cdn" not in html
