"""The timeline: what is drawn is the data: every dated claim a mark in its country's panel, labelled where
there is room, in its kind's colour, its date drawn as well as it is known."""

from __future__ import annotations

import itertools
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from datetime import date, timedelta

import pytest

pytest.importorskip("matplotlib")

from sahel_facts import load
from sahel_facts.plot import PlotError, draw, labels, lanes, save, timeline
from sahel_facts.plot.palette import CONFLICT, colour
from tests.conftest import REPO
from tests.plot.sample import timeline_facts
from tests.presence import handover_facts


@pytest.fixture(scope="module")
def facts():
    return load(REPO)


@pytest.fixture(scope="module")
def sample():
    return timeline_facts()


@pytest.fixture(scope="module")
def figure(facts):
    return timeline.draw(facts)


def _by_gid(figure) -> dict[str, list]:
    found: dict[str, list] = {}
    for artist in figure.findobj():
        if artist.get_gid():
            found.setdefault(artist.get_gid(), []).append(artist)
    return found


def _rgb(value) -> tuple[float, ...]:
    from matplotlib.colors import to_rgb

    return tuple(round(c, 3) for c in to_rgb(value))


def _face(artist):
    return artist.get_markerfacecolor() if hasattr(artist, "get_markerfacecolor") else artist.get_facecolor()


def test_every_dated_claim_is_one_mark(facts, figure):
    drawn, by_gid = timeline.marks(facts), _by_gid(figure)
    assert {gid for gid in by_gid if gid.startswith("claim:")} == {m.claim.id for m in drawn}
    assert all(len(by_gid[m.claim.id]) == 1 for m in drawn)
    dated = {c.id for c in facts.claims() if c.when is not None and c.lane is not None}
    assert {m.claim.id for m in drawn} == dated


def test_panels_are_the_countries_the_claims_happen_in(facts, figure):
    drawn = timeline.marks(facts)
    hosts = lanes.hosts(facts)
    assert {m.panel for m in drawn} <= hosts | {lanes.SEVERAL, lanes.ELSEWHERE}
    for mark in drawn:  # a claim at a facility is in the panel of the facility's country
        facility = getattr(mark.claim, "facility", None)
        if facility and facts[facility].country in hosts:
            assert mark.panel == facts[facility].country, mark.claim.id
    titles = [a.get_title(loc="left") for a in figure.axes]
    assert titles == [lanes.title(facts, panel) for panel, _ in timeline.layout(drawn)]
    for axes, (panel, rows) in zip(figure.axes, timeline.layout(drawn), strict=True):
        ticks = [t.get_text() for t in axes.get_yticklabels()]
        assert len(ticks) == len(rows) == len({m.row for m in drawn if m.panel == panel})


def test_each_mark_is_in_its_rows_place_in_its_kinds_colour(sample):
    figure = timeline.draw(sample)
    by_gid = _by_gid(figure)
    layout = dict(timeline.layout(timeline.marks(sample)))
    axes_of = {a.get_title(loc="left"): a for a in figure.axes}
    for mark in timeline.marks(sample):
        (artist,) = by_gid[mark.claim.id]
        assert artist.axes is axes_of[lanes.title(sample, mark.panel)]
        assert _rgb(_face(artist)) == _rgb(colour(mark.claim.kind)), mark.claim.id
        y = artist.get_ydata()[0] if hasattr(artist, "get_ydata") else artist.get_y() + artist.get_height() / 2
        assert round(y, 6) == layout[mark.panel].index(mark.row)


def test_the_legend_shows_the_palettes_colours(figure, facts):
    (legend,) = figure.legends
    kinds = {m.claim.kind for m in timeline.marks(facts)}
    pairs = zip(legend.get_texts(), legend.legend_handles, strict=True)
    shown = {t.get_text(): _rgb(h.get_facecolor()) for t, h in pairs if t.get_text().replace(" ", "_") in kinds}
    assert shown == {k.replace("_", " "): _rgb(colour(k)) for k in kinds}


def test_labels_are_the_claims_and_never_overlap(facts, figure):
    by_gid = _by_gid(figure)
    texts = {gid.removeprefix("label:"): artists[0] for gid, artists in by_gid.items() if gid.startswith("label:")}
    assert texts, "no label drawn"
    for claim_id, text in texts.items():
        assert text.get_text() == labels.short(facts, facts[claim_id])
        assert text.axes is by_gid[claim_id][0].axes  # in its mark's panel
    renderer = figure.canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for t in texts.values()]
    assert not [pair for pair in itertools.combinations(boxes, 2) if pair[0].overlaps(pair[1])]
    left_out = len(timeline.marks(facts)) - len(texts)
    assert any(f"{left_out} that would overlap" in t.get_text() for t in figure.texts)


def test_dates_are_drawn_as_well_as_they_are_known(sample):
    by_id = {m.claim.id: m for m in timeline.marks(sample)}
    assert by_id["claim:fr-to-mali"].shape == "point"
    assert by_id["claim:fr-in-mali"].shape == "observation"
    month = by_id["claim:fr-leaves-gao"]  # 2022-08: every day of August
    assert (month.shape, month.start, month.end, month.approximate) == (
        "band",
        date(2022, 8, 1),
        date(2022, 8, 31),
        False,
    )
    rough = by_id["claim:fr-leaves-gao-approx"]  # 2022-08~: a month either way
    assert (rough.shape, rough.start, rough.end, rough.approximate) == (
        "band",
        date(2022, 7, 1),
        date(2022, 9, 30),
        True,
    )
    by_gid = _by_gid(timeline.draw(sample))
    assert by_gid["claim:fr-leaves-gao-approx"][0].get_hatch() and not by_gid["claim:fr-leaves-gao"][0].get_hatch()


def test_open_ends_are_open_and_nothing_starts_where_the_data_gives_no_start(sample):
    by_id = {m.claim.id: m for m in timeline.marks(sample)}
    before = by_id["claim:niger-orders-out"]  # ../2023-08-03: on or before that day
    assert before.open_start and before.shape == "fade" and before.end == date(2023, 8, 3)
    assert before.start == before.end - timedelta(days=timeline.FADE_DAYS)
    going_on = by_id["claim:fr-in-niger"]  # 2015-01-01/..
    assert going_on.open_end and going_on.start == date(2015, 1, 1)
    assert going_on.end > max(m.end for m in by_id.values() if m is not going_on)
    figure = timeline.draw(sample)
    (tick,) = _by_gid(figure)["claim:niger-orders-out"]
    import matplotlib.dates as mdates

    assert mdates.num2date(tick.get_xdata()[0]).date() == date(2023, 8, 3)  # the known day is marked
    arrows = {gid: a for gid, (a,) in _by_gid(figure).items() if gid.startswith("open-end:")}
    assert list(arrows) == ["open-end:claim:fr-in-niger"]
    assert mdates.num2date(arrows["open-end:claim:fr-in-niger"].get_xdata()[0]).date() == going_on.end


def test_an_open_state_stops_where_a_completed_withdrawal_ended_it():
    by_id = {m.claim.id: m for m in timeline.marks(handover_facts())}
    handover = by_id["claim:gao-to-mali"]
    assert handover.shape == "point" and handover.lane == "org:fr" and handover.row == "country:FRA"
    assert by_id["claim:fr-at-gao"].end == handover.start and not by_id["claim:fr-at-gao"].open_end


def test_conflicts_are_outlined_and_linked(sample, facts, figure):
    for base, fig in ((sample, timeline.draw(sample)), (facts, figure)):
        by_gid = _by_gid(fig)
        drawn = {m.claim.id: m for m in timeline.marks(base)}
        pairs = {tuple(sorted((c, o))) for c in drawn for o in drawn[c].claim.conflicts_with if o in drawn}
        links = {gid.removeprefix("conflict:") for gid in by_gid if gid.startswith("conflict:")}
        assert links == {f"{a}|{b}" for a, b in pairs}
        for a, b in pairs:
            assert drawn[a].conflict and drawn[b].conflict
            for claim_id in (a, b):
                artist = by_gid[claim_id][0]
                edge = artist.get_markeredgecolor() if hasattr(artist, "get_markeredgecolor") else None
                edge = edge if edge is not None else artist.get_edgecolor()
                assert _rgb(edge) == _rgb(CONFLICT), claim_id
    assert any("conflict:" in gid for gid in _by_gid(timeline.draw(sample)))


def test_since_and_until_keep_the_claims_that_can_fall_between(facts):
    import matplotlib.dates as mdates

    since, until = date(2022, 1, 1), date(2023, 6, 30)
    drawn = timeline.marks(facts, since, until)
    assert drawn and all(m.end >= since and m.start <= until for m in drawn)
    outside = {m.claim.id for m in timeline.marks(facts)} - {m.claim.id for m in drawn}
    assert outside and all(m.end < since or m.start > until for m in timeline.marks(facts) if m.claim.id in outside)
    figure = timeline.draw(facts, since, until)
    left, right = figure.axes[0].get_xlim()
    assert (mdates.num2date(left).date(), mdates.num2date(right).date()) == (since, until)
    assert "dated claims 2022–2023," in figure.get_suptitle()


@pytest.mark.parametrize(
    ("since", "until", "said"),
    [
        (date(2030, 1, 1), None, "no dated claim to draw within --since 2030-01-01"),
        (None, date(1990, 1, 1), "no dated claim to draw within --until 1990-01-01"),
        (date(2024, 1, 1), date(2023, 1, 1), "--since 2024-01-01 and --until 2023-01-01: --since is after --until"),
    ],
)
def test_nothing_to_draw_is_said_naming_the_filter(facts, since, until, said):
    with pytest.raises(PlotError, match=said):
        draw("timeline", facts, since, until)


def test_the_command_says_so_and_writes_nothing(built_package, tmp_path):
    out = tmp_path / "timeline.png"
    done = subprocess.run(
        [sys.executable, "-m", "sahel_facts", "plot", "timeline", str(built_package), "--out", str(out),
         "--since", "2030-01-01"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode != 0 and "--since 2030-01-01" in done.stderr and "Traceback" not in done.stderr
    assert not out.exists()
    bad = subprocess.run(
        [sys.executable, "-m", "sahel_facts", "plot", "timeline", str(built_package), "--until", "June"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert bad.returncode == 2 and "--until 'June' is not a day" in bad.stderr


def test_png_of_the_expected_size(figure, tmp_path):
    from matplotlib.image import imread

    path = save(figure, tmp_path / "timeline.png")
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = (figure.get_size_inches() * figure.dpi).round().astype(int)
    assert imread(path).shape[:2] == (height, width)


def test_svg_carries_one_element_per_claim(facts, figure, tmp_path):
    path = save(figure, tmp_path / "timeline.svg")
    ids = {
        element.get("id") for element in ElementTree.parse(path).iter() if element.get("id", "").startswith("claim:")
    }
    assert ids == {m.claim.id for m in timeline.marks(facts)}


def test_save_refuses_other_formats(figure, tmp_path):
    with pytest.raises(PlotError, match=r"\.png or an \.svg"):
        save(figure, tmp_path / "timeline.jpg")


def test_the_recent_window_is_the_last_five_calendar_years_the_claims_reach(sample):
    last = max(d for c in sample.claims() for d in (c.when.earliest, c.when.latest) if d)  # not the open end
    assert timeline.recent(sample) == date(last.year - timeline.RECENT_YEARS + 1, 1, 1)
    assert timeline.recent(sample, years=1) == date(last.year, 1, 1)
