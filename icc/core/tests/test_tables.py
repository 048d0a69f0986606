"""Every table of a page sits in a scroll region, and the region is named and reachable."""

import re
from pathlib import Path

from django.template import Context, Template

ICC = Path(__file__).resolve().parents[2]
# Documents that are only ever printed to PDF never meet a narrow screen or a keyboard.
PRINT_ONLY = {
    "commitment/templates/commitment/briefing_pack.html",
    "antirumours/templates/antirumours/certificate.html",
}
TOKENS = re.compile(r"<table\b|{%\s*scroll_region\b|{%\s*endscroll_region\s*%}")


def unwrapped_tables(source: str) -> int:
    """Count the ``<table>`` tags of ``source`` outside any ``{% scroll_region %}``."""
    depth = unwrapped = 0
    for token in TOKENS.findall(source):
        if token.startswith("<table"):
            unwrapped += depth == 0
        elif "endscroll_region" in token:
            depth -= 1
        else:
            depth += 1
    return unwrapped


def test_every_table_of_a_page_template_scrolls_in_a_region() -> None:
    offenders = []
    for path in sorted(ICC.rglob("templates/**/*.html")):
        relative = path.relative_to(ICC).as_posix()
        if relative in PRINT_ONLY or "/mail/" in relative:
            continue
        if unwrapped_tables(path.read_text()):
            offenders.append(relative)
    assert not offenders, (
        "Wrap these tables in {% scroll_region labelledby=… %} from {% load tables %}, "
        f"so they scroll on a phone instead of widening the page: {offenders}"
    )


def test_region_is_named_focusable_and_holds_the_table() -> None:
    html = Template(
        "{% load tables %}{% scroll_region label=name %}<table></table>{% endscroll_region %}"
        "{% scroll_region labelledby='risks-title' %}<table></table>{% endscroll_region %}"
    ).render(Context({"name": "Cities & networks"}))

    assert html == (
        '<div class="table-scroll" role="region" tabindex="0" aria-label="Cities &amp; networks">'
        "<table></table></div>"
        '<div class="table-scroll" role="region" tabindex="0" aria-labelledby="risks-title">'
        "<table></table></div>"
    )
