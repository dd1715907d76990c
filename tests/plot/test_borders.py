"""The shipped borders: Natural Earth's countries, where their capitals are."""

from __future__ import annotations

import pytest

pytest.importorskip("matplotlib")

from matplotlib.path import Path

from sahel_facts.plot import borders

#: Capitals (lon, lat) of the countries the data covers.
CAPITALS = {
    "MLI": (-7.99, 12.64),
    "NER": (2.11, 13.51),
    "BFA": (-1.53, 12.37),
    "TCD": (15.04, 12.11),
    "MRT": (-15.98, 18.09),
    "SEN": (-17.44, 14.69),
    "CIV": (-5.28, 6.82),
}


def test_each_countrys_outline_holds_its_capital_and_no_other():
    by_code = {c.alpha3: c for c in borders.countries()}
    for code, point in CAPITALS.items():
        inside = [c.alpha3 for c in borders.countries() if any(Path(p[0]).contains_point(point) for p in c.polygons)]
        assert inside == [code], (code, inside)
        west, south, east, north = by_code[code].bbox
        assert west < point[0] < east and south < point[1] < north
