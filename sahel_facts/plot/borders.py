"""Country borders for the map: Natural Earth's admin-0 countries at 1:50m, shipped with the package.

The GeoJSON in ``natural_earth/`` beside this module was made from Natural Earth 4.1.0
(public domain) by ``natural_earth/make.py``; ``natural_earth/NOTICE.md`` says how.
It covers northern and western Africa; nothing is fetched at run time.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

#: The file of borders, in ``natural_earth/``.
FILE = "admin0-50m-africa.geojson"

Ring = tuple[tuple[float, float], ...]


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

    def inside(self, box: tuple[float, float, float, float]) -> Ring | None:
        """The largest piece of the country within ``box`` (west, south, east, north), as a ring; None if none."""
        from matplotlib.path import Path
        from matplotlib.transforms import Bbox

        frame = Bbox.from_extents(*box)
        clipped: list[Any] = [Path(p[0], closed=True).clip_to_bbox(frame).to_polygons() for p in self.polygons]
        pieces = [tuple((float(x), float(y)) for x, y in piece) for found in clipped for piece in found]
        return max((p for p in pieces if len(p) >= 3), key=lambda ring: abs(area(ring)), default=None)


def centroid(ring: Ring) -> tuple[float, float]:
    """The area centroid of a ring, (lon, lat)."""
    size = area(ring) or 1e-12
    cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
        cross = x0 * y1 - x1 * y0
        cx, cy = cx + (x0 + x1) * cross, cy + (y0 + y1) * cross
    return cx / (6 * size), cy / (6 * size)


def area(ring: Ring) -> float:
    """The signed area of a ring (shoelace), in square degrees."""
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True)) / 2


@cache
def countries() -> tuple[Country, ...]:
    """Every country of the shipped borders file."""
    text = (resources.files(__package__ or "sahel_facts.plot") / "natural_earth" / FILE).read_text(encoding="utf-8")
    found = []
    for feature in json.loads(text)["features"]:
        polygons = tuple(
            tuple(tuple((float(x), float(y)) for x, y in ring) for ring in polygon)
            for polygon in feature["geometry"]["coordinates"]
        )
        properties = feature["properties"]
        found.append(Country(properties["name"], properties.get("iso_a3") or "", polygons))
    return tuple(found)
