"""Where the timeline draws a claim: a panel for the country it happens in, a row for the force.

The countries of the panels are those of the data: every country where a place or
facility of the data lies (:func:`hosts`). A claim is in the panel of the country it
happens in: the country of its facility or place, or its ``country`` field, when that
is such a country; otherwise the one such country it names (directly, or through an
organisation's, place's or person's country). A claim naming several of them and
placed in none (an alliance, a regional operation) is in :data:`SEVERAL`; one naming
none is in :data:`ELSEWHERE`.

Within a panel, a claim's row is the side its actor (the first entity it is about)
belongs to: the actor's country (French forces, an operation of France's, and France
itself are one row) or, for an organisation of no country (a UN or EU mission), the
organisation. Forces with a single claim in a panel share the row :data:`OTHERS`,
when there are two or more of them.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ..factbase import FactBase
from ..model.claims import ClaimBase
from ..model.entities import Facility, Organisation, Person, Place

#: The panel of claims naming several countries of the data and placed in none of them.
SEVERAL = "several"
#: The panel of claims naming no country of the data.
ELSEWHERE = "elsewhere"
#: The row of the forces with a single claim in a panel.
OTHERS = "others"
PANEL_TITLES = {SEVERAL: "Several countries", ELSEWHERE: "Outside these countries"}


@dataclass(frozen=True)
class Lane:
    """A claim's place on the timeline: its panel (a country ID, SEVERAL or ELSEWHERE) and row."""

    panel: str
    row: str
    """The ID of the actor's side (a country or an organisation), or OTHERS."""


def hosts(facts: FactBase) -> frozenset[str]:
    """The IDs of the countries where a place or facility of the data lies."""
    return frozenset(e.country for e in facts.entities if isinstance(e, (Place, Facility)) and e.country)


def country_of(facts: FactBase, record_id: str) -> str | None:
    """The country an entity belongs to or lies in: a country itself, an organisation's, place's or facility's
    country, a person's first organisation's; None when the data says none."""
    if record_id.startswith("country:"):
        return record_id
    record = facts.get(record_id)
    if isinstance(record, (Organisation, Place, Facility)):
        return record.country
    if isinstance(record, Person):
        found = (country_of(facts, r.organisation) for r in record.roles if r.organisation)
        return next((c for c in found if c), None)
    return None


def panel_of(facts: FactBase, claim: ClaimBase, among: frozenset[str]) -> str:
    """The country (of ``among``) the claim happens in, or SEVERAL or ELSEWHERE."""
    placed = [getattr(claim, name, None) for name in ("facility", "place", "country")]
    where = [country_of(facts, p) for p in placed if isinstance(p, str)]
    inside = [c for c in where if c in among]
    if inside:
        return inside[0]
    named = [*getattr(claim, "countries", ()), *claim.subject]
    countries = list(dict.fromkeys(c for c in map(lambda i: country_of(facts, i), named) if c in among))
    return countries[0] if len(countries) == 1 else SEVERAL if countries else ELSEWHERE


def side_of(facts: FactBase, actor: str) -> str:
    """The row an actor is drawn in: its country, or the actor itself when it has none."""
    return country_of(facts, actor) or actor


def lanes(facts: FactBase, claims: list[ClaimBase]) -> dict[str, Lane]:
    """Each claim's lane, by claim ID (claims without an actor are left out)."""
    among = hosts(facts)
    first = {c.id: (panel_of(facts, c, among), side_of(facts, c.lane)) for c in claims if c.lane}
    count = Counter(first.values())
    lonely = Counter(panel for (panel, _), n in count.items() if n == 1)
    return {
        cid: Lane(panel, OTHERS if count[(panel, row)] == 1 and lonely[panel] > 1 else row)
        for cid, (panel, row) in first.items()
    }


def title(facts: FactBase, panel_or_row: str, panel: str | None = None) -> str:
    """What a panel or row is called: the entity's name; a row of the panel's own country is 'authorities'."""
    if panel_or_row == OTHERS:
        return "others"
    if panel_or_row in PANEL_TITLES:
        return PANEL_TITLES[panel_or_row]
    if panel is not None and panel_or_row == panel:
        return "authorities"
    return str(getattr(facts.get(panel_or_row), "name", panel_or_row))
