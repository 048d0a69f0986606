"""Wrap a data table in a scroll region that keyboard users can reach and screen readers name.

A table wider than a phone scrolls inside the region instead of widening the page
(WCAG 1.4.10); the region takes focus, so the keyboard scrolls it (2.1.1), and carries
a name, so the stop means something when reached (4.1.2)::

    {% load tables %}
    {% scroll_region labelledby="risks-title" %}<table>…</table>{% endscroll_region %}
    {% scroll_region label=caption %}<table>…</table>{% endscroll_region %}

``site.js`` takes the region out of the tab order while it has nothing to scroll.
Every ``<table>`` of a page template sits in one; ``icc/core/tests/test_tables.py`` checks.
"""

from typing import Any

from django import template
from django.template.base import FilterExpression, Parser, Token
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()


class ScrollRegionNode(template.Node):
    """Render the inner template inside a named, focusable scroll region."""

    def __init__(self, nodelist: template.NodeList, name: tuple[str, FilterExpression]) -> None:
        self.nodelist = nodelist
        self.attribute, self.value = name

    def render(self, context: Any) -> SafeString:
        return format_html(
            '<div class="table-scroll" role="region" tabindex="0" {}="{}">{}</div>',
            self.attribute,
            self.value.resolve(context),
            self.nodelist.render(context),
        )


@register.tag
def scroll_region(parser: Parser, token: Token) -> ScrollRegionNode:
    """Parse ``{% scroll_region labelledby=… %}`` or ``label=…`` up to its end tag."""
    bits = token.split_contents()
    names = {"labelledby": "aria-labelledby", "label": "aria-label"}
    keyword, _, value = bits[1].partition("=") if len(bits) == 2 else ("", "", "")
    if keyword not in names or not value:
        raise template.TemplateSyntaxError(
            f"{bits[0]} takes one argument, labelledby=<id> or label=<text>: {token.contents!r}"
        )
    nodelist = parser.parse(("endscroll_region",))
    parser.delete_first_token()
    return ScrollRegionNode(nodelist, (names[keyword], parser.compile_filter(value)))
