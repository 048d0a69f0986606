"""On a 390 px phone the results come before the filters, and each option is a row of its own.

Every page is also measured for sideways scrolling at 390 px by ``test_every_page.py``.
"""

import pytest
from playwright.sync_api import Locator, Page, ViewportSize, expect
from pytest_django.live_server_helper import LiveServer

from conftest import Persona
from e2e.conftest import in_language, url
from tests.test_url_permissions import _kwargs

PHONE: ViewportSize = {"width": 390, "height": 844}


def lefts(checkboxes: Locator) -> set[int]:
    """Return the distinct left edges of ``checkboxes``, to the pixel."""
    return {round(box["x"]) for box in (each.bounding_box() for each in checkboxes.all()) if box}


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
    expect(results).to_be_in_viewport()

    filters.get_by_text(in_language(language, "Filters"), exact=True).focus()
    page.keyboard.press("Enter")

    checkboxes = filters.get_by_role("checkbox")
    assert checkboxes.count() > 1
    # Every checkbox starts its own row, flush with the others, at twice the text size too.
    assert len(lefts(checkboxes)) == 1
    page.evaluate("document.documentElement.style.setProperty('--text-scale', '2')")
    assert len(lefts(checkboxes)) == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_the_city_directory_fits_a_phone_with_its_filters_folded(
    page: Page, live_server: LiveServer, personas: dict[str, Persona]
) -> None:
    page.set_viewport_size(PHONE)
    page.goto(url("fr", "network:city-list"))

    expect(page.locator("details.filters-disclosure")).not_to_have_attribute("open", "")
    expect(page.get_by_role("link", name="Lyon")).to_be_in_viewport()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
