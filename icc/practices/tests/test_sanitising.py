"""Markup people write reaches pages without any way to run a script."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from icc.core.markup import render_markdown
from icc.network.models import City
from icc.practices.tests.conftest import write_practice

pytestmark = pytest.mark.django_db

# A selection of known XSS payloads (OWASP filter-evasion cheat sheet and PortSwigger's list).
XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg/onload=alert(1)>",
    "<body onload=alert(1)>",
    "<iframe src=javascript:alert(1)></iframe>",
    '<a href="javascript:alert(1)">x</a>',
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](  javascript:alert(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '![x](x" onerror="alert(1))',
    '<a href="&#106;avascript:alert(1)">x</a>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<object data="javascript:alert(1)"></object>',
    "<embed src=javascript:alert(1)>",
    "<form action=javascript:alert(1)><input type=submit>",
    "<details open ontoggle=alert(1)>",
    "<scr<script>ipt>alert(1)</script>",
    "<<script>alert(1);//<</script>",
    "<IMG SRC=\"jav&#x09;ascript:alert('XSS');\">",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    "<link rel=stylesheet href=javascript:alert(1)>",
    '<base href="javascript:alert(1)//">',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "<template><script>alert(1)</script></template>",
    "`<script>alert(1)</script>`",
    '<a href="vbscript:msgbox(1)">x</a>',
    '<video><source onerror="alert(1)">',
    "<input autofocus onfocus=alert(1)>",
]
DANGEROUS_TAGS = {
    "script",
    "iframe",
    "object",
    "embed",
    "style",
    "svg",
    "math",
    "meta",
    "base",
    "link",
    "form",
    "input",
    "template",
    "video",
    "source",
    "body",
    "noscript",
}


class _Elements(HTMLParser):
    """Collect what a browser would build: elements and their attributes, not the text."""

    def __init__(self) -> None:
        super().__init__()
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in DANGEROUS_TAGS:
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            value = (value or "").strip().lower().replace("\t", "")
            if name.startswith("on") or name == "style":
                self.problems.append(f"{tag}[{name}]")
            if name in {"href", "src", "action", "data", "formaction"} and not value.startswith(
                ("https://", "http://", "mailto:", "/", "?", "#")
            ):
                self.problems.append(f"{tag}[{name}={value}]")


def dangerous_parts(html: str) -> list[str]:
    """Return the elements and attributes of ``html`` that could run a script."""
    parser = _Elements()
    parser.feed(html)
    return parser.problems


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_no_payload_survives_rendering(payload: str) -> None:
    html = render_markdown(payload)
    assert not dangerous_parts(html), html


def test_markdown_keeps_its_safe_formatting() -> None:
    html = render_markdown("**bold** and [a link](https://example.org)\n\n- one\n- two")
    assert "<strong>bold</strong>" in html
    assert '<a href="https://example.org" rel="noopener noreferrer nofollow">' in html
    assert "<li>one</li>" in html


def test_a_practice_page_shows_no_payload(lyon: City, visitor) -> None:
    payloads = "\n\n".join(XSS_PAYLOADS)
    practice = write_practice(
        lyon,
        en={
            "title": "<script>alert('title')</script>",
            "summary": payloads,
            "problem": payloads,
            "actions": payloads,
            "results": payloads,
            "resources": payloads,
        },
        publish=True,
    )
    page = visitor.client().get(practice.get_absolute_url()).content.decode()
    # The page's own elements are known; only what the author wrote could add others.
    assert not dangerous_parts(page[page.index("<article") : page.index("</article>")])
    search_page = (
        visitor.client().get(reverse("practices:practice-list"), {"q": "alert"}).content.decode()
    )
    results = search_page[search_page.index('id="results-title"') : search_page.index("</section>")]
    assert "alert" in results and not dangerous_parts(results)
