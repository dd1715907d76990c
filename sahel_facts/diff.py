"""What changed between two versions of the fact base: records added, removed, and changed field by field.

Corrections come first: claims whose standing changed (retracted, merged, deprecated,
or restored), each with the reason the newer version records, so a diff between two
releases reads as their correction log.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from typing import Any

from .factbase import FactBase
from .model.claims import ClaimBase
from .model.entities import EntityBase
from .model.records import Record

FAMILY_ORDER = ("claim", "entity", "source")
_PLURAL = {"claim": "claims", "entity": "entities", "source": "sources"}


@dataclass(frozen=True)
class FieldChange:
    """One field's value before and after; a dotted ``path`` reaches into nested fields and lists."""

    path: str
    old: Any
    new: Any


@dataclass(frozen=True)
class Change:
    """A record present in both versions whose fields differ."""

    id: str
    fields: list[FieldChange]


@dataclass(frozen=True)
class Correction:
    """A claim whose standing changed: what it is now (``retracted``, ``merged into ...``, ``deprecated``,
    ``active``, ``normal``...), and the reason the newer version gives."""

    id: str
    standing: str
    reason: str | None


@dataclass
class FamilyDiff:
    """The differences within one record family."""

    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[Change] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        """True when nothing differs."""
        return not (self.added or self.removed or self.changed)


@dataclass
class Diff:
    """The differences between two fact bases, by family: claims first, then entities, sources."""

    old_version: str | None
    new_version: str | None
    families: dict[str, FamilyDiff]
    corrections: list[Correction] = field(default_factory=list)
    """Claims whose status or rank changed, in ID order."""

    @property
    def empty(self) -> bool:
        """True when the two fact bases hold the same records."""
        return all(f.empty for f in self.families.values())

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data, with counts."""
        return {
            "old_version": self.old_version,
            "new_version": self.new_version,
            "counts": {
                name: {"added": len(f.added), "removed": len(f.removed), "changed": len(f.changed)}
                for name, f in self.families.items()
            },
            "corrections": [asdict(c) for c in self.corrections],
            "families": {name: asdict(f) for name, f in self.families.items()},
        }


def _family(record: Record) -> str:
    return "claim" if isinstance(record, ClaimBase) else "entity" if isinstance(record, EntityBase) else "source"


def _leaves(value: Any, path: str = "") -> Iterator[tuple[str, Any]]:
    if isinstance(value, dict):
        for key, inner in value.items():
            yield from _leaves(inner, f"{path}.{key}" if path else key)
    elif isinstance(value, list):  # an empty list has no leaves: emptying one shows as its items going
        for index, inner in enumerate(value):
            yield from _leaves(inner, f"{path}[{index}]")
    else:
        yield path, value


def field_changes(old: Record, new: Record) -> list[FieldChange]:
    """Every leaf field that differs between two versions of a record, in field order."""
    before = dict(_leaves(old.model_dump(mode="json", exclude_none=True)))
    after = dict(_leaves(new.model_dump(mode="json", exclude_none=True)))
    paths = list(dict.fromkeys([*before, *after]))
    return [FieldChange(p, before.get(p), after.get(p)) for p in paths if before.get(p) != after.get(p)]


def diff(old: FactBase, new: FactBase) -> Diff:
    """The differences from ``old`` to ``new``."""
    families = {name: FamilyDiff() for name in FAMILY_ORDER}
    for record in new:
        if record.id not in old:
            families[_family(record)].added.append(record.id)
        elif record != old[record.id]:
            families[_family(record)].changed.append(Change(record.id, field_changes(old[record.id], record)))
    for record in old:
        if record.id not in new:
            families[_family(record)].removed.append(record.id)
    corrections = [c for r in new if isinstance(r, ClaimBase) for c in _corrections(old.get(r.id), r)]
    return Diff(old.version, new.version, families, corrections)


def _corrections(old: Record | None, new: ClaimBase) -> Iterator[Correction]:
    """The changes of standing from ``old`` to ``new`` (none for a new claim that is simply active)."""
    was_status = old.status if isinstance(old, ClaimBase) else "active"
    was_rank = old.rank if isinstance(old, ClaimBase) else "normal"
    if new.status != was_status:
        standing = f"merged into {new.merged_into}" if new.status == "merged" else new.status
        yield Correction(new.id, standing, new.status_reason)
    if new.rank != was_rank:
        yield Correction(new.id, new.rank, new.rank_reason)


def render(result: Diff) -> str:
    """The differences as text for a person deciding whether to upgrade."""
    lines = [f"sahel-facts diff {result.old_version or '(tree)'} -> {result.new_version or '(tree)'}"]
    if result.corrections:
        lines.append(f"corrections: {len(result.corrections)}")
        lines += [f"  ! {c.id} {c.standing}" + (f": {c.reason}" if c.reason else "") for c in result.corrections]
    for name, family in result.families.items():
        lines.append(
            f"{_PLURAL[name]}: {len(family.added)} added, {len(family.removed)} removed, {len(family.changed)} changed"
        )
        lines += [f"  + {i}" for i in family.added]
        lines += [f"  - {i}" for i in family.removed]
        for change in family.changed:
            lines.append(f"  ~ {change.id}")
            lines += [f"      {c.path}: {c.old!r} -> {c.new!r}" for c in change.fields]
    if result.empty:
        lines.append("No differences.")
    return "\n".join(lines)
