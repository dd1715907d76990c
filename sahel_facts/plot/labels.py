"""Short labels for the pictures, and where they can go without covering each other.

A claim's label is made from its kind and fields, not cut from its summary: the
kind and what happened (its action, stage, change or relation), then, while the
label stays within :data:`LIMIT` characters, whom it concerns (the organisation
joined or left, the target of an order, the force handed a base, an agreement's
name, cut with "…" to fit), where (its facility or place) and the figure it states
(a troop count, a withdrawal's size). Names longer than :data:`NAME` characters give
way to their shortest alias.
"""

from __future__ import annotations

from ..factbase import FactBase
from ..model.claims import ClaimBase
from ..model.quantity import Quantity

#: The longest label, in characters.
LIMIT = 34
#: The longest name used as it is; a longer one gives way to its shortest alias.
NAME = 20
#: The fields that say what happened, the first a claim has.
WHAT = ("action", "stage", "change", "relation")
#: The fields that say whom or what the claim concerns, the first a claim has, with the words before it.
WHOM = {"organisation": ": ", "target": ": ", "to": " to ", "name": ": "}
#: The fields that say where, the first a claim has.
WHERE = ("facility", "place")
#: The fields that state a figure, the first a claim has.
FIGURE = ("count", "size")


def name(facts: FactBase, record_id: str) -> str:
    """An entity's name, or its shortest alias when the name is long; the ID when it is not in the data."""
    record = facts.get(record_id)
    full = str(getattr(record, "name", record_id))
    aliases = sorted(getattr(record, "aliases", ()) or (), key=len)
    return aliases[0] if len(full) > NAME and aliases and len(aliases[0]) < len(full) else full


def _first(claim: ClaimBase, fields: tuple[str, ...]) -> object:
    return next((v for v in (getattr(claim, f, None) for f in fields) if v is not None), None)


def _figure(value: object) -> str | None:
    if not isinstance(value, Quantity):
        return None
    about = "~" if value.qualifier != "exact" else ""
    if value.value is not None:
        return f"{about}{value.value:,g}"
    if value.low is not None and value.high is not None:
        return f"{about}{value.low:,g}–{value.high:,g}"
    return None


def short(facts: FactBase, claim: ClaimBase) -> str:
    """The claim's label: kind and what happened, then whom, where and figure while it fits in LIMIT characters."""
    text = claim.kind.replace("_", " ")
    what = _first(claim, WHAT)
    if isinstance(what, str):
        text += " " + what.replace("_", " ")
    whom_field = next((f for f in WHOM if isinstance(getattr(claim, f, None), str)), None)
    if whom_field is not None:
        whom = str(getattr(claim, whom_field))
        whom = WHOM[whom_field] + (name(facts, whom) if ":" in whom else whom)
        room = LIMIT - len(text)
        text += whom if len(whom) <= room else whom[: room - 1].rstrip() + "…" if room > 8 else ""
    where = _first(claim, WHERE)
    figure = _figure(_first(claim, FIGURE))
    for part in (" · " + name(facts, where) if isinstance(where, str) else None, f" {figure}" if figure else None):
        if part and len(text) + len(part) <= LIMIT:
            text += part
    return text


def place(spans: list[tuple[float, float]], tiers: int, gap: float = 0.0) -> list[int | None]:
    """Each span's tier (0 to ``tiers`` - 1), or None when it overlaps a span placed before it in every tier.

    ``spans`` are (start, end) extents, in the order of precedence; two spans in a tier
    keep ``gap`` apart.
    """
    taken: list[list[tuple[float, float]]] = [[] for _ in range(tiers)]
    found: list[int | None] = []
    for start, end in spans:
        tier = next(
            (t for t in range(tiers) if all(end + gap <= a or b + gap <= start for a, b in taken[t])),
            None,
        )
        if tier is not None:
            taken[tier].append((start, end))
        found.append(tier)
    return found
