"""The map: every located place and facility a point, every stated distance a labelled line."""

from __future__ import annotations

import subprocess
import sys

import pytest

pytest.importorskip("matplotlib")

from sahel_facts import load
from sahel_facts.plot import map as map_plot
from sahel_facts.plot import save
from tests.conftest import REPO


@pytest.fixture(scope="module")
def facts():
    return load(REPO)


def test_points_and_lines_are_the_data(facts):
    figure = map_plot.draw(facts)
    gids = sorted(a.get_gid() for a in figure.findobj() if a.get_gid())
    located = [e.id for e in map_plot.located(facts)]
    assert set(located) == {e.id for e in facts.entities if getattr(e, "coordinates", None) is not None}
    assert gids == sorted([*located, "claim:niamey-to-agadez-drone-base"])
    texts = [t.get_text() for t in figure.findobj() if hasattr(t, "get_text")]
    assert "stated: approximately 750 kilometers (460 miles)" in texts
    assert "Niger" in texts and "Mali" in texts


def test_png_of_the_expected_size(facts, tmp_path):
    from matplotlib.image import imread

    figure = map_plot.draw(facts)
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
