"""Country borders: Natural Earth's admin-0 countries at 1:50m, shipped with the package.

The GeoJSON in ``natural_earth/`` was made from Natural Earth 4.1.0 (public domain) by
``natural_earth/make.py``; ``natural_earth/NOTICE.md`` says how. It covers northern and
western Africa (every country with a point between 26°W and 32°E, 2°S and 32°N); nothing
is fetched at run time. The map draws these borders, and check G513 holds points to them.

Point-in-polygon and distance-to-border are worked out here rather than with a geometry
library: the core library has no geometry dependency (matplotlib is the plot extra's),
and the few lines below are all that the checks need.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from importlib import resources

#: The file of borders, in ``natural_earth/``.
FILE = "admin0-50m-africa.geojson"
#: Kilometres in a degree of latitude (and of longitude at the equator), on a mean Earth.
KM_PER_DEGREE = 111.195

Ring = tuple[tuple[float, float], ...]
"""A closed outline, as (lon, lat) points in degrees."""


@dataclass(frozen=True)
class Country:
    """A country's name, ISO alpha-3 code (empty when Natural Earth's has none) and outline."""

    name: str
    alpha3: str
    polygons: tuple[tuple[Ring, ...], ...]
    """Polygons of (lon, lat) rings: the outer ring first, then any holes."""

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        """West, south, east and north edges of the outline, in degrees."""
        points = [p for polygon in self.polygons for p in polygon[0]]
        lons, lats = [p[0] for p in points], [p[1] for p in points]
        return min(lons), min(lats), max(lons), max(lats)

    def contains(self, lat: float, lon: float) -> bool:
        """True when the point lies within the outline (inside an outer ring, outside its holes)."""
        return any(
            _in_ring(outer, lon, lat) and not any(_in_ring(hole, lon, lat) for hole in holes)
            for outer, *holes in self.polygons
        )

    def km_outside(self, lat: float, lon: float) -> float:
        """How far the point lies outside the outline, in km (0 inside): to the nearest border segment.

        Distances are on a local flat projection about the point, good to well under 1% at
        the tens of km the checks allow.
        """
        if self.contains(lat, lon):
            return 0.0
        scale = math.cos(math.radians(lat))
        return (
            min(
                _to_segment(((a[0] - lon) * scale, a[1] - lat), ((b[0] - lon) * scale, b[1] - lat))
                for polygon in self.polygons
                for ring in polygon
                for a, b in zip(ring, ring[1:] + ring[:1], strict=True)
            )
            * KM_PER_DEGREE
        )


def _in_ring(ring: Ring, x: float, y: float) -> bool:
    """Ray casting: an odd number of edges crossed by a ray from the point eastwards."""
    inside = False
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
            inside = not inside
    return inside


def _to_segment(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Distance from the origin to the segment a-b, in the segment's own units."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    length = dx * dx + dy * dy
    t = 0.0 if length == 0 else max(0.0, min(1.0, -(a[0] * dx + a[1] * dy) / length))
    return math.hypot(a[0] + t * dx, a[1] + t * dy)


@cache
def countries() -> tuple[Country, ...]:
    """Every country of the shipped borders file."""
    text = (resources.files("sahel_facts") / "natural_earth" / FILE).read_text(encoding="utf-8")
    found = []
    for feature in json.loads(text)["features"]:
        polygons = tuple(
            tuple(tuple((float(x), float(y)) for x, y in ring) for ring in polygon)
            for polygon in feature["geometry"]["coordinates"]
        )
        properties = feature["properties"]
        found.append(Country(properties["name"], properties.get("iso_a3") or "", polygons))
    return tuple(found)


def country(alpha3: str) -> Country | None:
    """The borders of the country with ISO alpha-3 code ``alpha3``; None when the file does not cover it."""
    return next((c for c in countries() if c.alpha3 == alpha3), None)
