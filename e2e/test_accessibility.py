"""Public pages pass axe-core in both languages, and readers can enlarge the text."""

from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from e2e.conftest import in_language, url
from icc.network.models import City

PAGES = [
    pytest.param("network:home", {}, id="home"),
    pytest.param("network:city-list", {}, id="directory"),
    pytest.param("network:city-detail", {"slug": "lyon"}, id="city-profile"),
    pytest.param("account_login", {}, id="sign-in"),
]
BLOCKING_IMPACTS = {"serious", "critical"}


def describe(violations: list[dict[str, Any]]) -> str:
    return "\n".join(
        f"- {violation['id']} ({violation['impact']}): {violation['help']}; targets: "
        + ", ".join(" ".join(node["target"]) for node in violation["nodes"])
        for violation in violations
    )


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize(("name", "kwargs"), PAGES)
def test_page_has_no_serious_accessibility_violation(
    page: Page,
    lyon: City,
    oslo: City,
    barcelona: City,
    name: str,
    kwargs: dict[str, str],
    language: str,
) -> None:
    page.goto(url(language, name, **kwargs))
    expect(page.locator("html")).to_have_attribute("lang", language)
    # The script has run: the text-size controls it reveals are shown.
    expect(page.get_by_role("group", name=in_language(language, "Text size"))).to_be_visible()

    violations = Axe().run(page).response["violations"]

    blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
    assert not blocking, f"axe-core found on {page.url}:\n{describe(blocking)}"


def font_size(page: Page) -> float:
    return float(page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)"))


def test_larger_text_enlarges_the_page_and_survives_a_reload(page: Page) -> None:
    page.goto(url("en", "network:home"))
    controls = page.get_by_role("group", name=in_language("en", "Text size"))
    normal = font_size(page)

    controls.get_by_role("button", name=in_language("en", "Larger text")).click()

    page.wait_for_function(
        "size => parseFloat(getComputedStyle(document.documentElement).fontSize) > size", arg=normal
    )
    larger = font_size(page)
    page.reload()
    expect(page.locator("html")).to_have_css("font-size", f"{larger:g}px")
    assert font_size(page) > normal


def test_text_grows_to_twice_its_size_and_the_last_step_says_so(page: Page) -> None:
    page.goto(url("fr", "network:home"))
    controls = page.get_by_role("group", name=in_language("fr", "Text size"))
    larger = controls.get_by_role("button", name=in_language("fr", "Larger text"))
    normal = font_size(page)

    for _ in range(5):  # 112.5, 125, 150, 175, 200 %
        larger.click()

    expect(controls.locator("[aria-live]")).to_have_text(
        in_language("fr", "Largest text size; your browser’s zoom enlarges further.")
    )
    expect(larger).to_have_attribute("aria-disabled", "true")
    assert font_size(page) == 2 * normal
