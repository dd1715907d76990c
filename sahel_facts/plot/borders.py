"""Country borders on the map: a country's piece within the map's frame, its area and centroid.

The borders themselves are :mod:`sahel_facts.borders` (Natural Earth 1:50m, shipped).
"""

from __future__ import annotations

from typing import Any

from ..borders import Country, Ring, countries

__all__ = ["Country", "Ring", "area", "centroid", "countries", "inside"]


def inside(country: Country, box: tuple[float, float, float, float]) -> Ring | None:
    """The largest piece of ``country`` within ``box`` (west, south, east, north), as a ring; None if none."""
    from matplotlib.path import Path
    from matplotlib.transforms import Bbox

    frame = Bbox.from_extents(*box)
    clipped: list[Any] = [Path(p[0], closed=True).clip_to_bbox(frame).to_polygons() for p in country.polygons]
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
