"""The timeline: drawn from the real data, every dated claim a mark, imprecise dates as ranges."""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree

import pytest

pytest.importorskip("matplotlib")

from sahel_facts import load
from sahel_facts.plot import PlotError, save, timeline
from tests.conftest import REPO
from tests.presence import handover_facts


@pytest.fixture(scope="module")
def facts():
    return load(REPO)


def _gids(figure) -> list[str]:
    return [a.get_gid() for a in figure.findobj() if a.get_gid()]


def test_every_dated_claim_is_one_mark(facts):
    marks = timeline.marks(facts)
    figure = timeline.draw(facts)
    assert sorted(_gids(figure)) == sorted(m.claim.id for m in marks)
    dated = [c for c in facts.claims() if c.when is not None and c.lane is not None]
    assert {m.claim.id for m in marks} == {c.id for c in dated}


def test_imprecise_dates_are_ranges_and_conflicts_are_marked(facts):
    by_id = {m.claim.id: m for m in timeline.marks(facts)}
    march = by_id["claim:niger-orders-us-troops-out-march-2024"]  # "In March": 2024-03
    assert march.shape == "band" and (march.start.isoformat(), march.end.isoformat()) == ("2024-03-01", "2024-03-31")
    assert by_id["claim:us-withdrawal-air-base-101-complete"].shape == "point"
    assert by_id["claim:us-niger-disengagement-commission-2024-05"].shape == "bar"
    assert by_id["claim:us-withdrawal-from-niger-complete-2024-09"].shape == "band"  # by 15 September
    assert by_id["claim:us-troops-leave-chad-2024-04-30"].conflict
    assert by_id["claim:niger-orders-us-troops-out-april-2024"].conflict
    assert not by_id["claim:us-withdrawal-air-base-101-complete"].conflict


def test_an_open_state_stops_where_a_completed_withdrawal_ended_it(facts):
    by_id = {m.claim.id: m for m in timeline.marks(facts)}
    after_coup = by_id["claim:us-forces-niger-force-protection-after-coup"]  # valid 2023-07-26/..
    assert (after_coup.start.isoformat(), after_coup.end.isoformat()) == ("2023-07-26", "2024-09-15")
    handed_over = by_id["claim:air-base-201-handed-over-to-niger-2024-08-05"]  # Niger's own use: nothing ends it
    assert handed_over.end == max(m.end for m in by_id.values())
    assert "claim:air-base-201-returned-to-niger" not in by_id  # retracted, so not drawn


def test_png_of_the_expected_size(facts, tmp_path):
    from matplotlib.image import imread

    figure = timeline.draw(facts)
    path = save(figure, tmp_path / "timeline.png")
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = (figure.get_size_inches() * figure.dpi).round().astype(int)
    assert imread(path).shape[:2] == (height, width)


def test_svg_carries_one_element_per_claim(facts, tmp_path):
    path = save(timeline.draw(facts), tmp_path / "timeline.svg")
    ids = {
        element.get("id") for element in ElementTree.parse(path).iter() if element.get("id", "").startswith("claim:")
    }
    assert ids == {m.claim.id for m in timeline.marks(facts)}


def test_since_leaves_earlier_claims_out(facts):
    from datetime import date

    gids = _gids(timeline.draw(facts, since=date(2024, 1, 1)))
    assert "claim:russia-invades-ukraine-2022-02" not in gids
    assert "claim:us-withdrawal-air-base-101-complete" in gids


def test_save_refuses_other_formats(facts, tmp_path):
    with pytest.raises(PlotError, match=r"\.png or an \.svg"):
        save(timeline.draw(facts), tmp_path / "timeline.jpg")


def test_each_claim_kind_has_its_own_colour_in_every_figure(facts):
    from sahel_facts.model.kinds import KINDS

    colours = timeline.kind_colours()
    assert set(colours) == set(KINDS.names("claim"))
    assert len(set(colours.values())) == len(colours)  # no two kinds alike
    figure = timeline.draw(facts)
    drawn = {m.claim.id: m.claim.kind for m in timeline.marks(facts)}
    for artist in figure.findobj():
        if artist.get_gid() in drawn:
            face = artist.get_facecolor() if hasattr(artist, "get_facecolor") else None
            face = artist.get_color() if face is None or not hasattr(artist, "get_height") else face
            assert tuple(face)[:3] == tuple(colours[drawn[artist.get_gid()]])[:3], artist.get_gid()


@pytest.fixture(scope="module")
def handed_over_facts():
    return handover_facts()


def test_a_handover_is_a_point_in_the_lane_of_the_force_handing_over(handed_over_facts):
    by_id = {m.claim.id: m for m in timeline.marks(handed_over_facts)}
    handover = by_id["claim:gao-to-mali"]
    assert handover.shape == "point" and handover.lane == "org:fr"
    assert by_id["claim:fr-at-gao"].end == handover.start  # the presence there stops on the day
