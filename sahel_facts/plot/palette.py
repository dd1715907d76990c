"""The one palette of the pictures: a colour for each claim kind, the same in every figure and legend.

Colours are from Kenneth Kelly's 22 colours of maximum contrast (1965), without
white and black, so that any two kinds can be told apart on a printed page. The
kinds that change who is where (deployments, withdrawals, handovers, orders to
leave, missions) have the strongest; a kind registered later and not listed here
takes the first colour no kind has, so that no two kinds ever share one while
colours last.
"""

from __future__ import annotations

from functools import cache

from ..model.kinds import KINDS

#: A kind's colour, by the kind's registered name.
KIND_COLOURS: dict[str, str] = {
    "deployment": "#0067A5",  # strong blue
    "withdrawal": "#F38400",  # vivid orange
    "handover": "#875692",  # strong purple
    "expulsion_order": "#BE0032",  # vivid red
    "mission": "#008856",  # vivid green
    "membership": "#882D17",  # reddish brown
    "coup": "#2B3D26",  # dark olive green
    "attack": "#E25822",  # reddish orange
    "agreement": "#8DB600",  # yellow green
    "troop_count": "#A1CAF1",  # very light blue
    "facility_use": "#F99379",  # yellowish pink
    "relations": "#C2B280",  # greyish yellow
    "statement": "#848482",  # medium grey
    "assessment": "#B3446C",  # purplish red
    "election": "#F6A600",  # orange yellow
    "protest": "#E68FAC",  # purplish pink
    "invasion": "#654522",  # yellowish brown
    "expenditure": "#DCD300",  # greenish yellow
    "distance": "#604E97",  # violet: a line on the map, to be seen on any country
}
#: Kelly colours no kind above has, for kinds registered later.
SPARE = ("#F3C300", "#222222")
#: The outline of a claim in conflict with another, and of the line that links the two.
CONFLICT = "#c0392b"
#: Ink for text and outlines that belong to no kind.
INK = "#333333"


@cache
def kind_colours() -> dict[str, str]:
    """Every registered claim kind's colour (hex): KIND_COLOURS, then SPARE for kinds it does not list."""
    spare = iter(SPARE)
    return {kind: KIND_COLOURS.get(kind) or next(spare, "#999999") for kind in KINDS.names("claim")}


def colour(kind: str) -> str:
    """The colour of the claim kind ``kind``."""
    return kind_colours().get(kind, "#999999")
