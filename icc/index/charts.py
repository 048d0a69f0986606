"""Index charts drawn by pygal as inline SVG: the same drawing on the page and in the PDF.

Each chart is returned with its text alternative; the page shows the data table
beside it, so nothing is only in the picture. No script is attached to the SVG
(pygal's tooltips need JavaScript from elsewhere, which neither the page nor the
PDF loads).
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

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


@dataclass(frozen=True)
class Chart:
    """An SVG chart with the sentence that describes it to someone who cannot see it."""

    svg: SafeString
    description: str


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _render(chart: pygal.Graph, description: str) -> Chart:
    svg = chart.render(is_unicode=True)
    # pygal names the chart with a random id; a fixed one keeps pages identical between renders.
    chart_id = svg.split('id="', 1)[1].split('"', 1)[0]
    svg = svg.replace(chart_id, "index-chart")
    svg = svg.replace("<svg ", f'<svg role="img" aria-label="{_attribute(description)}" ', 1)
    return Chart(mark_safe(svg), description)


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
    height = 120 + 34 * len(labels) * max(1, len(series)) // 2
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
    names: Sequence[str], scores: Sequence[Decimal], highlight: int, *, title: str, description: str
) -> Chart:
    """Draw the overall scores of a group as bars, the city's bar in its own colour."""
    chart = pygal.Bar(
        **_config(
            width=800,
            height=360,
            range=(0, 100),
            title=title,
            show_legend=False,
            x_label_rotation=35,
        )
    )
    chart.x_labels = list(names)
    chart.add(
        title,
        [
            {"value": float(score), "color": STYLE.colors[0] if i == highlight else STYLE.colors[1]}
            for i, score in enumerate(scores)
        ],
    )
    return _render(chart, description)


def progress(
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[Decimal | None]]],
    *,
    title: str,
    description: str,
) -> Chart:
    """Draw scores across rounds as lines, one per series (overall, then areas)."""
    chart = pygal.Line(
        **_config(
            width=800,
            height=360,
            range=(0, 100),
            title=title,
            dots_size=4,
            allow_interruptions=True,
        )
    )
    chart.x_labels = list(labels)
    for name, values in series:
        chart.add(name, [_number(v) for v in values])
    return _render(chart, description)
