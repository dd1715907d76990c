"""The map: the data's towns and facilities, named, on Natural Earth's borders, with stated distances.

The map is framed on the points of the data, :data:`MARGIN` degrees around them.
Borders are Natural Earth's admin-0 countries at 1:50m (:mod:`.borders`, shipped with
the package: nothing is fetched); the countries where the data's places and
facilities lie are shaded.

A town is a dot and a facility with its own point a triangle. Each town has one
label: its name, then the facilities the data places there (:attr:`Facility.place`),
one a line; a facility in no located town is labelled alone. A facility without a
point of its own is named under its town, without a triangle; one with neither is
listed in the note below the map. Labels are moved apart by adjustText so that none
covers another. A stated distance is a line between its two ends, labelled with the
distance as the source gives it, in the colour of the ``distance`` kind.

Every point carries its entity's ID as its ``gid``, every label ``label:`` and the ID
of its town (or lone facility), every distance line its claim's ID.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..factbase import FactBase
from ..model.claims import Distance
from ..model.entities import Coordinates, Facility, Place
from . import borders, lanes
from .palette import INK, colour

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.path import Path
    from matplotlib.text import Text

#: Degrees of margin around the located entities.
MARGIN = 2.0
#: The least width and height of the map, in degrees.
MIN_SPAN = (16.0, 10.0)
#: Fill of the countries where the data's places lie, of the others, and of the sea.
HOST, OTHER, SEA = "#eadfc8", "#f7f5f0", "#dce9f2"
#: Marker of a town, of a facility.
TOWN, FACILITY = "o", "^"
POINT = "#7b241c"
#: Countries smaller than this (square degrees) are not named: their name would cover their neighbours.
SMALL = 2.0
#: Figure width; left, right, top and bottom margins around the map, in inches.
WIDTH, LEFT, RIGHT, TOP, BOTTOM = 14.0, 0.7, 0.2, 0.5, 0.9


@dataclass(frozen=True)
class Name:
    """A country's name on the map, and the piece of the country it must stay in."""

    text: Text
    piece: Path


@dataclass(frozen=True)
class Site:
    """A label on the map: a town (or a facility in no located town) and the facilities named under it."""

    anchor: Place | Facility
    facilities: tuple[Facility, ...]

    @property
    def lines(self) -> list[str]:
        """The label's lines: the anchor's name, then each facility's, in full (a map has room for them)."""
        return [self.anchor.name, *(f"  ▴ {f.name}" for f in self.facilities)]


def located(facts: FactBase) -> list[Place | Facility]:
    """Every place and facility with coordinates."""
    return [e for e in facts.entities if isinstance(e, (Place, Facility)) and e.coordinates is not None]


def sites(facts: FactBase) -> tuple[list[Site], list[Facility]]:
    """The labels of the map, and the facilities it cannot place (no point, and no located town)."""
    points = {e.id: e for e in located(facts)}
    towns = {pid: e for pid, e in points.items() if isinstance(e, Place)}
    under: dict[str, list[Facility]] = {t: [] for t in towns}
    alone: list[Facility] = []
    unplaced: list[Facility] = []
    for facility in (e for e in facts.entities if isinstance(e, Facility)):
        if facility.place in towns:
            under[facility.place].append(facility)
        elif facility.id in points:
            alone.append(facility)
        else:
            unplaced.append(facility)
    found = [Site(towns[t], tuple(sorted(under[t], key=lambda f: f.name))) for t in towns]
    found += [Site(f, ()) for f in alone]
    return sorted(found, key=lambda s: s.anchor.id), sorted(unplaced, key=lambda f: f.id)


def distances(facts: FactBase) -> list[Distance]:
    """Every active distance claim whose two endpoints have coordinates."""
    points = {e.id for e in located(facts)}
    found = (c for c in facts.claims(kind="distance") if isinstance(c, Distance))
    return [c for c in found if c.origin in points and c.destination in points]


def _point(facts: FactBase, record_id: str) -> Coordinates:
    """The coordinates of a located entity (``distances`` keeps only claims between such)."""
    record = facts[record_id]
    assert isinstance(record, (Place, Facility)) and record.coordinates is not None
    return record.coordinates


def frame(facts: FactBase) -> tuple[float, float, float, float]:
    """West, south, east and north edges of the map: every located entity, MARGIN degrees around, widened
    evenly to at least MIN_SPAN so that a few close points still show the countries around them."""
    points = [e.coordinates for e in located(facts) if e.coordinates is not None]
    lons, lats = [p.lon for p in points] or [2.0], [p.lat for p in points] or [14.0]
    west, south, east, north = min(lons) - MARGIN, min(lats) - MARGIN, max(lons) + MARGIN, max(lats) + MARGIN
    wider, taller = max(MIN_SPAN[0] - (east - west), 0) / 2, max(MIN_SPAN[1] - (north - south), 0) / 2
    return west - wider, south - taller, east + wider, north + taller


def draw(facts: FactBase) -> Figure:
    """The map figure of ``facts``."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    west, south, east, north = frame(facts)
    stretch = 1 / math.cos(math.radians((south + north) / 2))
    inner = WIDTH - LEFT - RIGHT
    tall = inner * (north - south) * stretch / (east - west)
    bottom = BOTTOM + NOTE_LINE * _wrapped(NOTE, sites(facts)[1]).count("\n")
    height = round(tall + TOP + bottom, 2)  # whole pixels at 100 dpi
    # A fixed layout, sized to the frame: labels are placed against what will be drawn.
    figure = Figure(figsize=(WIDTH, height), dpi=100)
    FigureCanvasAgg(figure)
    axes = figure.add_axes((LEFT / WIDTH, bottom / height, inner / WIDTH, tall / height))
    axes.set_facecolor(SEA)
    countries = _borders(axes, lanes.hosts(facts), (west, south, east, north))
    stated = [_distance(axes, facts, claim) for claim in distances(facts)]
    placed, unplaced = sites(facts)
    for entity in sorted(located(facts), key=lambda e: e.id):
        point = _point(facts, entity.id)
        (marker,) = axes.plot(
            point.lon,
            point.lat,
            FACILITY if isinstance(entity, Facility) else TOWN,
            color=POINT,
            markersize=7 if isinstance(entity, Facility) else 5,
            markeredgecolor="white",
            markeredgewidth=0.8,
            zorder=4,
        )
        marker.set_gid(entity.id)
    axes.set_xlim(west, east)
    axes.set_ylim(south, north)
    axes.set_aspect(stretch)
    axes.apply_aspect()
    texts = _spread(axes, facts, placed, distances(facts), stated)
    every = [(e.coordinates.lon, e.coordinates.lat) for e in located(facts) if e.coordinates is not None]
    _settle(axes, countries, [*texts, *stated], every)
    axes.tick_params(labelsize=8)
    axes.set_xlabel("longitude (°E)", fontsize=8)
    axes.set_ylabel("latitude (°N)", fontsize=8)
    version = f" {facts.version}" if facts.version else ""
    axes.set_title(f"sahel-facts{version}: towns and facilities in the data, and stated distances", fontsize=13)
    _note(figure, unplaced)
    return figure


def _borders(axes: Axes, hosts: frozenset[str], box: tuple[float, float, float, float]) -> list[Name]:
    """Draw the countries that meet ``box``, shading those of ``hosts``; return their names, each at the centre
    of the largest piece of the country in ``box`` (none for a piece smaller than SMALL)."""
    from matplotlib.patches import Polygon
    from matplotlib.path import Path

    west, south, east, north = box
    names = []
    for country in borders.countries():
        w, s, e, n = country.bbox
        if e < west or w > east or n < south or s > north:
            continue
        fill = HOST if f"country:{country.alpha3}" in hosts else OTHER
        for polygon in country.polygons:
            for ring in polygon[:1]:
                axes.add_patch(Polygon(ring, closed=True, facecolor=fill, edgecolor="#8c8479", linewidth=0.7))
        piece = borders.inside(country, box)
        if piece is None or abs(borders.area(piece)) < SMALL:
            continue
        x, y = borders.centroid(piece)
        text = axes.text(
            x,
            y,
            country.name.upper(),
            ha="center",
            va="center",
            fontsize=9 if fill == HOST else 7.5,
            color="#8a7f70",
            fontweight="bold" if fill == HOST else "normal",
            zorder=2,  # above every country's outline, below points and lines
        )
        names.append(Name(text, Path(piece, closed=True)))
    return names


def _distance(axes: Axes, facts: FactBase, claim: Distance) -> Text:
    a, b = _point(facts, claim.origin), _point(facts, claim.destination)
    tint = colour("distance")
    (line,) = axes.plot([a.lon, b.lon], [a.lat, b.lat], linestyle="--", color=tint, linewidth=1.6, zorder=3)
    line.set_gid(claim.id)
    said = " (".join(m.text if m.text != "unknown" else f"{m.value} {m.unit}" for m in claim.measures)
    said += ")" * (len(claim.measures) - 1)
    label = axes.annotate(
        f"stated: {said}",
        ((a.lon + b.lon) / 2, (a.lat + b.lat) / 2),
        xytext=(0, 3),
        textcoords="offset points",
        fontsize=7.5,
        color=tint,
        fontweight="bold",
        rotation=math.degrees(math.atan2(b.lat - a.lat, b.lon - a.lon)),
        rotation_mode="anchor",
        ha="center",
        va="bottom",
        transform_rotates_text=True,
        zorder=3,
    )
    label.set_gid(f"distance-label:{claim.id}")
    return label


def _along(axes: Axes, label: Text) -> list[tuple[float, float]]:
    """Points (data coordinates) a text height apart over a rotated label, for labels to keep clear of."""
    renderer = axes.figure.canvas.get_renderer()  # type: ignore[attr-defined]
    turned = label.get_rotation()
    label.set_rotation(0)
    flat = label.get_window_extent(renderer)
    label.set_rotation(turned)
    box = label.get_window_extent(renderer)
    x, y = (box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2
    dx, dy = math.cos(math.radians(turned)), math.sin(math.radians(turned))
    steps = max(int(flat.width // flat.height), 1)
    inverse = axes.transData.inverted()
    spots = []
    for step in range(steps + 1):
        along = flat.width * (step / steps - 0.5)
        for across in (-flat.height / 2, flat.height / 2):
            spot = inverse.transform((x + along * dx - across * dy, y + along * dy + across * dx))
            spots.append((float(spot[0]), float(spot[1])))
    return spots


def _spread(axes: Axes, facts: FactBase, placed: list[Site], drawn: list[Distance], stated: list[Text]) -> list[Text]:
    """Write each site's label where it covers no other label, point, distance line or its label (textalloc),
    with a line back to its point when it had to move away; return the labels, in the order of ``placed``."""
    import textalloc
    from matplotlib.patheffects import withStroke
    from matplotlib.text import Text

    if not placed:
        return []
    points = [_point(facts, site.anchor.id) for site in placed]
    every = [e.coordinates for e in located(facts) if e.coordinates is not None]
    said = [point for label in stated for point in _along(axes, label)]
    ends = [(_point(facts, c.origin), _point(facts, c.destination)) for c in drawn]
    lines: dict[str, Any] = {}
    if ends:
        lines = {"x_lines": [[a.lon, b.lon] for a, b in ends], "y_lines": [[a.lat, b.lat] for a, b in ends]}
    _, _, texts, _ = textalloc.allocate(
        axes,
        [p.lon for p in points],
        [p.lat for p in points],
        ["\n".join(site.lines) for site in placed],
        x_scatter=[p.lon for p in every] + [x for x, _ in said],
        y_scatter=[p.lat for p in every] + [y for _, y in said],
        **lines,
        textsize=7.5,
        margin=0.004,
        min_distance=0.006,
        max_distance=0.15,
        linecolor="#555555",
        linewidth=0.7,
        plot_kwargs={"zorder": 4.5},
        textcolor=INK,
        nbr_candidates=400,
        avoid_label_lines_overlap=True,
        avoid_crossing_label_lines=True,
        multialignment="left",
        linespacing=1.15,
        zorder=5,
        path_effects=[withStroke(linewidth=2.5, foreground="white")],  # readable over borders
    )
    written = [t for t in texts if isinstance(t, Text)]
    for text, site in zip(written, placed, strict=True):
        text.set_gid(f"label:{site.anchor.id}")
    return written


#: Where a country's name may go instead of its centre when a label covers that, in degrees (east, north).
NUDGES = ((0, 0), (0, -1.5), (0, 1.5), (-2.5, 0), (2.5, 0), (0, -3), (0, 3), (-2.5, -2), (2.5, 2), (2.5, -2), (-2.5, 2))


def _settle(axes: Axes, names: list[Name], texts: list[Text], points: list[tuple[float, float]]) -> None:
    """Move each country's name to the first of NUDGES where it stays in its country and covers no label and
    no point; hide it where none is free."""
    from matplotlib.transforms import Bbox

    renderer = axes.figure.canvas.get_renderer()  # type: ignore[attr-defined]
    taken = [t.get_window_extent(renderer) for t in texts]
    for x, y in axes.transData.transform(points) if points else ():
        taken.append(Bbox.from_extents(x - 4, y - 4, x + 4, y + 4))
    for name in names:
        x, y = name.text.get_position()
        for dx, dy in NUDGES:
            name.text.set_position((x + dx, y + dy))
            box = name.text.get_window_extent(renderer)
            if (
                name.piece.contains_point((x + dx, y + dy))
                and not any(box.overlaps(other) for other in taken)
                and axes.bbox.contains(box.x0, box.y0)
                and axes.bbox.contains(box.x1, box.y1)
            ):
                taken.append(box)
                break
        else:
            name.text.set_visible(False)


#: Characters a line of the note below the map, and the height of a line in inches.
NOTE_WIDTH, NOTE_LINE = 190, 0.13
NOTE = (
    "Borders: Natural Earth 1:50m admin-0 (public domain), de facto lines. ● town  ▲ a facility's own point  "
    "▴ a facility at the town named above it. Shaded: countries where the data's places lie."
)


def _note(figure: Figure, unplaced: list[Facility]) -> None:
    text = _wrapped(NOTE, unplaced)
    figure.text(LEFT / WIDTH, 0.12 / figure.get_figheight(), text, fontsize=7.5, color="#555555", va="bottom")


def _wrapped(note: str, unplaced: list[Facility]) -> str:
    """The note, with the facilities not on the map, wrapped to the width of the figure."""
    import textwrap

    if unplaced:
        note += " Not on the map (no point in the data): " + "; ".join(f.name for f in unplaced) + "."
    return "\n".join(textwrap.wrap(note, NOTE_WIDTH))
