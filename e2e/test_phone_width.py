"""On a 390 px phone the results come before the filters, and each option is a row of its own.

Every page is also measured for sideways scrolling at 390 px by ``test_every_page.py``.
"""

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from conftest import Persona
from e2e.conftest import in_language, url
from tests.test_url_permissions import _kwargs

PHONE = {"width": 390, "height": 844}


@pytest.mark.parametrize("language", ["en", "fr"])
def test_practice_results_come_first_and_facets_stack_on_a_phone(
    page: Page, live_server: LiveServer, personas: dict[str, Persona], language: str
) -> None:
    _kwargs("lyon-published", personas)
    page.set_viewport_size(PHONE)
    page.goto(url(language, "practices:practice-list"))
    filters = page.locator("details.filters-disclosure")
    results = page.locator("#results-title")

    expect(filters).not_to_have_attribute("open", "")
    assert results.bounding_box()["y"] < PHONE["height"]

    filters.get_by_text(in_language(language, "Filters"), exact=True).focus()
    page.keyboard.press("Enter")

    boxes = [box.bounding_box() for box in filters.get_by_role("checkbox").all()]
    assert len(boxes) > 1
    # Every checkbox starts its own row, flush with the others, at twice the text size too.
    assert len({round(box["x"]) for box in boxes}) == 1
    page.evaluate("document.documentElement.style.setProperty('--text-scale', '2')")
    boxes = [box.bounding_box() for box in filters.get_by_role("checkbox").all()]
    assert len({round(box["x"]) for box in boxes}) == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_the_city_directory_fits_a_phone_with_its_filters_folded(
    page: Page, live_server: LiveServer, personas: dict[str, Persona]
) -> None:
    page.set_viewport_size(PHONE)
    page.goto(url("fr", "network:city-list"))

    expect(page.locator("details.filters-disclosure")).not_to_have_attribute("open", "")
    expect(page.get_by_role("link", name="Lyon")).to_be_in_viewport()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
