"""The map of member cities: country outlines from a shipped package, cities as dots.

The outlines are the world map of ``pygal_maps_world`` (an SVG in the Robinson
projection, centred on 11° E), read once per process, flattened to straight lines,
simplified and cropped to the area shown. Cities are placed with the same projection from
their latitude and longitude. Everything is drawn on the server: no tiles, no script.
"""

import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources

# The Robinson projection as tabulated by its author, every 5 degrees of latitude:
# the length of the parallel and its distance from the equator.
_PARALLEL_LENGTH = (
    1.0, 0.9986, 0.9954, 0.9900, 0.9822, 0.9730, 0.9600, 0.9427, 0.9216, 0.8962,
    0.8679, 0.8350, 0.7986, 0.7597, 0.7186, 0.6732, 0.6213, 0.5722, 0.5322,
)  # fmt: skip
_PARALLEL_DISTANCE = (
    0.0, 0.0620, 0.1240, 0.1860, 0.2480, 0.3100, 0.3720, 0.4340, 0.4958, 0.5571,
    0.6176, 0.6769, 0.7346, 0.7903, 0.8435, 0.8936, 0.9394, 0.9761, 1.0,
)  # fmt: skip

# Where the package's map puts the projection: its central meridian, its scale and the
# point of the equator under the central meridian, in the map's units. Fitted on the
# package's markers of 47 small countries (root mean square error 2.6 units of 2,754).
_CENTRAL_MERIDIAN = 11.0
_SCALE = 516.04
_ORIGIN = (1353.54, 759.0)

# Points of an outline closer to the previous kept point than this share of the view's
# width are dropped: a detail smaller than a few pixels costs bytes and shows nothing.
_TOLERANCE = 1 / 150

Point = tuple[float, float]
Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


@dataclass(frozen=True)
class View:
    """The part of the world a map shows, in the map's units."""

    left: float
    top: float
    width: float
    height: float

    def contains(self, point: Point, *, margin: float = 0.0) -> bool:
        x, y = point
        return (
            self.left - margin <= x <= self.left + self.width + margin
            and self.top - margin <= y <= self.top + self.height + margin
        )

    @property
    def view_box(self) -> str:
        return f"{self.left:.0f} {self.top:.0f} {self.width:.0f} {self.height:.0f}"


# Europe and its neighbours around the Mediterranean, where most member cities are.
EUROPE = View(left=1120.0, top=185.0, width=560.0, height=360.0)
# The inhabited world, without the polar regions.
WORLD = View(left=0.0, top=150.0, width=2720.0, height=1010.0)


@dataclass(frozen=True)
class Country:
    """One country's outline: its ISO code and its rings of points."""

    code: str
    rings: tuple[tuple[Point, ...], ...]


def project(latitude: float, longitude: float) -> Point:
    """Return the map point of a place, in the package map's units (Robinson projection)."""
    latitude = max(-90.0, min(90.0, latitude))
    step = abs(latitude) / 5
    index = min(int(step), len(_PARALLEL_LENGTH) - 2)
    fraction = step - index
    length = _PARALLEL_LENGTH[index] + fraction * (
        _PARALLEL_LENGTH[index + 1] - _PARALLEL_LENGTH[index]
    )
    distance = _PARALLEL_DISTANCE[index] + fraction * (
        _PARALLEL_DISTANCE[index + 1] - _PARALLEL_DISTANCE[index]
    )
    offset = (longitude - _CENTRAL_MERIDIAN + 180) % 360 - 180
    x = _ORIGIN[0] + _SCALE * 0.8487 * length * math.radians(offset)
    y = _ORIGIN[1] - _SCALE * 1.3523 * math.copysign(distance, latitude)
    return x, y


def _multiply(outer: Matrix, inner: Matrix) -> Matrix:
    a, b, c, d, e, f = outer
    g, h, i, j, k, m = inner
    return (
        a * g + c * h,
        b * g + d * h,
        a * i + c * j,
        b * i + d * j,
        a * k + c * m + e,
        b * k + d * m + f,
    )


def _transform(attribute: str | None) -> Matrix:
    if not attribute:
        return _IDENTITY
    numbers = [float(n) for n in re.findall(r"-?[\d.]+(?:e-?\d+)?", attribute)]
    if attribute.startswith("matrix"):
        return tuple(numbers)  # type: ignore[return-value]
    if attribute.startswith("translate"):
        return (1.0, 0.0, 0.0, 1.0, numbers[0], numbers[1] if len(numbers) > 1 else 0.0)
    raise ValueError(f"Unexpected transform in the world map: {attribute}")


def _rings(path: str) -> Iterator[list[Point]]:
    """Yield the rings of an SVG path, keeping the end point of every segment."""
    tokens = re.findall(r"[a-zA-Z]|-?(?:\d+\.?\d*|\.\d+)(?:e-?\d+)?", path)
    x = y = 0.0
    start = (0.0, 0.0)
    ring: list[Point] = []
    command = ""
    position = 0
    arity = {"m": 2, "l": 2, "c": 6, "h": 1, "v": 1, "z": 0}
    while position < len(tokens):
        token = tokens[position]
        if token.isalpha():
            command = token
            position += 1
            if command in "zZ":
                if ring:
                    yield ring
                ring = []
                x, y = start
                continue
        lower = command.lower()
        count = arity[lower]
        values = [float(value) for value in tokens[position : position + count]]
        position += count
        relative = command.islower()
        if lower == "m":
            if ring:
                yield ring
            x, y = (x + values[0], y + values[1]) if relative else (values[0], values[1])
            start = (x, y)
            ring = [start]
            # Further pairs after a move are lines.
            command = "l" if relative else "L"
            continue
        if lower == "h":
            x = x + values[0] if relative else values[0]
        elif lower == "v":
            y = y + values[0] if relative else values[0]
        else:
            dx, dy = values[-2], values[-1]
            x, y = (x + dx, y + dy) if relative else (dx, dy)
        ring.append((x, y))
    if ring:
        yield ring


def _apply(matrix: Matrix, ring: Iterable[Point]) -> list[Point]:
    a, b, c, d, e, f = matrix
    return [(a * x + c * y + e, b * x + d * y + f) for x, y in ring]


def _simplified(ring: tuple[Point, ...], tolerance: float) -> list[Point]:
    kept = [ring[0]]
    for point in ring[1:]:
        last = kept[-1]
        if abs(point[0] - last[0]) + abs(point[1] - last[1]) >= tolerance:
            kept.append(point)
    return kept


@cache
def countries() -> tuple[Country, ...]:
    """Return every country of the shipped world map, flattened and simplified."""
    source = resources.files("pygal_maps_world").joinpath("worldmap.svg").read_text()
    root = ET.fromstring(source)  # noqa: S314 (a file shipped in an installed package)
    found: list[Country] = []

    def walk(element: ET.Element, matrix: Matrix, code: str, rings: list) -> None:
        matrix = _multiply(matrix, _transform(element.get("transform")))
        if element.tag.endswith("path"):
            for ring in _rings(element.get("d", "")):
                if len(ring) >= 3:
                    rings.append(tuple(_apply(matrix, ring)))
        for child in element:
            walk(child, matrix, code, rings)

    for group in root.iter("{http://www.w3.org/2000/svg}g"):
        classes = (group.get("class") or "").split()
        if "country" in classes:
            rings: list[tuple[Point, ...]] = []
            walk(group, _IDENTITY, classes[0], rings)
            found.append(Country(classes[0], tuple(ring for ring in rings if len(ring) >= 3)))
    return tuple(found)


def outline_path(country: Country, view: View) -> str:
    """Return the SVG path of a country's rings that reach into ``view``, or ""."""
    parts = []
    for ring in country.rings:
        if not any(view.contains(point, margin=40) for point in ring):
            continue
        tolerance = view.width * _TOLERANCE
        kept = _simplified(ring, tolerance)
        if len(kept) >= 3:
            parts.append("M" + " ".join(f"{x:.0f},{y:.0f}" for x, y in kept) + "Z")
            continue
        # An island smaller than the tolerance (Malta) is drawn finer rather than vanish.
        kept = _simplified(ring, tolerance / 3)
        if len(kept) >= 3:
            parts.append("M" + " ".join(f"{x:.1f},{y:.1f}" for x, y in kept) + "Z")
    return "".join(parts)


@cache
def outlines(view: View) -> tuple[tuple[str, str], ...]:
    """Return ``(country code, path)`` for every country seen in ``view``."""
    paths = ((country.code, outline_path(country, view)) for country in countries())
    return tuple((code, path) for code, path in paths if path)
