"""Bar charts drawn on the server as SVG geometry; the template draws them beside a table."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class BarChart:
    bars: list[Bar]
    width: int
    height: int
    maximum: int
    baseline: float


def bar_chart(rows: list[tuple[str, int]], *, width: int = 640, height: int = 220) -> BarChart:
    """Lay out one vertical bar per row, scaled to the largest value, with room for labels."""
    top, bottom = 20.0, 40.0
    plot = height - top - bottom
    maximum = max((value for _label, value in rows), default=0) or 1
    slot = width / max(len(rows), 1)
    bars = []
    for position, (label, value) in enumerate(rows):
        bar_height = plot * value / maximum
        bars.append(
            Bar(
                label=label,
                value=value,
                x=position * slot + slot * 0.15,
                y=top + plot - bar_height,
                width=slot * 0.7,
                height=bar_height,
            )
        )
    return BarChart(bars=bars, width=width, height=height, maximum=maximum, baseline=top + plot)
