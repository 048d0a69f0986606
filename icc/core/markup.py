"""Render the Markdown people write into HTML that can carry no script.

Markdown is converted first, then everything passes through nh3 (the
maintained Rust sanitiser, ammonia) with a short allow-list: no script,
style, event handler, form or frame survives, and links get only safe schemes.
"""

import html
import re

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "b",
    "i",
    "ul",
    "ol",
    "li",
    "blockquote",
    "code",
    "pre",
    "h3",
    "h4",
    "a",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "hr",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}}
URL_SCHEMES = {"http", "https", "mailto"}


def render_markdown(text: str) -> SafeString:
    """Return ``text`` (Markdown) as sanitised HTML, safe to put on any page."""
    html = markdown.markdown(text or "", extensions=["tables", "sane_lists"], output_format="html")
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
    return mark_safe(cleaned)


# Patterns that start with a literal character: the engine scans for it in C.
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_TAG = re.compile(r"<[^>]*>")
# Headings, quotes and list markers, at the start of a line only: "in 2019. Then"
# keeps its year, and "a - b" its words.
_BLOCK = re.compile(r"\n[ \t]*(?:#{1,6}|>|[-*+]|\d+\.)[ \t]+")
# Emphasis, code and table marks; removed with str.replace, which runs at C speed on any
# text (str.translate looks each character of a non-ASCII text up in a dict).
_INLINE_MARKS = "*_`~|"


def plain_text(text: str) -> str:
    """Return the words of ``text`` (Markdown) without markup, for search, snippets and feeds.

    A fast approximation, not a renderer: link targets, tags, block markers and
    emphasis marks go, the words stay. The result is text, to be escaped like any other.
    """
    text = _LINK.sub(r"\1", text or "")
    text = _TAG.sub(" ", text)
    text = _BLOCK.sub("\n", "\n" + text)[1:]
    for mark in _INLINE_MARKS:
        text = text.replace(mark, "")
    return html.unescape(text)
