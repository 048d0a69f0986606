"""Render the Markdown people write into HTML that can carry no script.

Markdown is converted first, then everything passes through nh3 (the
maintained Rust sanitiser, ammonia) with a short allow-list: no script,
style, event handler, form or frame survives, and links get only safe schemes.
"""

import html
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass

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


@dataclass(frozen=True)
class InlineImage:
    """An uploaded image a text may place with ``![alt](image:KEY)``.

    ``src`` is the platform's own address of the file (``core.downloads``), so the strict
    CSP (``img-src 'self'``) lets it show; ``alt`` is the text alternative given at upload,
    used when the author wrote none in the brackets; ``caption`` is optional.
    """

    src: str
    alt: str
    caption: str = ""


# ``![alt](image:KEY)``: an uploaded image placed in the text (``render_markdown(images=)``).
IMAGE_REFERENCE = re.compile(r"!\[([^\]\n]*)\]\(image:([A-Za-z0-9_-]{1,40})\)")


def image_references(text: str) -> list[str]:
    """Return the keys of the uploaded images ``text`` places (``![alt](image:KEY)``)."""
    return [match.group(2) for match in IMAGE_REFERENCE.finditer(text or "")]


def render_markdown(text: str, *, images: Mapping[str, InlineImage] | None = None) -> SafeString:
    """Return ``text`` (Markdown) as sanitised HTML, safe to put on any page.

    With ``images``, each ``![alt](image:KEY)`` whose key is given is shown there: alone
    on its line as a figure (with its caption), within a line as an image. Nothing the
    author writes becomes an ``<img>`` by itself: the reference is swapped for a token
    before Markdown and the sanitiser run, and the element is built afterwards from the
    given address and escaped texts. Unknown keys, and every other image, show nothing.
    """
    text = text or ""
    placed: list[tuple[InlineImage, str]] = []
    token = ""
    if images:
        token = "iccimage" + secrets.token_hex(6)

        def swap(match: re.Match[str]) -> str:
            image = images.get(match.group(2))
            if image is None:
                return ""
            placed.append((image, match.group(1).strip()))
            return f"{token}x{len(placed) - 1}x"

        text = IMAGE_REFERENCE.sub(swap, text)
    html = markdown.markdown(text, extensions=["tables", "sane_lists"], output_format="html")
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
    if placed:
        cleaned = _place_images(cleaned, token, placed)
    return mark_safe(cleaned)


def _place_images(cleaned: str, token: str, placed: list[tuple[InlineImage, str]]) -> str:
    def element(number: int) -> str:
        image, written_alt = placed[number]
        alt = html.escape(written_alt or image.alt, quote=True)
        return f'<img src="{html.escape(image.src, quote=True)}" alt="{alt}" loading="lazy">'

    def figure(match: re.Match[str]) -> str:
        number = int(match.group(1))
        caption = placed[number][0].caption
        legend = f"<figcaption>{html.escape(caption)}</figcaption>" if caption else ""
        return f"<figure>{element(number)}{legend}</figure>"

    cleaned = re.sub(rf"<p>{token}x(\d+)x</p>", figure, cleaned)
    inline = re.compile(rf"{token}x(\d+)x")
    # Only between tags: a reference written inside a link's address stays inert text.
    parts = re.split(r"(<[^>]*>)", cleaned)
    return "".join(
        part
        if part.startswith("<")
        else inline.sub(lambda match: element(int(match.group(1))), part)
        for part in parts
    )


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
