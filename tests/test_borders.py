"""The shipped borders: inside or outside a country's outline, and how far outside."""

from __future__ import annotations

import pytest
from geographiclib.geodesic import Geodesic

from sahel_facts import borders


def test_a_capital_is_inside_its_country_and_outside_its_neighbour():
    niger, burkina = borders.country("NER"), borders.country("BFA")
    assert niger.contains(13.5137, 2.1098) and niger.km_outside(13.5137, 2.1098) == 0
    assert not burkina.contains(13.5137, 2.1098)
    assert borders.country("FRA") is None


def _geodesic_km_to_border(country: borders.Country, lat: float, lon: float) -> float:
    """The least geodesic distance from the point to the border, each segment cut into 50 pieces."""
    best = float("inf")
    for polygon in country.polygons:
        for ring in polygon:
            for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
                for step in range(51):
                    t = step / 50
                    here = Geodesic.WGS84.Inverse(lat, lon, y0 + t * (y1 - y0), x0 + t * (x1 - x0))["s12"] / 1000
                    best = min(best, here)
    return best


OUTSIDE = [("NER", 12.3714, -1.5197), ("MLI", 19.9533, 2.9667), ("TCD", 13.0, 13.5)]


@pytest.mark.parametrize(("code", "lat", "lon"), OUTSIDE)
def test_how_far_outside_is_the_geodesic_distance_to_the_border_within_a_percent(code, lat, lon):
    country = borders.country(code)
    flat = country.km_outside(lat, lon)
    assert flat > 0
    assert flat == pytest.approx(_geodesic_km_to_border(country, lat, lon), rel=0.01, abs=0.05)


def test_the_notice_and_the_script_that_made_them_ship_beside_them():
    from importlib import resources

    folder = resources.files("sahel_facts") / "natural_earth"
    assert "public domain" in (folder / "NOTICE.md").read_text(encoding="utf-8")
    assert (folder / "make.py").is_file() and (folder / borders.FILE).is_file()
