"""The fact base: every record, typed and frozen, and the questions users ask of it.

Indexes are built on first use, so loading stays cheap. Lookups by ID raise
``KeyError`` naming the ID; lookups by name are case- and space-insensitive and match
aliases too.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING, Any

from .model.claims import ClaimBase
from .model.entities import EntityBase
from .model.evidence import Evidence
from .model.ids import ANY_ID
from .model.records import Record
from .model.sources import Source
from .model.walk import references

if TYPE_CHECKING:  # pragma: no cover
    import pandas

#: Fields whose references link claims to claims rather than say what a claim is about.
_LINKS = ("evidence", "conflicts_with", "supersedes", "merged_into", "about")


def _words(text: str) -> str:
    return " ".join(text.casefold().split())


def subject(claim: ClaimBase) -> tuple[str, ...]:
    """What a claim is about: its kind and the entities it names (not its links or sources)."""
    named = sorted({target for loc, target, _ in references(claim) if loc[0] not in _LINKS})
    return (claim.kind, *named)


def in_force(claim: ClaimBase, day: date) -> bool:
    """True when a state claim's ``valid`` interval can include ``day``."""
    valid = claim.valid
    if valid is None:
        return False
    return (valid.earliest is None or valid.earliest <= day) and (valid.latest is None or day <= valid.latest)


class FactBase:
    """Typed records with queries: by ID, by name, by kind, entity, time and standing."""

    def __init__(self, records: Iterable[Record], version: str | None = None, origin: str = "") -> None:
        self.records: tuple[Record, ...] = tuple(sorted(records, key=lambda r: r.id))
        """Every record, sorted by ID."""
        self.version = version
        """The data package version, where the records came from a package."""
        self.origin = origin
        """Where the records were read from."""

    # ------------------------------------------------------------------ records by ID
    @cached_property
    def _by_id(self) -> dict[str, Record]:
        return {r.id: r for r in self.records}

    def __len__(self) -> int:
        return len(self.records)

    def __iter__(self) -> Iterator[Record]:
        return iter(self.records)

    def __contains__(self, record_id: object) -> bool:
        return record_id in self._by_id

    def __getitem__(self, record_id: str) -> Record:
        try:
            return self._by_id[record_id]
        except KeyError:
            raise KeyError(f"no record {record_id!r} in the fact base") from None

    def get(self, record_id: str, default: Any = None) -> Record | Any:
        """The record with ``record_id``, or ``default``."""
        return self._by_id.get(record_id, default)

    def __repr__(self) -> str:
        where = f" from {self.origin}" if self.origin else ""
        version = f" {self.version}" if self.version else ""
        return (
            f"<FactBase{version}: {len(self)} records ({len(self.claims())} active claims, "
            f"{len(self.entities)} entities, {len(self.sources)} sources){where}>"
        )

    # ------------------------------------------------------------------ families
    @cached_property
    def entities(self) -> tuple[EntityBase, ...]:
        """Every entity."""
        return tuple(r for r in self.records if isinstance(r, EntityBase))

    @cached_property
    def sources(self) -> tuple[Source, ...]:
        """Every source."""
        return tuple(r for r in self.records if isinstance(r, Source))

    @cached_property
    def _claims(self) -> tuple[ClaimBase, ...]:
        return tuple(r for r in self.records if isinstance(r, ClaimBase))

    # ------------------------------------------------------------------ entities by name
    @cached_property
    def _by_name(self) -> dict[str, list[EntityBase]]:
        index: dict[str, list[EntityBase]] = defaultdict(list)
        for entity in self.entities:
            for name in {_words(entity.name), *map(_words, entity.aliases)}:
                index[name].append(entity)
        return index

    def find(self, name: str) -> list[EntityBase]:
        """Entities whose name or an alias is ``name`` (ignoring case and spacing)."""
        return list(self._by_name.get(_words(name), []))

    def entity(self, name_or_id: str) -> EntityBase:
        """The one entity with this ID, name or alias; ``LookupError`` if none or several."""
        if name_or_id in self._by_id and isinstance(self._by_id[name_or_id], EntityBase):
            return self._by_id[name_or_id]  # type: ignore[return-value]
        found = self.find(name_or_id)
        if len(found) != 1:
            which = ", ".join(e.id for e in found) or "none"
            raise LookupError(f"{len(found)} entities are called {name_or_id!r} ({which})")
        return found[0]

    # ------------------------------------------------------------------ claims
    @cached_property
    def _involving(self) -> dict[str, set[str]]:
        index: dict[str, set[str]] = defaultdict(set)
        for claim in self._claims:
            for _, target, _ in references(claim):
                index[target].add(claim.id)
            for item in claim.evidence:
                if ANY_ID.match(item.claimant):
                    index[item.claimant].add(claim.id)
        return index

    def claims(
        self,
        kind: str | None = None,
        involving: str | None = None,
        start: date | None = None,
        end: date | None = None,
        include_inactive: bool = False,
    ) -> list[ClaimBase]:
        """Claims by kind, by an ID they name (an entity, source or claim), by time, active by default.

        With ``start`` or ``end``, only claims whose date, validity or observation can
        fall within ``[start, end]`` are kept; undated claims are left out.
        """
        found = list(self._claims)
        if kind is not None:
            found = [c for c in found if c.kind == kind]
        if involving is not None:
            ids = self._involving.get(involving, set())
            found = [c for c in found if c.id in ids]
        if start is not None or end is not None:
            found = [c for c in found if _overlaps(c, start, end)]
        if not include_inactive:
            found = [c for c in found if c.status == "active"]
        return found

    def as_of(self, day: date, kind: str | None = None, involving: str | None = None) -> list[ClaimBase]:
        """What held on ``day``: states in force, and the latest observation of each subject by then.

        A state (a claim with ``valid``) is in force when its interval can include the
        day. An observation (a claim with ``as_of``) counts when it can be dated on or
        before the day; of several about the same subject, the latest are kept (all of
        them when they tie). Active claims only; events (``date``) are not states.
        """
        pool = self.claims(kind=kind, involving=involving)
        states = [c for c in pool if in_force(c, day)]
        latest: dict[tuple[str, ...], list[ClaimBase]] = {}
        for claim in pool:
            if claim.valid is not None or claim.as_of is None:
                continue
            seen_from = claim.as_of.earliest
            if seen_from is not None and seen_from > day:
                continue
            key = subject(claim)
            current = latest.get(key)
            order = _observed(claim)
            if current is None or order > _observed(current[0]):
                latest[key] = [claim]
            elif order == _observed(current[0]):
                current.append(claim)
        observations = [c for group in latest.values() for c in group]
        return sorted(states + observations, key=lambda c: c.id)

    def evidence(self, claim_id: str) -> list[Evidence]:
        """The evidence of a claim."""
        return list(self._claim(claim_id).evidence)

    def sources_of(self, claim_id: str) -> list[Source]:
        """The sources a claim's evidence cites, in order, each once."""
        ids = dict.fromkeys(item.source for item in self._claim(claim_id).evidence)
        return [self._by_id[i] for i in ids if isinstance(self._by_id.get(i), Source)]  # type: ignore[misc]

    def conflicts(self, claim_id: str) -> list[ClaimBase]:
        """Claims that conflict with this one, linked from either side."""
        claim = self._claim(claim_id)
        linked = set(claim.conflicts_with) | {c.id for c in self._claims if claim_id in c.conflicts_with}
        return [self._by_id[i] for i in sorted(linked) if i in self._by_id]  # type: ignore[misc]

    def _claim(self, claim_id: str) -> ClaimBase:
        record = self[claim_id]
        if not isinstance(record, ClaimBase):
            raise KeyError(f"{claim_id!r} is a {type(record).__name__.lower()}, not a claim")
        return record

    # ------------------------------------------------------------------ tables
    def to_pandas(self, table: str) -> pandas.DataFrame:
        """One table of the data package as a pandas DataFrame (needs the ``pandas`` extra)."""
        try:
            import pandas
        except ImportError:
            raise ImportError("to_pandas needs pandas: pip install 'sahel-facts[pandas]'") from None
        from .package.tables import all_tables, tables

        layout = {t.name: t for t in all_tables()}
        if table not in layout:
            raise KeyError(f"no table {table!r}; tables: {', '.join(layout)}")
        frame = pandas.DataFrame(tables(self.records)[table], columns=[c.name for c in layout[table].columns])
        for column in layout[table].columns:
            cells = frame[column.name].replace("", None)
            if column.type in ("number", "integer"):
                frame[column.name] = pandas.to_numeric(cells)
            elif column.type == "date":
                frame[column.name] = pandas.to_datetime(cells)
            else:
                frame[column.name] = cells
        return frame


def _time(claim: ClaimBase):
    return claim.date or claim.valid or claim.as_of


def _overlaps(claim: ClaimBase, start: date | None, end: date | None) -> bool:
    when = _time(claim)
    if when is None:
        return False
    after_start = start is None or when.latest is None or when.latest >= start
    before_end = end is None or when.earliest is None or when.earliest <= end
    return after_start and before_end


def _observed(claim: ClaimBase) -> date:
    """How late an observation is, for ordering: its latest possible day (open: its earliest)."""
    as_of = claim.as_of
    assert as_of is not None
    return as_of.latest or as_of.earliest or date.min
