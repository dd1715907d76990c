"""The corpus: every record that read and modelled cleanly, with where it came from."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, TypeVar

from ..findings import Finding, Rule
from ..model.claims import ClaimBase
from ..model.ids import RefTo, split_id
from ..model.kinds import KINDS
from ..model.records import Record, id_from_path
from ..model.suggest import Suggester
from ..model.walk import references
from ..read.safe_yaml import Loc, Position

R = TypeVar("R", bound=Record)
#: The most different unknown IDs of a run that get a 'did you mean' worked out by comparing IDs.
HINTED = 1000


class Places(Protocol):
    """Where the keys of a record's file are: a parsed :class:`~sahel_facts.read.safe_yaml.Document`, or
    a :class:`~sahel_facts.read.places.FilePlaces` that parses the file again when asked."""

    def locate(self, loc: Loc) -> Position:
        """Where ``loc`` is in the file, or its nearest enclosing key when it is absent."""
        ...


def has_field(cls: type, name: str) -> bool:
    """True when ``cls`` is a model with a field ``name``: in its ``model_fields``, read without the cost of
    that class property."""
    fields: dict[str, object] = getattr(cls, "__pydantic_fields__", {})
    return name in fields


#: For each class and attribute name asked for, whether the class's instances may have it.
_MAY_HAVE: dict[tuple[type, str], bool] = {}


def attribute(record: object, name: str) -> Any:
    """``getattr(record, name, None)``, without asking a model for an attribute its class cannot give (a model
    raises, and catches, an error for each: a tenth of some checks' time)."""
    key = (type(record), name)
    may = _MAY_HAVE.get(key)
    if may is None:
        may = _MAY_HAVE[key] = has_field(key[0], name) or hasattr(key[0], name)
    return getattr(record, name, None) if may else None


def in_use(claim: ClaimBase) -> bool:
    """True for a claim in use: active and not deprecated."""
    return claim.status == "active" and claim.rank != "deprecated"


@dataclass(frozen=True, slots=True)
class Entry:
    """One record and its file: ``path`` relative to ROOT, and where its keys are (``places``)."""

    path: str
    places: Places
    record: Record
    first_line: str = ""
    """The file's first line as written (where the editor's schema comment belongs)."""

    def finding(self, loc: Loc, rule: Rule, message: str, hint: str | None = None) -> Finding:
        """A finding of ``rule`` at ``loc`` of this record's file (its nearest key when ``loc`` is absent)."""
        position = self.places.locate(loc)
        return rule.at(self.path, position.line, position.col, message, hint)


@dataclass
class Corpus:
    """All valid records of a tree, in file order, with an index by ID (first file wins)."""

    root: Path
    entries: list[Entry] = field(default_factory=list)
    by_id: dict[str, Entry] = field(default_factory=dict)
    broken: dict[str, str] = field(default_factory=dict)
    """IDs of records whose files have findings of their own, by file: references to them are not reported again."""
    refused_prefixes: dict[str, str] = field(default_factory=dict)
    """ID prefixes of kinds whose folder was refused (a symbolic link), by folder: their IDs cannot be known."""
    known: list[str] | None = None
    """Every ID of the tree, in file order, when the corpus holds only some of its records (a warm run of
    :mod:`sahel_facts.incremental.warm`): 'did you mean' hints suggest from these, as from a whole tree's."""
    memo: dict[str, Any] = field(default_factory=dict, repr=False)
    """What checks work out once and share in one run (the snapshots read, say)."""

    def of(self, model: type[R]) -> Iterator[tuple[Entry, R]]:
        """Each entry whose record is a ``model`` (a kind's model, or a family's base), with the record typed.

        Entries are indexed by their record's class once a run, so each check looks only
        at the entries it asks for, in file order; the entries of a model asked for are
        listed once a run.
        """
        index: dict[type, list[int]] = self.memo.get("by-class", {})
        if sum(map(len, index.values())) != len(self.entries):
            index = {}
            for position, entry in enumerate(self.entries):
                index.setdefault(type(entry.record), []).append(position)
            self.memo["by-class"] = index
            self.memo["of"] = {}
        chosen: dict[type, tuple[list[Entry], list[Any]]] = self.memo.setdefault("of", {})
        if model not in chosen:  # the entries of each class asked for, and their records, listed once
            wanted = [self.entries[p] for p in sorted(p for c, at in index.items() if issubclass(c, model) for p in at)]
            chosen[model] = (wanted, [entry.record for entry in wanted])
        return zip(*chosen[model], strict=True)

    def active_claims(self) -> Iterator[tuple[Entry, ClaimBase]]:
        """Each claim in use: active and not deprecated."""
        for entry, claim in self.of(ClaimBase):
            if in_use(claim):
                yield entry, claim

    def record(self, record_id: str) -> Record | None:
        """The record with ``record_id``, if the tree holds a valid one."""
        entry = self.by_id.get(record_id)
        return entry.record if entry else None

    def references(self, entry: Entry) -> list[tuple[Loc, str, RefTo]]:
        """Every reference ``entry``'s record makes, worked out once a run and shared by the checks."""
        found = self.memo.get("references")
        if found is None:
            found = self.memo["references"] = {}
        if entry.path not in found:
            found[entry.path] = list(references(entry.record))
        result: list[tuple[Loc, str, RefTo]] = found[entry.path]
        return result

    def refuse(self, path: str, record_id: object = None) -> None:
        """Note that the file (or folder) at ``path`` gave no record, ``record_id`` being the ID it holds if known.

        The record its path names (``facts/organisations/x.yaml`` is ``org:x``, and so is
        ``x.yml``) and the ID it holds are then :meth:`broken`: the file's own findings
        say what is wrong, and references to it are not reported again. A refused folder
        makes every ID of the kinds kept in it broken.
        """
        named = id_from_path(path.removesuffix(".yml") + ".yaml" if path.endswith(".yml") else path)
        for found in (named, record_id):
            if isinstance(found, str):
                self.broken.setdefault(found, path)
        if not path.endswith((".yaml", ".yml")):
            for kind in KINDS:
                if f"facts/{kind.folder}/".startswith(path.rstrip("/") + "/"):
                    self.refused_prefixes.setdefault(kind.prefix, path)

    def is_broken(self, record_id: str) -> bool:
        """True when ``record_id`` may be a record whose file was refused: a reference to it says nothing new."""
        return record_id in self.broken or split_id(record_id)[0] in self.refused_prefixes

    def id_hint(self, given: str, prefixes: tuple[str, ...]) -> str | None:
        """'did you mean ...?' for an ID that names no record: the closest ID of the tree with one of ``prefixes``.

        One index a set of prefixes, built once a run; past :data:`HINTED` different
        unknown IDs, only IDs that differ by case, ``_`` or spaces are suggested.
        """
        suggesters = self.memo.setdefault("id-suggesters", {})
        if prefixes not in suggesters:
            known = self.by_id if self.known is None else self.known
            ids = (i for i in known if split_id(i)[0] in prefixes)
            suggesters[prefixes] = Suggester(ids, limit=HINTED)
        suggester: Suggester = suggesters[prefixes]
        return suggester.hint(given)

    def add(self, entry: Entry) -> None:
        """Add a record; a repeated ID keeps the first in the index (the duplicate check reports it)."""
        self.entries.append(entry)
        self.by_id.setdefault(entry.record.id, entry)
