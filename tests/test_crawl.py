"""Crawl the platform as five people in both languages: no dead-end link, no English in French.

Starting from every page the URL walk lets a persona open (``tests/test_url_permissions.py``,
with the walk's own test state), the crawl follows the links of each page, same site, GET
only, and asks for every link as that persona. It reports, page by page:

- a link to a page that refuses the person (401, 403, 404, 405, a server error, or a
  signed-in person sent to the sign-in page); a visitor sent to sign in is reported too,
  except by the "Sign in" link itself;
- on a ``/fr/`` page, text that is an English message of the catalogue whose French
  differs (text, ``aria-label``, ``title``, ``alt``, ``placeholder``), outside elements
  marked with another ``lang`` (content written in one language says so).

Sideways scrolling at 390 px is measured in the browser, one page per URL pattern, by
``e2e/test_every_page.py``. PDF, CSV and XLSX variants (``?format=``) are not fetched.
"""

import re
import time
from collections import Counter, deque
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

import polib
import pytest
from django.conf import settings
from django.urls import Resolver404, resolve, reverse
from django.utils import translation

from conftest import Persona
from tests.test_url_permissions import EXPECTED, _kwargs

CRAWLERS = ["visitor", "lyon_coordinator", "expert", "reci_coordinator", "secretariat"]
LANGUAGES = ["en", "fr"]
# Pages of one URL pattern whose links are read; every link found is still requested.
PAGES_READ_PER_PATTERN = 2
REFUSED = {401, 403, 404, 405}
# Links allowed to refuse, each with its reason: (URL name of the page, of the link).
ALLOWED_REFUSALS = {
    # allauth's page for a spent confirmation link offers the e-mail settings, which a
    # visitor reaches after signing in: the sign-in page, with the way back.
    ("account_confirm_email", "account_email"): "allauth's own page",
}
CATALOGUE = Path(settings.BASE_DIR) / "locale/fr/LC_MESSAGES/django.po"
NAMED_ATTRIBUTES = ("aria-label", "title", "alt", "placeholder")
SKIPPED_ELEMENTS = {"script", "style", "template", "code", "pre"}
VOID_ELEMENTS = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
    "track", "wbr",
}  # fmt: skip


def english_messages() -> set[str]:
    """Return the English messages that French pages show differently, spaces normalised."""
    found = set()
    for entry in polib.pofile(str(CATALOGUE)):
        text = " ".join(entry.msgid.split())
        if (
            entry.msgstr
            and " ".join(entry.msgstr.split()) != text
            and "fuzzy" not in entry.flags
            # Placeholders and markup never reach a page as they are written here.
            and not re.search(r"%\(|\{|<|/$", text)
            # One letter or a symbol says nothing about the page's language.
            and len(re.sub(r"\W", "", text)) > 2
        ):
            found.add(text)
    return found


class PageReader(HTMLParser):
    """Collect a page's links and the text it shows in the page's own language."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str]] = []
        self.texts: list[str] = []
        # One entry per open element: is its content skipped (other language, script)?
        self.stack: list[tuple[str, bool]] = []
        self.link: tuple[str, list[str]] | None = None

    def skipping(self) -> bool:
        return bool(self.stack) and self.stack[-1][1]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        lang = attributes.get("lang")
        skip = (
            self.skipping()
            or tag in SKIPPED_ELEMENTS
            or (lang is not None and not lang.startswith("fr"))
        )
        if not skip:
            self.texts.extend(attributes[name] for name in NAMED_ATTRIBUTES if name in attributes)
            if tag == "input" and attributes.get("type") in ("submit", "button"):
                self.texts.append(attributes.get("value", ""))
        if tag == "a" and "href" in attributes:
            self.link = (attributes["href"], [])
        if tag not in VOID_ELEMENTS:
            self.stack.append((tag, skip))

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self.link is not None:
            self.links.append((self.link[0], " ".join("".join(self.link[1]).split())))
            self.link = None
        # Close up to the matching element, forgiving unclosed ones.
        for depth in range(len(self.stack) - 1, -1, -1):
            if self.stack[depth][0] == tag:
                del self.stack[depth:]
                break

    def handle_data(self, data: str) -> None:
        if self.link is not None:
            self.link[1].append(data)
        if not self.skipping():
            self.texts.append(data)


def pattern_of(path: str) -> str | None:
    """Return the URL name of a path of the platform, or None for a path it does not serve."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.view_name


class Crawl:
    """The crawl of one person in one language, and what it found."""

    def __init__(self, persona: Persona, language: str, english: set[str]) -> None:
        self.persona = persona
        self.language = language
        self.english = english
        self.client = persona.client()
        # A server error is a finding of the crawl, not the end of it.
        self.client.raise_request_exception = False
        self.statuses: dict[str, int | str] = {}
        self.read = Counter[str]()
        self.problems: list[str] = []

    def fetch(self, path: str) -> tuple[int | str, str]:
        """Return the final status of ``path`` (or "sign-in") and the HTML, following redirects."""
        response = self.client.get(path, follow=True)
        final = response.request["PATH_INFO"]
        if pattern_of(final) == "account_login" and pattern_of(urlsplit(path).path) != (
            "account_login"
        ):
            return "sign-in", ""
        html = response.content.decode() if "html" in response.get("Content-Type", "") else ""
        return response.status_code, html

    def run(self, seeds: list[str]) -> None:
        queue = deque((seed, "the walk's list") for seed in seeds)
        while queue:
            path, source = queue.popleft()
            if path in self.statuses:
                continue
            status, html = self.fetch(path)
            self.statuses[path] = status
            if self.is_refusal(path, status) and not self.is_allowed(source, path):
                self.problems.append(f"{source} links to {path}: {status}")
            if status != 200 or not html:
                continue
            pattern = pattern_of(urlsplit(path).path) or path
            self.read[pattern] += 1
            if self.read[pattern] > PAGES_READ_PER_PATTERN:
                continue
            reader = PageReader()
            reader.feed(html)
            if self.language == "fr":
                self.check_french(path, reader.texts)
            for href, _text in reader.links:
                target = self.same_site(href, path)
                if target and target not in self.statuses:
                    queue.append((target, path))

    def is_allowed(self, source: str, path: str) -> bool:
        pair = (pattern_of(urlsplit(source).path), pattern_of(urlsplit(path).path))
        return pair in ALLOWED_REFUSALS

    def is_refusal(self, path: str, status: int | str) -> bool:
        if status == "sign-in":
            return True
        return isinstance(status, int) and (status in REFUSED or status >= 500)

    def same_site(self, href: str, page: str) -> str | None:
        """Return the path a link leads to on this site, or None for what the crawl leaves."""
        href = urldefrag(href)[0]
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or href.startswith(("mailto:", "tel:", "javascript:")):
            return None
        if not href:
            return None
        if href.startswith("?"):
            href = urlsplit(page).path + href
        elif not href.startswith("/"):
            return None
        if "format=" in urlsplit(href).query or href.startswith(settings.STATIC_URL):
            return None
        # The other language's pages are the other crawl's.
        return href if href.startswith(f"/{self.language}/") else None

    def check_french(self, path: str, texts: list[str]) -> None:
        found = sorted(
            {" ".join(text.split()) for text in texts} & self.english,
        )
        if found:
            self.problems.append(f"{path} shows English: " + "; ".join(repr(t) for t in found))


def seeds_for(persona: str, language: str, personas: dict[str, Persona]) -> list[str]:
    """Return one URL of every GET page the walk lets ``persona`` open, in ``language``."""
    seeds = []
    for url_name, (method, key, expected) in sorted(EXPECTED.items()):
        if method != "get" or expected.get(persona) != 200 or url_name.startswith("api-v1:"):
            continue
        with translation.override(language):
            seeds.append(reverse(url_name, kwargs=_kwargs(key, personas) or None))
    return seeds


@pytest.mark.parametrize("language", LANGUAGES)
def test_crawl_finds_no_dead_end_and_no_english_on_french_pages(
    personas: dict[str, Persona], language: str
) -> None:
    english = english_messages()
    report: list[str] = []
    started = time.monotonic()
    for name in CRAWLERS:
        seeds = seeds_for(name, language, personas)
        crawl = Crawl(personas[name], language, english)
        crawl.run(seeds)
        report.extend(f"{name} ({language}): {problem}" for problem in crawl.problems)
        print(f"{name} ({language}): {len(crawl.statuses)} URLs, {len(crawl.problems)} problems")
    print(f"crawl in {language} took {time.monotonic() - started:.0f} s")
    assert not report, f"{len(report)} problems:\n" + "\n".join(report)
