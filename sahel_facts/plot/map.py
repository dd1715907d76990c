"""The map: places and facilities with coordinates, country borders, and stated distances.

Borders are the countryinfo outlines (derived from Natural Earth, public domain),
shipped with that package: nothing is fetched. A stated distance between two located
entities is a dashed line labelled with the distance as the source gives it. Every
point and line carries the ID of its record as its ``gid``.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from .. import geo
from ..factbase import FactBase
from ..model.claims import Distance
from ..model.entities import Coordinates, Facility, Place

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

#: Degrees of margin around the located entities.
MARGIN = 4.0


def located(facts: FactBase) -> list[Place | Facility]:
    """Every place and facility with coordinates."""
    return [e for e in facts.entities if isinstance(e, (Place, Facility)) and e.coordinates is not None]


def distances(facts: FactBase) -> list[Distance]:
    """Every active distance claim whose two endpoints have coordinates."""
    points = {e.id for e in located(facts)}
    found = (c for c in facts.claims(kind="distance") if isinstance(c, Distance))
    return [c for c in found if c.origin in points and c.destination in points]


def _point(facts: FactBase, record_id: str) -> Coordinates:
    """The coordinates of a located entity (``distances`` keeps only claims between such)."""
    record = facts[record_id]
    assert isinstance(record, (Place, Facility)) and record.coordinates is not None
    return record.coordinates


def draw(facts: FactBase) -> Figure:
    """The map figure of ``facts``."""
    from matplotlib.figure import Figure
    from matplotlib.patches import Polygon

    sites = located(facts)
    lats = [_point(facts, s.id).lat for s in sites] or [15.0]
    lons = [_point(facts, s.id).lon for s in sites] or [5.0]
    west, east = min(lons) - MARGIN, max(lons) + MARGIN
    south, north = min(lats) - MARGIN, max(lats) + MARGIN
    figure = Figure(figsize=(10, 8), dpi=100, layout="constrained")
    axes = figure.add_subplot()
    in_data = {e.id.split(":")[1] for e in facts.entities if e.kind == "country"}
    for shape in geo.all_country_shapes():
        w, s, e, n = shape.bbox
        if e < west or w > east or n < south or s > north:
            continue
        fill = "#e6dcc6" if shape.alpha3 in in_data else "#f5f2ec"
        for polygon in shape.polygons:
            axes.add_patch(Polygon(polygon[0], closed=True, facecolor=fill, edgecolor="#8c8c8c", linewidth=0.8))
        inside = [
            (x, y)
            for polygon in shape.polygons
            for x, y in polygon[0]
            if west + 1 < x < east - 1 and south + 1 < y < north - 1
        ]
        if len(inside) >= 3:
            axes.text(
                sum(x for x, _ in inside) / len(inside),
                sum(y for _, y in inside) / len(inside),
                shape.name,
                ha="center",
                va="center",
                fontsize=10,
                color="#8a8a8a",
                style="italic",
            )
    for claim in distances(facts):
        a, b = _point(facts, claim.origin), _point(facts, claim.destination)
        (line,) = axes.plot([a.lon, b.lon], [a.lat, b.lat], linestyle="--", color="#2c6e91", linewidth=1.5)
        line.set_gid(claim.id)
        said = " (".join(m.text if m.text != "unknown" else f"{m.value} {m.unit}" for m in claim.measures)
        said += ")" * (len(claim.measures) - 1)
        axes.text(
            (a.lon + b.lon) / 2,
            (a.lat + b.lat) / 2,
            f"stated: {said}",
            fontsize=8,
            color="#2c6e91",
            rotation=math.degrees(math.atan2(b.lat - a.lat, b.lon - a.lon)),
            rotation_mode="anchor",
            ha="center",
            va="bottom",
            transform_rotates_text=True,
        )
    for index, site in enumerate(sorted(sites, key=lambda s: (_point(facts, s.id).lat, _point(facts, s.id).lon, s.id))):
        marker = "^" if isinstance(site, Facility) else "o"
        (point,) = axes.plot(
            _point(facts, site.id).lon,
            _point(facts, site.id).lat,
            marker,
            color="#b03a2e",
            markersize=7,
            markeredgecolor="white",
        )
        point.set_gid(site.id)
        axes.annotate(
            site.name,
            (_point(facts, site.id).lon, _point(facts, site.id).lat),
            fontsize=8,
            xytext=(6, 8 if index % 2 else -12),
            textcoords="offset points",
        )
    axes.set_xlim(west, east)
    axes.set_ylim(south, north)
    axes.set_aspect(1 / math.cos(math.radians((south + north) / 2)))
    axes.set_xlabel("longitude (°E)")
    axes.set_ylabel("latitude (°N)")
    version = f" {facts.version}" if facts.version else ""
    axes.set_title(f"sahel-facts{version}: places, facilities and stated distances")
    axes.text(
        0.01,
        0.01,
        "Borders: countryinfo (Natural Earth). ▲ facility  ● place. Shaded: countries in the data.",
        transform=axes.transAxes,
        fontsize=7,
        color="#666666",
    )
    return figure
