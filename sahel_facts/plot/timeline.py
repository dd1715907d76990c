"""The timeline: dated claims in lanes, one lane per force or country.

Each claim kind has one colour, the same in every figure (by its place in the kind
registry). An event on a known day is a point; a state (a ``valid`` interval from a
known start, or an event over known days) is a bar; a date known only to a month, a
year or roughly (``2024-05``, ``2024-05~``), or an interval with an open or unknown
end, is a pale band over every day it can mean, never a point; a state that a
completed withdrawal or a handover ended (:meth:`FactBase.ended`) stops on that day. Observations
(``as_of``) are diamonds. Claims in conflict are outlined in red. Every mark carries
the claim's ID as its ``gid`` (an SVG element id), so what is drawn can be checked
against the data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from ..factbase import FactBase
from ..model.claims import ClaimBase
from ..model.dates import EDTF
from ..model.kinds import KINDS

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

CONFLICT = "#c0392b"


@dataclass(frozen=True)
class Mark:
    """One claim as drawn: its lane, its days, and how it is drawn."""

    claim: ClaimBase
    lane: str
    start: date
    end: date
    shape: str
    """point, bar, band (an imprecise date) or observation."""
    conflict: bool


def _when(claim: ClaimBase) -> tuple[EDTF, str] | None:
    """The claim's time and how to draw it, by the time field its kind gave it."""
    value, field = claim.when, claim.time_field
    if value is None:
        return None
    if field == "valid":
        return value, "bar" if value.earliest is not None else "band"
    precise = value.earliest == value.latest and value.earliest is not None
    if field == "as_of":
        return value, ("observation" if precise else "band")
    closed = value.is_interval and None not in (value.earliest, value.latest) and "~" not in value and "?" not in value
    return value, ("point" if precise else "bar" if closed else "band")


def marks(facts: FactBase, since: date | None = None) -> list[Mark]:
    """Every dated, lane-able claim that is not retracted (ending on or after ``since``), as it will be drawn."""
    conflicted = {c.id for c in facts.claims() if facts.conflicts(c.id)}
    dated = []
    for claim in facts.claims():
        when, lane = _when(claim), claim.lane
        if when is None or lane is None:
            continue
        dated.append((claim, lane, *when))
    known = [d for _, _, value, _ in dated for d in (value.earliest, value.latest) if d is not None]
    if not known:
        return []
    first, last = min(known) - timedelta(days=30), max(known) + timedelta(days=30)
    drawn = [
        Mark(
            claim,
            lane,
            value.earliest or first,
            _end(facts, claim, value.latest or last),
            shape,
            claim.id in conflicted,
        )
        for claim, lane, value, shape in dated
    ]
    return [m for m in drawn if since is None or m.end >= since]


def _end(facts: FactBase, claim: ClaimBase, end: date) -> date:
    """The last day to draw: a state's end, or sooner, the day a withdrawal had ended the presence it places."""
    ended = facts.ended(claim) if claim.valid is not None else None
    return end if ended is None else min(end, ended)


def draw(facts: FactBase, since: date | None = None) -> Figure:
    """The timeline figure of ``facts`` (claims from ``since`` on, where given)."""
    import matplotlib.dates as mdates
    from matplotlib.artist import Artist
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    drawn = marks(facts, since)
    lanes = sorted({m.lane for m in drawn}, key=lambda lane: (lane.split(":")[0], lane))
    row = {lane: index for index, lane in enumerate(lanes)}
    kinds = sorted({m.claim.kind for m in drawn})
    colour = kind_colours()
    figure = Figure(figsize=(15, 1.4 + 0.55 * len(lanes)), dpi=100, layout="constrained")
    axes = figure.add_subplot()
    for mark in drawn:
        y, edge = row[mark.lane], CONFLICT if mark.conflict else "none"
        start, span = mdates.date2num(mark.start), max((mark.end - mark.start).days + 1, 1)
        if mark.shape in ("bar", "band"):
            alpha, height = (0.85, 0.36) if mark.shape == "bar" else (0.3, 0.6)
            (bar,) = axes.barh(
                y,
                span,
                left=start,
                height=height,
                color=colour[mark.claim.kind],
                alpha=alpha,
                edgecolor=edge,
                linewidth=1.5,
            )
            bar.set_gid(mark.claim.id)
        else:
            symbol = "o" if mark.shape == "point" else "D"
            (point,) = axes.plot(
                start,
                y,
                symbol,
                color=colour[mark.claim.kind],
                markersize=8,
                markeredgecolor=edge if mark.conflict else "white",
                markeredgewidth=1.5,
            )
            point.set_gid(mark.claim.id)
    axes.set_yticks(range(len(lanes)), [_name(facts, lane) for lane in lanes])
    axes.invert_yaxis()
    locator = mdates.AutoDateLocator(minticks=6, maxticks=14)
    axes.xaxis.set_major_locator(locator)
    axes.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    if since is not None:
        axes.set_xlim(left=mdates.date2num(since))
    axes.grid(axis="x", alpha=0.3)
    version = f" {facts.version}" if facts.version else ""
    axes.set_title(f"sahel-facts{version}: dated claims, one lane per force or country")
    legend: list[Artist] = [Patch(color=colour[k], label=k.replace("_", " ")) for k in kinds]
    legend += [
        Line2D([], [], marker="o", linestyle="", color="grey", label="event on a known day"),
        Line2D([], [], marker="D", linestyle="", color="grey", label="observation"),
        Patch(color="grey", alpha=0.3, label="imprecise date: every day it can mean"),
        Patch(facecolor="white", edgecolor=CONFLICT, linewidth=1.5, label="in conflict with another claim"),
    ]
    axes.legend(handles=legend, loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8, frameon=False)
    return figure


def _name(facts: FactBase, record_id: str) -> str:
    record = facts.get(record_id)
    return getattr(record, "name", record_id)


def kind_colours() -> dict[str, tuple[float, float, float, float]]:
    """Each claim kind's colour, by its place in the kind registry: a kind is drawn alike in every figure.

    The 20 colours of matplotlib's ``tab20`` are taken dark ones first, then their pale
    pairs, so that the first ten kinds are the most distinct; past 20 kinds colours repeat.
    """
    from matplotlib import colormaps

    cmap = colormaps["tab20"]
    order = [*range(0, 20, 2), *range(1, 20, 2)]
    return {name: cmap(order[i % 20]) for i, name in enumerate(KINDS.names("claim"))}
