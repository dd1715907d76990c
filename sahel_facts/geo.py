"""Geography: geodesic distances and bearings, units, and country outlines.

Distances are on the WGS84 ellipsoid (geographiclib). Country outlines and ISO codes
come from the ``countryinfo`` package (MIT; outlines derived from Natural Earth, public
domain), loaded only when a check or a map needs them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

#: Kilometres in one statute mile.
KM_PER_MILE = 1.609344
#: The bearing, in degrees clockwise from north, of each of the eight compass points.
COMPASS: dict[str, float] = {
    "north": 0,
    "northeast": 45,
    "east": 90,
    "southeast": 135,
    "south": 180,
    "southwest": 225,
    "west": 270,
    "northwest": 315,
}


@dataclass(frozen=True)
class Geodesic:
    """The shortest path between two points: its length and initial bearing."""

    km: float
    """Length in kilometres."""
    bearing: float
    """Initial bearing in degrees clockwise from north, 0 to 360."""


def geodesic(lat1: float, lon1: float, lat2: float, lon2: float) -> Geodesic:
    """The geodesic from the first point to the second, on WGS84."""
    from geographiclib.geodesic import Geodesic as Ellipsoid

    line = Ellipsoid.WGS84.Inverse(lat1, lon1, lat2, lon2)
    return Geodesic(line["s12"] / 1000, line["azi1"] % 360)


def to_km(value: float, unit: str) -> float:
    """A length in km or mi, in kilometres."""
    return value * KM_PER_MILE if unit == "mi" else value


def compass_point(direction: str) -> float | None:
    """The bearing of a written direction ("northeast", "north-east", "NE"); None if not one."""
    words = direction.strip().lower().replace("-", "").replace(" ", "")
    short = {
        "n": "north",
        "ne": "northeast",
        "e": "east",
        "se": "southeast",
        "s": "south",
        "sw": "southwest",
        "w": "west",
        "nw": "northwest",
    }
    return COMPASS.get(short.get(words, words))


def angle_between(a: float, b: float) -> float:
    """The smaller angle between two bearings, 0 to 180 degrees."""
    diff = abs(a - b) % 360
    return min(diff, 360 - diff)


@dataclass(frozen=True)
class CountryShape:
    """A country's ISO codes, name and outline (a list of polygons of (lon, lat) rings)."""

    alpha2: str
    alpha3: str
    name: str
    polygons: tuple[tuple[tuple[tuple[float, float], ...], ...], ...]

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        """West, south, east and north edges of the outline, in degrees."""
        points = [p for polygon in self.polygons for ring in polygon for p in ring]
        lons, lats = [p[0] for p in points], [p[1] for p in points]
        return min(lons), min(lats), max(lons), max(lats)


def _polygons(geometry: dict[str, Any]) -> tuple[Any, ...]:
    coords = geometry["coordinates"]
    polygons = coords if geometry["type"] == "MultiPolygon" else [coords]
    return tuple(tuple(tuple((float(x), float(y)) for x, y, *_ in ring) for ring in poly) for poly in polygons)


def _shape(info: Any) -> CountryShape | None:
    """A countryinfo record as a CountryShape; None when it lacks codes or an outline."""
    try:
        iso, shape = info.iso(), info.geo_json()
    except Exception:  # countryinfo raises its own errors for missing data
        return None
    if not isinstance(iso, dict) or not iso.get("alpha3") or not shape:
        return None
    polygons = tuple(p for feature in shape["features"] for p in _polygons(feature["geometry"]))
    return CountryShape(iso.get("alpha2", ""), iso["alpha3"], info.name(), polygons)


@cache
def country_shape(alpha3: str) -> CountryShape | None:
    """The outline and codes of the country with ISO alpha-3 ``alpha3``; None if unknown."""
    from countryinfo import CountryInfo

    try:
        shape = _shape(CountryInfo(alpha3))
    except Exception:  # an unknown code
        return None
    return shape if shape and shape.alpha3 == alpha3 else None


@cache
def all_country_shapes() -> tuple[CountryShape, ...]:
    """Every country countryinfo has an outline for."""
    from countryinfo import all_countries

    return tuple(shape for shape in map(_shape, all_countries()) if shape is not None)
