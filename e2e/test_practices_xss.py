"""Known XSS payloads written into published practices run nothing in real Chromium.

The server-side test (``icc/practices/tests/test_sanitising.py``) checks the HTML;
this one checks what a browser does with it. Every payload appears twice: as
written (``alert(1)``, caught as a dialog) and calling a sentinel the page does
not have, ``window.__xss``, which the test exposes to every page. The pages
opened are the practice page and search results with highlighted snippets; then
the DOM is searched for anything left that a click could still run.
"""

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from e2e.conftest import TIMEOUT_MS, url
from icc.network.models import City
from icc.practices.models import Practice
from icc.practices.tests.conftest import write_practice
from icc.practices.tests.test_sanitising import XSS_PAYLOADS

# Payloads that call the sentinel, plus a few that break out of attributes and
# of the snippets' highlighting, or need an event the page fires on its own.
SENTINEL_PAYLOADS = [payload.replace("alert(1)", "__xss(1)") for payload in XSS_PAYLOADS] + [
    '"><img src=x onerror=__xss(2)>',
    "'><svg onload=__xss(3)>",
    "</title><script>__xss(4)</script>",
    "</textarea><script>__xss(5)</script>",
    "<svg><animate onbegin=__xss(6) attributeName=x dur=1s>",
    '<img src="x" onerror="window.__xss(7)">',
    "<audio src=x onerror=__xss(8)>",
    "<marquee onstart=__xss(9)>xsscanary</marquee>",
    "[xsscanary](javascript:__xss(10))",
    "<a href=javascript&colon;__xss(11)>xsscanary</a>",
    "<mark onmouseover=__xss(12)>xsscanary</mark>",
]
# A word every field carries, so a search finds both practices and highlights it.
CANARY = "xsscanary"

# Attributes left in the DOM that a click, a hover or a focus could still run.
LATENT_SCRIPTS = """() => {
    const found = [];
    const schemes = /^\\s*(javascript|vbscript|data):/i;
    for (const element of document.querySelectorAll("*")) {
        for (const attribute of element.attributes) {
            const name = attribute.name.toLowerCase();
            if (name.startsWith("on")) found.push(`${element.tagName}[${name}]`);
            if (["href", "src", "action", "formaction", "data", "xlink:href"].includes(name)
                && schemes.test(attribute.value)) {
                found.push(`${element.tagName}[${name}=${attribute.value}]`);
            }
        }
        if (["SCRIPT", "IFRAME", "OBJECT", "EMBED"].includes(element.tagName)
            && element.closest("main")) {
            found.push(element.tagName);
        }
    }
    return found;
}"""


def write_payload_practices(city: City) -> list[Practice]:
    """Publish two practices through the services: one per list of payloads."""
    practices = []
    for number, payloads in enumerate((XSS_PAYLOADS, SENTINEL_PAYLOADS), start=1):
        text = "\n\n".join(f"{CANARY} {payload}" for payload in payloads)
        practices.append(
            write_practice(
                city,
                en={
                    "title": f'{CANARY} {number} "><img src=x onerror=__xss(0)><script>alert(0)',
                    "summary": text,
                    "problem": text,
                    "actions": text,
                    "results": text,
                    "resources": text,
                },
                areas=("language",),
                publish=True,
            )
        )
    return practices


class Watch:
    """A browser context whose pages record dialogs and calls to ``window.__xss``."""

    def __init__(self, browser: Browser, base_url: str) -> None:
        self.dialogs: list[str] = []
        self.calls: list[tuple[Any, ...]] = []
        self.context = browser.new_context(locale="en", base_url=base_url)
        self.context.set_default_timeout(TIMEOUT_MS)
        self.context.expose_function("__xss", self._record)

    def _record(self, *arguments: Any) -> None:
        self.calls.append(arguments)

    def open(self, path: str) -> Page:
        page = self.context.new_page()
        page.on("dialog", self.dismiss)
        page.goto(path)
        page.wait_for_load_state("load")
        # Image errors, animations and toggles fire after the load: give them time.
        page.wait_for_timeout(500)
        return page

    def dismiss(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()


def assert_nothing_ran(watch: Watch, page: Page, check: Callable[[Page], None]) -> None:
    check(page)
    assert watch.dialogs == [], f"a payload opened a dialog on {page.url}"
    assert watch.calls == [], f"a payload called the sentinel on {page.url}"
    assert page.evaluate(LATENT_SCRIPTS) == [], page.url


def test_no_payload_runs_on_the_practice_page_or_in_search_results(
    browser: Browser, live_server: LiveServer, lyon: City
) -> None:
    practices = write_payload_practices(lyon)
    watch = Watch(browser, live_server.url)
    try:
        for practice in practices:
            page = watch.open(url("en", "practices:practice-detail", slug=practice.slug))

            def shows_the_practice(page: Page) -> None:
                expect(page.get_by_role("heading", level=1)).to_contain_text(CANARY)
                expect(page.get_by_role("main")).to_contain_text("onerror")

            assert_nothing_ran(watch, page, shows_the_practice)

        # The canary is in both practices; "alert" survives as words only in the first
        # one's payloads (each engine splits the markup of the second one its own way).
        for query, numbers in ((CANARY, (1, 2)), ("alert", (1,))):
            page = watch.open(f"{url('en', 'practices:practice-list')}?{urlencode({'q': query})}")

            def finds_them(page: Page, numbers: tuple[int, ...] = numbers) -> None:
                main = page.get_by_role("main")
                for number in numbers:
                    expect(main.get_by_role("link", name=f"{CANARY} {number}")).to_be_visible()

            assert_nothing_ran(watch, page, finds_them)

        # The query itself is shown back in the search box and the results' title.
        for query in ('"><script>__xss(13)</script>', "<img src=x onerror=__xss(14)> xsscanary"):
            page = watch.open(f"{url('en', 'practices:practice-list')}?{urlencode({'q': query})}")

            def shows_the_query(page: Page, query: str = query) -> None:
                expect(page.get_by_role("searchbox")).to_have_value(query)

            assert_nothing_ran(watch, page, shows_the_query)

        # Controls: on a page without the platform's defences the same payloads are
        # heard, so the silence above means that nothing ran.
        control = watch.context.new_page()
        control.on("dialog", watch.dismiss)
        control.set_content("<img src=x onerror=__xss('control')><img src=y onerror=alert(1)>")
        control.wait_for_timeout(500)
        assert watch.calls == [("control",)] and watch.dialogs == ["1"]
    finally:
        watch.context.close()
