"""Index charts drawn by pygal as inline SVG: the same drawing on the page and in the PDF.

Each chart is returned with its text alternative; the page shows the data table
beside it, so nothing is only in the picture. No script is attached to the SVG
(pygal's tooltips need JavaScript from elsewhere, which neither the page nor the
PDF loads), so what only serves the tooltips and hover effects is left out too:
WeasyPrint styles and walks every node and every rule of an inline SVG, and that
weight made most of the report PDF's drawing time.
"""

import base64
import hashlib
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

import pygal
from django.utils.safestring import SafeString, mark_safe
from pygal.style import Style

# The site's palette: the city in dark blue, the sample in light blue, peers in amber.
STYLE = Style(
    background="white",
    plot_background="white",
    foreground="#222",
    foreground_strong="#111",
    foreground_subtle="#666",
    opacity="1",
    opacity_hover="1",
    font_family="Helvetica, Arial, sans-serif",
    label_font_size=13,
    major_label_font_size=13,
    legend_font_size=14,
    title_font_size=16,
    value_font_size=12,
    colors=("#1f4e79", "#8fb3d9", "#d08c1a", "#4a8f3c", "#8a5aa3"),
)


STYLE_BLOCK = re.compile(r"<style[^>]*>.*?</style>", re.DOTALL)
TOOLTIP = re.compile(
    r'<g transform="translate\(0 0\)" style="opacity: 0" class="tooltip">'
    r'<rect[^>]*class="tooltip-box" /><g class="text" /></g>'
)
SCRIPT = re.compile(r"<script[^>]*>.*?</script>", re.DOTALL)
STYLE_TEXT = re.compile(r"<style[^>]*>(.*?)</style>", re.DOTALL)
# The tooltips' data (a <desc> per value, a <title> per guide), pygal's comments and
# the empty overlay groups: nothing a reader sees, hundreds of nodes per chart.
TOOLTIP_DATA = re.compile(
    r'<desc class="[^"]*">[^<]*</desc>|(?<=</text>)<title>[^<]*</title>|<!--.*?-->', re.DOTALL
)
EMPTY_GROUP = re.compile(r"<g [^>]*?(?:/>|></g>)")
# Coordinates to the hundredth of a pixel, not pygal's fifteen digits.
LONG_DECIMAL = re.compile(r"(\d\.\d\d)\d+")
ATTRIBUTE_VALUE = re.compile(r'="([^"]*)"')
CSS_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
# Selectors that only match while hovering or with pygal's script, or chart types
# and parts the Index does not draw.
IDLE_SELECTOR = re.compile(
    r":hover|\.tooltip|\.active|\.showable|\.map-element|\.gauge-background|\.bg-lines"
    r"|\.ci\b|no_data|\.text-overlay|\.max-value|\.bound\b|\.xlink|\.subtle-fill"
    r"|\.negative|\.y2\b|stackedline-graph|xy-graph|a:visited"
)
IDLE_DECLARATION = re.compile(r"-(?:webkit|moz)-[a-z-]+:[^;]*;?|transition:[^;]*;?")


# The room pygal keeps left of the plot for the y labels ("100"), beside its margin.
Y_LABELS_WIDTH = 30
# The widest a character of the labels' font draws, as a share of its size: a bound,
# so that an estimate errs on the side of room.
CHARACTER_WIDTH = 0.62


def _label_width(label: str) -> float:
    """Return at most how wide an x label draws, in the chart's pixels."""
    return len(label) * STYLE.label_font_size * CHARACTER_WIDTH


@dataclass(frozen=True)
class Chart:
    """An SVG chart with the sentence that describes it to someone who cannot see it."""

    svg: SafeString
    description: str


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _render(chart: pygal.Graph, description: str) -> Chart:
    svg = chart.render(is_unicode=True)
    chart_id = svg.split('id="', 1)[1].split('"', 1)[0]
    # Style every chart through its class, so all charts carry the same <style> text,
    # which the page's Content-Security-Policy allows by its hash (see ``style_sources``).
    svg = svg.replace(f"#{chart_id}", ".pygal-chart")
    digest = hashlib.sha256(description.encode()).hexdigest()[:8]
    svg = svg.replace(chart_id, f"index-chart-{digest}")
    svg = svg.replace("<svg ", f'<svg role="img" aria-label="{_attribute(description)}" ', 1)
    svg = STYLE_BLOCK.sub(lambda match: match.group(0).replace("&gt;", ">"), svg)
    # Tooltips need pygal's scripts, and the CSP refuses its inline ones and style attributes.
    svg = TOOLTIP.sub("", SCRIPT.sub("", svg))
    svg = EMPTY_GROUP.sub("", TOOLTIP_DATA.sub("", svg))
    svg = ATTRIBUTE_VALUE.sub(lambda match: LONG_DECIMAL.sub(r"\1", match.group(0)), svg)
    svg = STYLE_TEXT.sub(_lean_style, svg)
    return Chart(mark_safe(svg), description)


def _lean_style(match: re.Match[str]) -> str:
    """Return pygal's <style> without the rules and declarations no static chart uses."""
    rules = []
    for selectors, declarations in CSS_RULE.findall(match.group(1)):
        kept = [s.strip() for s in selectors.split(",") if not IDLE_SELECTOR.search(s)]
        body = IDLE_DECLARATION.sub("", declarations).strip()
        if kept and body:
            rules.append(f"{','.join(kept)}{{{body}}}")
    return f'<style type="text/css">{"".join(rules)}</style>'


@cache
def style_sources() -> tuple[str, ...]:
    """Return the CSP sources that allow the charts' inline styles: their SHA-256 hashes.

    pygal writes one colour rule per series, so the style differs with the number of
    series; one hash per possible number of series.
    """
    sources = []
    for count in range(1, len(STYLE.colors) + 1):
        chart = pygal.Bar(**_config())
        for index in range(count):
            chart.add(str(index), [1])
        for style in set(STYLE_TEXT.findall(_render(chart, "").svg)):
            digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
            sources.append(f"'sha256-{digest}'")
    return tuple(dict.fromkeys(sources))


def _attribute(text: str) -> str:
    return (
        text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")
    )


def _config(**options: object) -> dict[str, object]:
    return {
        "style": STYLE,
        "js": [],
        "disable_xml_declaration": True,
        "explicit_size": False,
        "show_legend": True,
        "legend_at_bottom": True,
        "legend_at_bottom_columns": 2,
        "truncate_label": -1,
        "truncate_legend": -1,
        "print_values": False,
        **options,
    }


def area_profile(
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[Decimal | None]]],
    *,
    title: str,
    description: str,
) -> Chart:
    """Draw areas as horizontal bars, one bar per series (city, sample average, peers, best)."""
    height = 110 + 12 * len(labels) * max(1, len(series))
    chart = pygal.HorizontalBar(
        **_config(
            width=800,
            height=max(300, height),
            range=(0, 100),
            title=title,
            margin_left=10,
            y_labels_major_every=None,
        )
    )
    # pygal draws the first label at the bottom: reverse so the page reads top-down.
    chart.x_labels = list(reversed(labels))
    for name, values in series:
        chart.add(name, [_number(v) for v in reversed(values)])
    return _render(chart, description)


def comparison(
    names: Sequence[str],
    scores: Sequence[Decimal],
    highlight: int,
    *,
    title: str,
    description: str,
    others_label: str,
) -> Chart:
    """Draw the overall scores of a group as bars, the city's bar in its own colour.

    Two stacked series (the city, the others) rather than per-bar colours: those are
    style attributes, which the Content-Security-Policy refuses.
    """
    chart = pygal.StackedBar(
        **_config(
            width=800,
            height=380,
            range=(0, 100),
            title=title,
            x_label_rotation=35,
            legend_at_bottom_columns=2,
        )
    )
    chart.x_labels = list(names)
    chart.add(
        names[highlight], [float(s) if i == highlight else None for i, s in enumerate(scores)]
    )
    chart.add(others_label, [None if i == highlight else float(s) for i, s in enumerate(scores)])
    return _render(chart, description)


def progress(
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[Decimal | None]]],
    *,
    title: str,
    description: str,
) -> Chart:
    """Draw scores across rounds as lines, one per series (overall, then areas)."""
    # The first and last round labels are centred on the plot's edges: leave room for
    # their halves, or "2022 (demo)" loses its end.
    halves = [_label_width(label) / 2 for label in (list(labels[:1]) + list(labels[-1:]))]
    halves = halves or [0, 0]
    chart = pygal.Line(
        **_config(
            width=800,
            height=360,
            range=(0, 100),
            title=title,
            dots_size=4,
            allow_interruptions=True,
            margin_right=max(20, math.ceil(halves[-1]) + 8),
            margin_left=max(20, math.ceil(halves[0]) - Y_LABELS_WIDTH + 8),
        )
    )
    chart.x_labels = list(labels)
    for name, values in series:
        chart.add(name, [_number(v) for v in values])
    return _render(chart, description)
