"""The map: framed on the data's points, every town and facility named once, labels clear of each other,
Natural Earth borders, stated distances as lines between their ends."""

from __future__ import annotations

import itertools
import subprocess
import sys

import pytest

pytest.importorskip("matplotlib")

from sahel_facts import borders, load
from sahel_facts.check.geography import BORDER_KM, POINT_SLACK_KM
from sahel_facts.model.entities import Facility, Place
from sahel_facts.plot import map as map_plot
from sahel_facts.plot import save
from sahel_facts.plot.palette import colour
from tests.conftest import REPO
from tests.plot.sample import crowded_facts


@pytest.fixture(scope="module", params=["repository", "crowded"])
def facts(request):
    return load(REPO) if request.param == "repository" else crowded_facts()


@pytest.fixture(scope="module")
def figure(facts):
    return map_plot.draw(facts)


def _by_gid(figure) -> dict[str, object]:
    return {a.get_gid(): a for a in figure.findobj() if a.get_gid()}


def _labels(figure) -> dict[str, object]:
    return {gid.removeprefix("label:"): a for gid, a in _by_gid(figure).items() if gid.startswith("label:")}


def test_every_located_entity_is_a_point_where_the_data_puts_it(facts, figure):
    by_gid = _by_gid(figure)
    located = map_plot.located(facts)
    assert {e.id for e in located} == {
        e.id for e in facts.entities if isinstance(e, (Place, Facility)) and e.coordinates is not None
    }
    for entity in located:
        marker = by_gid[entity.id]
        assert (marker.get_xdata()[0], marker.get_ydata()[0]) == (entity.coordinates.lon, entity.coordinates.lat)
        assert marker.get_marker() == (map_plot.FACILITY if isinstance(entity, Facility) else map_plot.TOWN)


def test_the_frame_covers_every_point(facts, figure):
    (axes,) = figure.axes
    (west, east), (south, north) = axes.get_xlim(), axes.get_ylim()
    for entity in map_plot.located(facts):
        assert west < entity.coordinates.lon < east and south < entity.coordinates.lat < north, entity.id
    assert (west, south, east, north) == map_plot.frame(facts)


def test_every_town_and_facility_is_named_once(facts, figure):
    labels = _labels(figure)
    lines = [line.strip(" ▴") for text in labels.values() for line in text.get_text().split("\n")]
    placed, unplaced = map_plot.sites(facts)
    expected = [e.name for site in placed for e in (site.anchor, *site.facilities)]
    assert sorted(lines) == sorted(expected)
    located_names = [e.name for e in map_plot.located(facts)]
    for name in located_names:  # every point is named, once
        assert lines.count(name) == located_names.count(name), name
    note = "\n".join(t.get_text() for t in figure.texts)
    for facility in unplaced:  # and what cannot be placed is said
        assert facility.name in note
    assert {f.id for site in placed for f in site.facilities} | {s.anchor.id for s in placed} | {
        f.id for f in unplaced
    } >= {e.id for e in facts.entities if isinstance(e, Facility)}


def test_labels_cover_no_other_label_or_country_name(facts, figure):
    renderer = figure.canvas.get_renderer()
    (axes,) = figure.axes
    names = [t for t in axes.texts if t.get_visible() and not t.get_gid()]  # the countries' names
    boxes = [t.get_window_extent(renderer) for t in [*_labels(figure).values(), *names]]
    assert not [(a, b) for a, b in itertools.combinations(boxes, 2) if a.overlaps(b)]
    assert all(axes.bbox.contains(b.x0, b.y0) and axes.bbox.contains(b.x1, b.y1) for b in boxes)


def test_stated_distances_join_their_ends_in_the_distance_colour(facts, figure):
    from matplotlib.colors import to_hex

    by_gid = _by_gid(figure)
    claims = map_plot.distances(facts)
    assert claims, "the data should hold a distance between two located points"
    for claim in claims:
        line = by_gid[claim.id]
        a, b = facts[claim.origin].coordinates, facts[claim.destination].coordinates
        assert list(line.get_xdata()) == [a.lon, b.lon] and list(line.get_ydata()) == [a.lat, b.lat]
        assert to_hex(line.get_color()) == colour("distance").lower()
        said = by_gid[f"distance-label:{claim.id}"].get_text()
        assert all(m.text in said for m in claim.measures if m.text != "unknown")


def test_borders_shade_the_countries_of_the_data(facts, figure):
    from matplotlib.colors import to_hex
    from matplotlib.patches import Polygon
    from matplotlib.path import Path

    (axes,) = figure.axes
    shaded = [p for p in axes.patches if isinstance(p, Polygon) and to_hex(p.get_facecolor()) == map_plot.HOST]
    for entity in map_plot.located(facts):
        point = (entity.coordinates.lon, entity.coordinates.lat)
        if any(Path(p.get_xy()).contains_point(point) for p in shaded):
            continue
        # A town on a border may lie just beyond Natural Earth's line, within what G513 allows it.
        assert entity.country is not None, entity.id
        outside = borders.country(entity.country.split(":")[1]).km_outside(entity.coordinates.lat, point[0])
        assert outside <= POINT_SLACK_KM[entity.coordinates.precision] + BORDER_KM, entity.id


def test_png_of_the_expected_size(figure, tmp_path):
    from matplotlib.image import imread

    path = save(figure, tmp_path / "map.png")
    width, height = (figure.get_size_inches() * figure.dpi).round().astype(int)
    assert imread(path).shape[:2] == (height, width)


def test_plot_command_from_a_package(built_package, tmp_path):
    out = tmp_path / "map.svg"
    done = subprocess.run(
        [sys.executable, "-m", "sahel_facts", "plot", "map", str(built_package), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert out.read_text().lstrip().startswith("<?xml") and "facility:air-base-201" in out.read_text()
    bad = subprocess.run(
        [sys.executable, "-m", "sahel_facts", "plot", "timeline", str(tmp_path / "none")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
