"""The map of member cities: cities land where the shipped outlines put their countries."""

import pytest

from icc.network import map as member_map


def bounds(code: str) -> tuple[float, float, float, float]:
    country = next(c for c in member_map.countries() if c.code == code)
    points = [point for ring in country.rings for point in ring]
    xs, ys = [x for x, _y in points], [y for _x, y in points]
    return min(xs), min(ys), max(xs), max(ys)


@pytest.mark.parametrize(
    ("latitude", "longitude", "country"),
    [
        (46.2044, 6.1432, "ch"),  # Geneva
        (45.764, 4.8357, "fr"),  # Lyon
        (59.9139, 10.7522, "no"),  # Oslo
        (45.5019, -73.5674, "ca"),  # Montreal
        (-37.5622, 143.8503, "au"),  # Ballarat
        (34.7108, 137.7261, "jp"),  # Hamamatsu
    ],
)
def test_city_falls_inside_its_country(latitude: float, longitude: float, country: str) -> None:
    x, y = member_map.project(latitude, longitude)
    left, top, right, bottom = bounds(country)
    assert left <= x <= right
    assert top <= y <= bottom


def test_projection_matches_the_packages_own_marker_of_malta() -> None:
    x, y = member_map.project(35.9, 14.4)
    assert abs(x - 1380.0) < 5
    assert abs(y - 450.2) < 5


def test_views_keep_only_the_countries_they_show() -> None:
    europe = dict(member_map.outlines(member_map.EUROPE))
    world = dict(member_map.outlines(member_map.WORLD))
    assert {"ch", "fr", "mt"} <= set(europe)
    assert "au" not in europe
    assert {"au", "ca", "jp"} <= set(world)
