"""The fact base: every record, typed and frozen, and the questions users ask of it.

Indexes are built once, on first use, so loading stays cheap. Every lookup answers or
says why not: an unknown ID, kind or name raises :class:`UnknownError` with the
closest matches, never an empty answer that looks like "no such facts". Names are
matched ignoring case and spacing, against names, aliases and a country's ISO codes.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING, Any

from .errors import SahelFactsError
from .model.base import UNKNOWN
from .model.claims import ClaimBase
from .model.entities import Country, EntityBase, Organisation
from .model.evidence import Evidence
from .model.ids import ANY_ID
from .model.kinds import KINDS
from .model.records import Record
from .model.sources import Source
from .model.walk import references

if TYPE_CHECKING:  # pragma: no cover
    import pandas


class UnknownError(SahelFactsError, KeyError):
    """A query named an ID, kind, name or table the fact base does not have (a ``KeyError`` too)."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


def _words(text: str) -> str:
    return " ".join(text.casefold().split())


def _unknown(what: str, given: str, known: Iterable[str]) -> UnknownError:
    close = difflib.get_close_matches(given, list(known), n=3)
    hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
    return UnknownError(f"no {what} {given!r} in the fact base{hint}")


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
        self._frames: dict[str, pandas.DataFrame] = {}

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
            raise _unknown("record", record_id, self._by_id) from None

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
            names = {entity.name, *entity.aliases}
            if isinstance(entity, Country):
                names |= {entity.iso_alpha3, entity.iso_alpha2}
            for name in map(_words, names):
                if entity not in index[name]:
                    index[name].append(entity)
        return index

    def find(self, name: str) -> list[EntityBase]:
        """Entities whose name, an alias or (for a country) an ISO code is ``name``, ignoring case and spacing."""
        return list(self._by_name.get(_words(name), []))

    def entity(self, name_or_id: str) -> EntityBase:
        """The one entity with this ID, name, alias or ISO code; :class:`UnknownError` if none or several."""
        record = self._by_id.get(name_or_id)
        if isinstance(record, EntityBase):
            return record
        found = self.find(name_or_id)
        if len(found) > 1:
            raise UnknownError(f"{name_or_id!r} names {len(found)} entities: {', '.join(e.id for e in found)}")
        if not found:
            raise _unknown("entity", name_or_id, [*self._by_name, *(e.id for e in self.entities)])
        return found[0]

    # ------------------------------------------------------------------ claims
    @cached_property
    def _involving(self) -> dict[str, frozenset[str]]:
        index: dict[str, set[str]] = defaultdict(set)
        for claim in self._claims:
            for _, target, _ in references(claim):
                index[target].add(claim.id)
            for item in claim.evidence:
                if ANY_ID.match(item.claimant):
                    index[item.claimant].add(claim.id)
        return {key: frozenset(ids) for key, ids in index.items()}

    def _resolve(self, involving: str) -> str:
        """An ID as given, or the ID of the entity a name, alias or ISO code stands for."""
        if involving in self._by_id:
            return involving
        if ANY_ID.match(involving):
            raise _unknown("record", involving, self._by_id)
        return self.entity(involving).id

    def claims(
        self,
        kind: str | None = None,
        involving: str | None = None,
        start: date | None = None,
        end: date | None = None,
        include_inactive: bool = False,
    ) -> list[ClaimBase]:
        """Claims by kind, by what they name (an ID, or an entity's name or ISO code), by time, active by default.

        With ``start`` or ``end``, only claims whose time can fall within ``[start,
        end]`` are kept; undated claims are left out. An unknown kind or name raises
        :class:`UnknownError`.
        """
        if kind is not None and kind not in KINDS.names("claim"):
            raise _unknown("claim kind", kind, KINDS.names("claim"))
        found = list(self._claims)
        if kind is not None:
            found = [c for c in found if c.kind == kind]
        if involving is not None:
            ids = self._involving.get(self._resolve(involving), frozenset())
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
        them when they tie). A presence a completed withdrawal or a handover has ended
        by then (:meth:`ended`) no longer holds, however open its interval. Active claims only;
        events (``date``) are not states.
        """
        pool = [c for c in self.claims(kind=kind, involving=involving) if not self.over(c, day)]
        states = [c for c in pool if in_force(c, day)]
        latest: dict[tuple[object, ...], list[ClaimBase]] = {}
        for claim in pool:
            if claim.as_of is None:
                continue
            seen_from = claim.as_of.earliest
            if seen_from is not None and seen_from > day:
                continue
            key = claim.conflict_group() or (claim.kind, *claim.subject)
            current = latest.get(key)
            order = _observed(claim)
            if current is None or order > _observed(current[0]):
                latest[key] = [claim]
            elif order == _observed(current[0]):
                current.append(claim)
        observations = [c for group in latest.values() for c in group]
        return sorted(states + observations, key=lambda c: c.id)

    @cached_property
    def _endings(self) -> dict[str, date]:
        """For each presence claim an ending claim ends, the last day the first of them can fall on."""
        enders: dict[tuple[str, str], list[tuple[ClaimBase, date, str | None]]] = defaultdict(list)
        for claim in self._claims:
            gone = claim.ending if claim.status == "active" else None
            done = claim.date.latest if gone is not None and claim.date is not None else None
            if gone is None or done is None:
                continue
            leaving = self._by_id.get(gone[0])
            home = leaving.country if isinstance(leaving, Organisation) and leaving.category == "armed_forces" else None
            for actor in (gone[0], *([home] if home else [])):  # the actor, and the country it is the forces of
                enders[actor, gone[1]].append((claim, done, home))
        endings: dict[str, date] = {}
        for claim in self._claims:
            where = claim.presence
            if where is None:
                continue
            days = [done for ender, done, home in enders.get((where[0], where[1]), ()) if ender.ends(claim, home)]
            if days:
                endings[claim.id] = min(days)
        return endings

    def ended(self, claim: ClaimBase) -> date | None:
        """The day by which a claim of an ending kind had certainly ended the presence ``claim`` places, if one has.

        A completed withdrawal of the whole force, or a handover of the facility, ends a
        claim when its kind's :meth:`~sahel_facts.model.claims.ClaimBase.ends` says so; of
        several, the first to be certainly over counts. ``as_of`` and the timeline stop the
        claim after that day.
        """
        return self._endings.get(claim.id)

    def over(self, claim: ClaimBase, day: date) -> bool:
        """True when a claim of an ending kind had certainly ended ``claim``'s presence before ``day``."""
        end = self._endings.get(claim.id)
        return end is not None and end < day

    def evidence(self, claim_id: str) -> list[Evidence]:
        """The evidence of a claim."""
        return list(self._claim(claim_id).evidence)

    def sources_of(self, claim_id: str) -> list[Source]:
        """The sources a claim's evidence cites, in order, each once."""
        ids = dict.fromkeys(item.source for item in self._claim(claim_id).evidence)
        return [s for s in (self._by_id.get(i) for i in ids) if isinstance(s, Source)]

    @cached_property
    def _conflicts(self) -> dict[str, frozenset[str]]:
        linked: dict[str, set[str]] = defaultdict(set)
        for claim in self._claims:
            for other in claim.conflicts_with:
                linked[claim.id].add(other)
                linked[other].add(claim.id)
        return {key: frozenset(ids) for key, ids in linked.items()}

    def conflicts(self, claim_id: str) -> list[ClaimBase]:
        """Claims that conflict with this one, linked from either side."""
        self._claim(claim_id)
        found = (self._by_id.get(i) for i in sorted(self._conflicts.get(claim_id, ())))
        return [c for c in found if isinstance(c, ClaimBase)]

    def _claim(self, claim_id: str) -> ClaimBase:
        record = self[claim_id]
        if not isinstance(record, ClaimBase):
            raise UnknownError(f"{claim_id!r} is a {type(record).__name__.lower()}, not a claim")
        return record

    # ------------------------------------------------------------------ tables
    def to_pandas(self, table: str) -> pandas.DataFrame:
        """One table of the data package as a pandas DataFrame (needs the ``pandas`` extra); built once, copied out.

        Empty cells are missing (NA). In number, integer and date columns, ``unknown`` is missing too (pandas
        has one kind of missing value); text columns keep the word ``unknown``, as the CSV has it.
        """
        if table not in self._frames:
            self._frames[table] = self._frame(table)
        return self._frames[table].copy()

    @cached_property
    def _rows(self) -> dict[str, list[dict[str, str]]]:
        from .package.tables import tables

        return tables(self.records)

    def _frame(self, table: str) -> pandas.DataFrame:
        try:
            import pandas
        except ImportError:
            raise ImportError("to_pandas needs pandas: pip install 'sahel-facts[pandas]'") from None
        from .package.tables import all_tables

        layout = {t.name: t for t in all_tables()}
        if table not in layout:
            raise _unknown("table", table, layout)
        frame = pandas.DataFrame(self._rows[table], columns=[c.name for c in layout[table].columns])
        for column in layout[table].columns:
            cells = frame[column.name].replace("", None)
            if column.type in ("number", "integer", "date"):
                cells = cells.replace(UNKNOWN, None)
            if column.type in ("number", "integer"):
                frame[column.name] = pandas.to_numeric(cells)
            elif column.type == "date":
                frame[column.name] = pandas.to_datetime(cells)
            else:
                frame[column.name] = cells
        return frame


def _overlaps(claim: ClaimBase, start: date | None, end: date | None) -> bool:
    when = claim.when
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
