"""The timeline: dated claims in a panel per country, a row per force, each labelled.

Panels and rows are :mod:`.lanes`'s; colours are :mod:`.palette`'s, one a kind. How a
claim is drawn says how well its time is known:

- an event on a known day is a dot, an observation (``as_of``) on a known day a diamond;
- a state from a known start, or an event over known days, is a bar;
- a date known only to a month or a year (``2024-05``) is a pale band over every day
  it can mean, never a point; an approximate or uncertain one (``2024-05~``) is hatched too;
- a state that still goes on (``START/..``) runs to a little past the last day the data
  knows of (:data:`MARGIN_DAYS`) and ends in an arrow;
  one that a completed withdrawal or a handover ended (:meth:`FactBase.ended`) stops that day;
- an open start (``../2024-12-20``: on or before that day) or an unknown end fades out
  over :data:`FADE_DAYS` from the day that is known: nothing is drawn from a start the
  data does not give.

Claims in conflict are outlined in red and joined by a red dotted line. Every mark
carries its claim's ID as its ``gid`` (an SVG element id), every label ``label:`` and
the ID, every open end's arrow ``open-end:`` and the ID, every conflict line
``conflict:`` and the two IDs joined by ``|``, so that what is drawn can be checked
against the data. Labels (:func:`.labels.short`) go above or below their mark, in
date order; one that would overlap a label placed before it is left out, and the
figure says how many were.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from ..factbase import FactBase
from ..model.claims import ClaimBase
from . import labels, lanes
from .palette import CONFLICT, INK, colour

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

#: Days over which an open start or an unknown end fades out.
FADE_DAYS = 150
#: Days of margin on each side of the claims drawn.
MARGIN_DAYS = 60
#: Figure width, and the height of a row and of a panel's heading, in inches.
WIDTH, ROW, HEADING = 16.0, 0.56, 0.34
#: Left margin (row names), right margin, top (title) and bottom (axis, note and legend), in inches.
LEFT, RIGHT, TOP, BOTTOM = 2.3, 0.25, 0.7, 1.55
#: Years of the recent timeline in docs/ (:func:`recent`).
RECENT_YEARS = 5
#: Label size in points; two tiers of labels a row (above and below the marks).
LABEL_SIZE, TIERS = 6.5, 2


@dataclass(frozen=True)
class Mark:
    """One claim as drawn: its place, its days, and how it is drawn."""

    claim: ClaimBase
    lane: str
    """The claim's actor (:attr:`ClaimBase.lane`)."""
    panel: str
    """The country panel (:class:`.lanes.Lane`)."""
    row: str
    """The force row within the panel."""
    start: date
    """The first day drawn: the first the claim can mean, or for an open start, where the fade begins."""
    end: date
    """The last day drawn: the last it can mean, the day it was ended, or where a fade or open end stops."""
    shape: str
    """point, observation, bar, band (an imprecise date) or fade (an open start or unknown end)."""
    conflict: bool
    approximate: bool = False
    """The date is qualified as approximate or uncertain (``~``, ``?``, ``%``)."""
    open_start: bool = False
    """The start is open or unknown: the mark fades out towards it."""
    open_end: bool = False
    """The end is open (the state goes on) or unknown: an arrow, or a fade."""


def _shape(claim: ClaimBase) -> str | None:
    """How to draw the claim, by its time and the field its kind gave it; None when undated."""
    value, field = claim.when, claim.time_field
    if value is None:
        return None
    if value.earliest is None or (value.latest is None and not value.is_open):
        return "fade"
    if field == "valid" or value.is_open:
        return "bar"
    precise = value.earliest == value.latest and not any(q in value for q in "~?%")
    if precise:
        return "observation" if field == "as_of" else "point"
    closed = value.is_interval and not any(q in value for q in "~?%")
    return "bar" if closed and field != "as_of" else "band"


def marks(facts: FactBase, since: date | None = None, until: date | None = None) -> list[Mark]:
    """Every dated claim with an actor, not retracted, that can fall between ``since`` and ``until``."""
    claims = [c for c in facts.claims() if c.when is not None and c.lane is not None]
    where = lanes.lanes(facts, claims)
    conflicted = {c.id for c in claims if facts.conflicts(c.id)}
    known = [d for c in claims if c.when is not None for d in (c.when.earliest, c.when.latest) if d is not None]
    if not known:
        return []
    # A state that goes on is drawn to a little past the last day the data knows of, and no further.
    last = min(until or date.max, max(known) + timedelta(days=MARGIN_DAYS))
    drawn = [_mark(facts, c, where[c.id], c.id in conflicted, last) for c in claims]
    return [
        m for m in drawn if m is not None and (since is None or m.end >= since) and (until is None or m.start <= until)
    ]


def _mark(facts: FactBase, claim: ClaimBase, lane: lanes.Lane, conflict: bool, last: date) -> Mark | None:
    shape, value = _shape(claim), claim.when
    if shape is None or value is None or claim.lane is None:
        return None
    early, late = value.earliest, value.latest
    ended = facts.ended(claim) if claim.valid is not None else None
    open_start, open_end = early is None, late is None and ended is None
    if late is not None or ended is not None:
        late = min(d for d in (late, ended) if d is not None)
    if early is None:
        assert late is not None  # an interval has a start or an end
        early = late - timedelta(days=FADE_DAYS)
    elif late is None:
        late = last if value.is_open else early + timedelta(days=FADE_DAYS)
    approximate = any(q in value for q in "~?%")
    return Mark(
        claim, claim.lane, lane.panel, lane.row, early, late, shape, conflict, approximate, open_start, open_end
    )


def recent(facts: FactBase, years: int = RECENT_YEARS) -> date | None:
    """The first of January ``years`` - 1 years before the last year the claims' dates reach (the window of
    ``docs/timeline-recent.png``); None when no claim is dated."""
    known = _known(marks(facts))
    return date(max(known).year - years + 1, 1, 1) if known else None


def _known(drawn: list[Mark]) -> list[date]:
    """The days the drawn claims' dates give (not where open ends or fades are drawn to)."""
    return [d for m in drawn if m.claim.when is not None for d in (m.claim.when.earliest, m.claim.when.latest) if d]


def layout(drawn: list[Mark]) -> list[tuple[str, list[str]]]:
    """The panels in drawing order (most claims first; SEVERAL and ELSEWHERE last), each with its rows in order
    (the country's own authorities first, then by first day)."""
    first: dict[tuple[str, str], date] = {}
    for mark in drawn:
        key = (mark.panel, mark.row)
        first[key] = min(first.get(key, mark.start), mark.start)
    size = Counter(m.panel for m in drawn)
    panels = sorted(size, key=lambda p: (p in (lanes.SEVERAL, lanes.ELSEWHERE), p == lanes.ELSEWHERE, -size[p], p))
    found = []
    for panel in panels:
        rows = [row for p, row in first if p == panel]
        found.append((panel, sorted(rows, key=lambda r: (r != panel, r == lanes.OTHERS, first[(panel, r)], r))))
    return found


def draw(facts: FactBase, since: date | None = None, until: date | None = None) -> Figure:
    """The timeline figure of ``facts``, from ``since`` to ``until`` where given."""
    import matplotlib.dates as mdates
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    drawn = marks(facts, since, until)
    panels = layout(drawn)
    rows = sum(len(r) for _, r in panels)
    height = round(TOP + BOTTOM + HEADING * len(panels) + ROW * rows, 2)  # whole pixels at 100 dpi
    figure = Figure(figsize=(WIDTH, height), dpi=100)
    FigureCanvasAgg(figure)
    low = since or min(m.start for m in drawn) - timedelta(days=MARGIN_DAYS)
    high = until or max(m.end for m in drawn) + timedelta(days=MARGIN_DAYS)
    axes_of: dict[str, Axes] = {}
    top = height - TOP
    shared: Axes | None = None
    for panel, panel_rows in panels:
        top -= HEADING
        box = (LEFT / WIDTH, (top - ROW * len(panel_rows)) / height, 1 - (LEFT + RIGHT) / WIDTH)
        axes = figure.add_axes((*box, ROW * len(panel_rows) / height), sharex=shared)
        shared = shared or axes
        top -= ROW * len(panel_rows)
        axes.set_ylim(len(panel_rows) - 0.5, -0.5)
        axes.set_xlim(mdates.date2num(low), mdates.date2num(high))
        axes.set_yticks(range(len(panel_rows)), [_row_name(facts, r, panel) for r in panel_rows], fontsize=8)
        axes.set_title(lanes.title(facts, panel), loc="left", fontsize=10, fontweight="bold", pad=3, color=INK)
        axes.grid(axis="x", alpha=0.25)
        axes.tick_params(axis="x", labelbottom=False, length=0)
        for spine in ("top", "right"):
            axes.spines[spine].set_visible(False)
        axes_of[panel] = axes
        row_of = {r: i for i, r in enumerate(panel_rows)}
        for i in range(1, len(panel_rows), 2):  # every other row shaded, so that labels read with their row
            axes.axhspan(i - 0.5, i + 0.5, color="#f3f1ec", zorder=0, linewidth=0)
        for mark in (m for m in drawn if m.panel == panel):
            _draw_mark(axes, mark, row_of[mark.row], mdates.date2num)
    assert shared is not None
    last = axes_of[panels[-1][0]]
    last.tick_params(axis="x", labelbottom=True, length=3)
    locator = mdates.AutoDateLocator(minticks=6, maxticks=16)
    last.xaxis.set_major_locator(locator)
    last.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    rows_of = {panel: {r: i for i, r in enumerate(panel_rows)} for panel, panel_rows in panels}
    left_out = _label(figure, facts, drawn, axes_of, rows_of, mdates.date2num)
    _link_conflicts(figure, drawn, axes_of, rows_of, mdates.date2num)
    _frame(figure, facts, drawn, left_out, height, (since, until))
    return figure


def _row_name(facts: FactBase, row: str, panel: str) -> str:
    return labels.name(facts, row) if row not in (lanes.OTHERS, panel) else lanes.title(facts, row, panel)


def _centre(mark: Mark) -> date:
    return mark.start + (mark.end - mark.start) / 2


def _draw_mark(axes: Axes, mark: Mark, y: int, num: Any) -> None:
    """Draw one mark at row ``y`` of ``axes``; the mark's main artist carries the claim's ID."""
    tint, edge = colour(mark.claim.kind), CONFLICT if mark.conflict else "none"
    start, span = num(mark.start), max((mark.end - mark.start).days + 1, 1)
    if mark.shape in ("point", "observation"):
        (point,) = axes.plot(
            start,
            y,
            "o" if mark.shape == "point" else "D",
            color=tint,
            markersize=6.5 if mark.shape == "point" else 5.5,
            markeredgecolor=CONFLICT if mark.conflict else INK,
            markeredgewidth=1.4 if mark.conflict else 0.5,
            zorder=3,
        )
        point.set_gid(mark.claim.id)
        return
    if mark.shape == "fade":
        steps = 8
        for step in range(steps):
            # Opaque at the known day, clear towards the day the data does not give.
            share = (step + 0.5) / steps
            strength = share if mark.open_start else 1 - share
            axes.barh(y, span / steps, left=start + span * step / steps, height=0.34, color=tint, alpha=0.85 * strength)
        known = mark.end if mark.open_start else mark.start
        (tick,) = axes.plot(num(known), y, "|", color=tint, markersize=11, markeredgewidth=2, zorder=3)
        tick.set_gid(mark.claim.id)
        if mark.conflict:
            tick.set_markeredgecolor(CONFLICT)
        return
    band = mark.shape == "band"
    (bar,) = axes.barh(
        y,
        span,
        left=start,
        height=0.56 if band else 0.3,
        color=tint,
        alpha=0.35 if band else 0.9,
        edgecolor=edge,
        linewidth=1.4,
        hatch="////" if mark.approximate else None,
        zorder=2 if band else 2.5,
    )
    bar.set_gid(mark.claim.id)
    if mark.open_end:
        (arrow,) = axes.plot(
            num(mark.end), y, ">", color=tint, markersize=7, markeredgecolor=INK, markeredgewidth=0.5, zorder=3
        )
        arrow.set_gid(f"open-end:{mark.claim.id}")


def _label(
    figure: Figure,
    facts: FactBase,
    drawn: list[Mark],
    axes_of: dict[str, Axes],
    rows_of: dict[str, dict[str, int]],
    num: Any,
) -> int:
    """Label every mark that has room (:func:`.labels.place`); return how many were left out."""
    renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]
    left_out = 0
    for panel, axes in axes_of.items():
        left, right = axes.get_window_extent(renderer).x0, axes.get_window_extent(renderer).x1 + 2
        for row, y in rows_of[panel].items():
            here = sorted((m for m in drawn if m.panel == panel and m.row == row), key=lambda m: (m.start, m.claim.id))
            texts, spans = [], []
            for mark in here:
                at = num(mark.end if mark.open_start else mark.start)
                text = axes.annotate(
                    labels.short(facts, mark.claim),
                    (at, y),
                    xytext=(2, 0),
                    textcoords="offset points",
                    fontsize=LABEL_SIZE,
                    color=INK,
                    va="center",
                    annotation_clip=False,
                )
                text.set_gid(f"label:{mark.claim.id}")
                box = text.get_window_extent(renderer)
                if box.x1 > right:  # no room to the right: the label ends at its mark instead
                    text.set_horizontalalignment("right")
                    text.set_position((-2, 0))
                    box = text.get_window_extent(renderer)
                texts.append(text)
                spans.append((box.x0, box.x1))
            for text, tier, (start, end) in zip(texts, labels.place(spans, TIERS, gap=4.0), spans, strict=True):
                if tier is None or end > right or start < left:
                    text.remove()
                    left_out += 1
                    continue
                text.xy = (text.xy[0], y - 0.19 if tier == 0 else y + 0.19)
                text.set_verticalalignment("bottom" if tier == 0 else "top")
    return left_out


def _link_conflicts(
    figure: Figure,
    drawn: list[Mark],
    axes_of: dict[str, Axes],
    rows_of: dict[str, dict[str, int]],
    num: Any,
) -> None:
    """Join each pair of drawn claims in conflict with a red dotted line, ``conflict:A|B`` (A before B by ID)."""
    from matplotlib.patches import ConnectionPatch

    by_id = {m.claim.id: m for m in drawn}
    pairs = sorted(
        {tuple(sorted((m.claim.id, o))) for m in drawn for o in m.claim.conflicts_with if o in by_id},
    )
    for a, b in pairs:
        one, two = by_id[a], by_id[b]
        link = ConnectionPatch(
            (num(_centre(one)), rows_of[one.panel][one.row]),
            (num(_centre(two)), rows_of[two.panel][two.row]),
            coordsA="data",
            coordsB="data",
            axesA=axes_of[one.panel],
            axesB=axes_of[two.panel],
            color=CONFLICT,
            linestyle=":",
            linewidth=1.3,
            connectionstyle="arc3,rad=0.25",
            zorder=4,
        )
        link.set_gid(f"conflict:{a}|{b}")
        figure.add_artist(link)


def _frame(
    figure: Figure,
    facts: FactBase,
    drawn: list[Mark],
    left_out: int,
    height: float,
    window: tuple[date | None, date | None],
) -> None:
    """Title (with the years of the claims in ``window``), legend and the note on labels."""
    since, until = window
    from matplotlib.artist import Artist
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    version = f" {facts.version}" if facts.version else ""
    known = _known(drawn) or [m.start for m in drawn]
    first = max(min(known), since or date.min).year
    last = min(max(known), until or date.max).year
    figure.suptitle(
        f"sahel-facts{version}: dated claims {first}–{last}, by the country they happen in and the force",
        x=LEFT / WIDTH,
        y=1 - 0.2 / height,
        ha="left",
        fontsize=13,
        fontweight="bold",
        color=INK,
    )
    kinds = sorted({m.claim.kind for m in drawn})
    legend: list[Artist] = [Patch(color=colour(k), label=k.replace("_", " ")) for k in kinds]
    legend += [
        Line2D([], [], marker="o", linestyle="", color="#999999", markeredgecolor=INK, label="event on a known day"),
        Line2D([], [], marker="D", linestyle="", color="#999999", markeredgecolor=INK, label="count or state observed"),
        Patch(color="#999999", alpha=0.35, label="date known to a month or year"),
        Patch(facecolor="#dddddd", hatch="////", edgecolor="#777777", label="approximate or uncertain date"),
        Line2D([], [], marker=">", linestyle="-", color="#999999", label="still going on"),
        Line2D([], [], marker="|", linestyle="", color="#999999", markersize=10, label="fades: start or end not known"),
        Line2D([], [], linestyle=":", color=CONFLICT, label="claims in conflict (red outline)"),
    ]
    figure.legend(
        handles=legend,
        loc="lower left",
        bbox_to_anchor=(LEFT / WIDTH, 0.15 / height),
        ncol=7,
        fontsize=7.5,
        frameon=False,
    )
    note = (
        f"{len(drawn)} claims. Labels go in date order; {left_out} that would overlap an earlier one are left out "
        "(every claim is in the data). Narrow the years with --since and --until to see more."
    )
    figure.text(LEFT / WIDTH, 1.02 / height, note, fontsize=7.5, color="#555555")
