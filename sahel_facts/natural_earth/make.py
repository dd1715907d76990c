"""Make ``admin0-50m-africa.geojson`` from Natural Earth's admin-0 countries at 1:50m.

The input is ``countries-50m.json`` of the npm package ``world-atlas`` 2.0.2 (Natural
Earth 4.1.0 as TopoJSON, ISC; the data are in the public domain)::

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python sahel_facts/natural_earth/make.py package/countries-50m.json

It decodes the topology, keeps the countries whose outline meets the box ``BOX``
(northern and western Africa, with room around the Sahel), and writes one GeoJSON
feature a country with its name and ISO 3166-1 codes (alpha-3 from countryinfo, by
the numeric code Natural Earth gives), coordinates rounded to ``DIGITS`` decimals.
Nothing reads the network at run time: the map reads the file this writes.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

#: West, south, east, north (degrees) of the part of the world kept.
BOX = (-26.0, -2.0, 32.0, 32.0)
#: Decimal places kept: 1e-4 degrees is about 11 m, finer than 1:50m.
DIGITS = 4
OUT = Path(__file__).with_name("admin0-50m-africa.geojson")

Ring = list[tuple[float, float]]


def _arcs(topology: dict[str, Any]) -> list[Ring]:
    """The topology's arcs as absolute (lon, lat) points (TopoJSON quantizes and delta-encodes them)."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    decoded = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((round(x * sx + tx, DIGITS), round(y * sy + ty, DIGITS)))
        decoded.append(points)
    return decoded


def _ring(arcs: list[Ring], indexes: list[int]) -> Ring:
    """A ring joined from arcs; ~i is arc i reversed, and each arc starts where the last ended."""
    points: Ring = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc[1:] if points else arc)
    return points


def _polygons(arcs: list[Ring], geometry: dict[str, Any]) -> list[list[Ring]]:
    if geometry.get("type") == "Polygon":
        return [[_ring(arcs, ring) for ring in geometry["arcs"]]]
    if geometry.get("type") == "MultiPolygon":
        return [[_ring(arcs, ring) for ring in polygon] for polygon in geometry["arcs"]]
    return []


def _meets(polygons: list[list[Ring]]) -> bool:
    west, south, east, north = BOX
    return any(west <= x <= east and south <= y <= north for polygon in polygons for x, y in polygon[0])


def _alpha3() -> dict[str, str]:
    """ISO numeric code (as Natural Earth writes it, three digits) to alpha-3, from countryinfo."""
    from countryinfo import all_countries

    codes = {}
    for info in all_countries():
        try:
            iso = info.iso()
        except Exception:  # countryinfo raises its own errors for missing data
            continue
        if isinstance(iso, dict) and iso.get("numeric") and iso.get("alpha3"):
            codes[str(iso["numeric"]).zfill(3)] = iso["alpha3"]
    return codes


def make(source: Path) -> dict[str, Any]:
    """The GeoJSON feature collection of the countries in ``BOX``."""
    topology = json.loads(source.read_text(encoding="utf-8"))
    arcs, alpha3 = _arcs(topology), _alpha3()
    features: list[dict[str, Any]] = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        polygons = _polygons(arcs, geometry)
        if not polygons or not _meets(polygons):
            continue
        numeric = str(geometry.get("id", ""))
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "name": geometry["properties"]["name"],
                    "iso_n3": numeric,
                    "iso_a3": alpha3.get(numeric),
                },
                "geometry": {"type": "MultiPolygon", "coordinates": polygons},
            }
        )
    features.sort(key=lambda f: f["properties"]["name"])
    return {"type": "FeatureCollection", "features": features}


if __name__ == "__main__":
    OUT.write_text(json.dumps(make(Path(sys.argv[1])), separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {OUT}")
