"""Every page type passes axe-core and reflows at 390 px, in both languages.

The pages come from the URL × persona walk (``tests/test_url_permissions.py``): every
GET pattern that some persona may open (200) is visited once per language, as the first
persona of ``VIEWERS`` allowed to see it, with the walk's own test state. A page added to
an app's ``tests/url_walk.py`` is checked here without further work.

Each page is loaded once per language at 1280 px, checked by axe-core, then narrowed to
390 px (a phone) in the same tab, checked again and measured for sideways scrolling.
One test gathers every finding and fails once with all of them, page by page.

It runs in the SQLite pass only: what axe and the reflow check read (templates, the
stylesheet, the script) does not depend on the database engine, while the URL walk and
the crawl still open every page on PostgreSQL (decision 0027).
"""

import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import Browser, Page, ViewportSize
from playwright.sync_api import Error as PlaywrightError
from pytest_django.live_server_helper import LiveServer

from conftest import Persona
from e2e.conftest import TIMEOUT_MS
from tests.test_url_permissions import EXPECTED, _kwargs

LANGUAGES = ["en", "fr"]
DESKTOP: ViewportSize = {"width": 1280, "height": 900}
PHONE: ViewportSize = {"width": 390, "height": 844}
# WCAG 2.2 level A and AA, as axe-core tags them.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# On a phone the page is checked again with every rule: what is shown, hidden, folded or
# wrapped differs there (menus, filters, tables), and so can what the rules find.
BLOCKING_IMPACTS = {"serious", "critical"}
AXE_SCRIPT = Axe().axe_script
# Who looks at a page: the first allowed of these, so a page is seen with the
# controls a city's coordinator has, and the secretariat's pages by the secretariat.
VIEWERS = [
    "lyon_coordinator",
    "secretariat",
    "reci_coordinator",
    "expert",
    "lyon_editor",
    "oslo_coordinator",
    "visitor",
]
# JavaScript that lists what sticks out of a 390 px page: the outermost elements whose
# right edge passes the viewport and that no scrolling ancestor contains.
OVERFLOWING = """() => {
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth <= width) return [];
  // A scrolling ancestor clips an absolutely positioned element only from its
  // containing block up: visually hidden text escapes an unpositioned scroll region.
  const clipped = (element) => {
    const absolute = getComputedStyle(element).position === "absolute";
    const start = absolute ? element.offsetParent : element.parentElement;
    for (let up = start; up && up !== document.body; up = up.parentElement) {
      if (getComputedStyle(up).overflowX !== "visible") return true;
    }
    return false;
  };
  const name = (element) => element.tagName.toLowerCase()
    + (element.id ? "#" + element.id : "")
    + [...element.classList].map((c) => "." + c).join("");
  const found = [];
  for (const element of document.body.querySelectorAll("*")) {
    const right = element.getBoundingClientRect().right;
    if (right <= width + 1 || clipped(element)) continue;
    if (found.some((outer) => outer.element.contains(element))) continue;
    found.push({element, text: name(element) + " (" + Math.round(right) + " px)"});
  }
  // Text can overflow a box that itself fits (a word longer than its flex item).
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node && found.length < 5; node = walker.nextNode()) {
    const range = document.createRange();
    range.selectNodeContents(node);
    const right = range.getBoundingClientRect().right;
    if (right > width + 1 && !clipped(node.parentElement)) {
      const words = JSON.stringify(node.textContent.trim().slice(0, 30));
      const text = name(node.parentElement) + " text " + words + " (" + Math.round(right) + " px)";
      found.push({element: node.parentElement, text});
    }
  }
  const wide = document.documentElement.scrollWidth + " px wide";
  return [wide, ...found.slice(0, 5).map((f) => f.text)];
}"""


@dataclass
class Findings:
    """What the walk met, page by page, and the counts of axe-core rules."""

    problems: list[str] = field(default_factory=list)
    rules: Counter[str] = field(default_factory=Counter)
    pages: int = 0

    def add_violations(self, where: str, violations: list[dict[str, Any]]) -> None:
        for violation in violations:
            if violation["impact"] not in BLOCKING_IMPACTS:
                continue
            self.rules[violation["id"]] += len(violation["nodes"])
            targets = ", ".join(" ".join(node["target"]) for node in violation["nodes"][:4])
            self.problems.append(
                f"{where}: {violation['id']} ({violation['impact']}) {violation['help']}; {targets}"
            )


def page_types(personas: dict[str, Persona]) -> list[tuple[str, str, dict[str, Any]]]:
    """Return each GET pattern some persona may open, with its viewer and URL arguments."""
    found = []
    for url_name, (method, key, expected) in sorted(EXPECTED.items()):
        viewers = [name for name in VIEWERS if expected.get(name) == 200]
        # The API answers JSON to tokens; its reference page is a page of the site.
        is_api = url_name.startswith("api-v1:")
        if method == "get" and viewers and not is_api:
            found.append((url_name, viewers[0], _kwargs(key, personas)))
    return found


def signed_in_page(browser: Browser, persona: Persona, base_url: str) -> Page:
    """Open a tab whose browser holds ``persona``'s session (none for the visitor)."""
    context = browser.new_context(locale="en", base_url=base_url, viewport=DESKTOP)
    context.set_default_timeout(TIMEOUT_MS * 2)
    if persona.user is not None:
        client = Client()
        client.force_login(persona.user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": base_url}]
        )
    return context.new_page()


def watch_for_errors(page: Page, findings: Findings) -> None:
    """Record script errors and content-security refusals of every page the tab opens."""
    page.on("pageerror", lambda error: findings.problems.append(f"{page.url}: {error}"))
    page.on(
        "console",
        lambda message: (
            findings.problems.append(f"{page.url}: {message.text}")
            if message.type == "error" and "Content Security Policy" in message.text
            else None
        ),
    )


def run_axe(page: Page, only: list[str], *, kind: str = "tag") -> list[dict[str, Any]]:
    """Run the axe-core rules of ``only`` (tags, or rule ids) on the page as it is now."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SCRIPT)
    options = {"runOnly": {"type": kind, "values": only}, "resultTypes": ["violations"]}
    result: dict[str, Any] = page.evaluate("(options) => axe.run(document, options)", options)
    return result["violations"]


def check_page(page: Page, path: str, where: str, findings: Findings) -> None:
    """Load ``path`` wide, run axe, narrow it to a phone, run axe and measure its width."""
    page.set_viewport_size(DESKTOP)
    try:
        response = page.goto(path, wait_until="load")
    except PlaywrightError as error:
        if "Download is starting" in error.message:
            return  # a file, not a page
        raise
    if response is None or response.status != 200:
        findings.problems.append(f"{where}: answered {response.status if response else 'nothing'}")
        return
    if "text/html" not in (response.headers.get("content-type") or ""):
        return
    findings.pages += 1
    findings.add_violations(f"{where} at 1280 px", run_axe(page, WCAG_TAGS))
    page.set_viewport_size(PHONE)
    # The page's script reacts to the resize on the next frame (scroll regions).
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => setTimeout(done)))")
    overflowing = page.evaluate(OVERFLOWING)
    if overflowing:
        findings.problems.append(f"{where} at 390 px scrolls sideways: " + "; ".join(overflowing))
    findings.add_violations(f"{where} at 390 px", run_axe(page, WCAG_TAGS))


@pytest.mark.skipif(
    connection.vendor != "sqlite", reason="checked in the SQLite pass: pages do not vary by engine"
)
def test_every_page_passes_axe_and_reflows_on_a_phone(
    browser: Browser, live_server: LiveServer, personas: dict[str, Persona]
) -> None:
    started = time.monotonic()
    findings = Findings()
    tabs: dict[str, Page] = {}
    # A path outside the language prefix (/readyz, the open-data files…) is the same page
    # in both passes, seen by the same tab: checked once.
    checked: set[tuple[str, str]] = set()
    for url_name, viewer, kwargs in page_types(personas):
        if viewer not in tabs:
            tabs[viewer] = signed_in_page(browser, personas[viewer], live_server.url)
            watch_for_errors(tabs[viewer], findings)
        for language in LANGUAGES:
            with translation.override(language):
                path = reverse(url_name, kwargs=kwargs or None)
            if (viewer, path) in checked:
                continue
            checked.add((viewer, path))
            check_page(tabs[viewer], path, f"{url_name} as {viewer} ({path})", findings)
    for tab in tabs.values():
        tab.context.close()

    summary = (
        f"{findings.pages} page views in {time.monotonic() - started:.0f} s; "
        f"serious or critical nodes by rule: {dict(findings.rules.most_common())}"
    )
    print(summary)
    assert not findings.problems, summary + "\n" + "\n".join(findings.problems)
