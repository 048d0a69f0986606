"""The progress chart keeps its round labels whole: the first and last sit on the edges."""

import re
from decimal import Decimal

from icc.index.results import charts


def label_extents(svg: str) -> dict[str, tuple[float, float]]:
    """Return each x label's left and right end, as far as a character can draw."""
    plot = re.search(r'translate\(([\d.]+), [\d.]+\)" class="plot"', svg)
    assert plot is not None
    plot_x = float(plot.group(1))
    axis = svg.split('class="axis x"', 1)[1]
    extents = {}
    for x, label in re.findall(r'<text x="([-\d.]+)" y="[\d.]+" class="">([^<]+)</text>', axis):
        half = charts._label_width(label) / 2
        extents[label] = (plot_x + float(x) - half, plot_x + float(x) + half)
    return extents


def test_long_round_labels_stay_inside_the_progress_chart():
    labels = ["2016 (demo)", "2019 (demo)", "2022 (demo data)"]
    chart = charts.progress(
        labels,
        [("Overall index", [Decimal(70), Decimal(75), Decimal(80)])],
        title="Progress",
        description="Progress",
    )

    extents = label_extents(str(chart.svg))
    view_box = re.search(r'viewBox="0 0 ([\d.]+) ', str(chart.svg))
    assert view_box is not None
    width = float(view_box.group(1))
    assert set(extents) == set(labels)
    for left, right in extents.values():
        assert left >= 0 and right <= width
