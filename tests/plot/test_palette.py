"""One palette: a colour for every claim kind, no two alike, the same in the timeline, the map and legends."""

from __future__ import annotations

from sahel_facts.model.kinds import KINDS
from sahel_facts.plot import palette


def test_every_kind_has_its_own_colour():
    colours = palette.kind_colours()
    assert set(colours) == set(KINDS.names("claim"))
    assert len({c.lower() for c in colours.values()}) == len(colours)
    assert palette.CONFLICT.lower() not in {c.lower() for c in colours.values()}


def test_listed_kinds_keep_their_colour():
    for kind, hex_colour in palette.KIND_COLOURS.items():
        if kind in KINDS.names("claim"):
            assert palette.colour(kind) == hex_colour
