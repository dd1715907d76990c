"""The corpus: every record that read and modelled cleanly, with where it came from."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..findings import Finding
from ..model.ids import RefTo
from ..model.records import Record
from ..model.walk import references
from ..read.safe_yaml import Document, Loc


@dataclass(frozen=True)
class Entry:
    """One record and its file: ``path`` relative to ROOT, the parsed ``document``."""

    path: str
    document: Document
    record: Record
    first_line: str = ""
    """The file's first line as written (where the editor's schema comment belongs)."""

    def finding(self, loc: Loc, check: str, message: str, hint: str | None = None) -> Finding:
        """A finding at ``loc`` of this record's file (its nearest key when ``loc`` is absent)."""
        position = self.document.locate(loc)
        return Finding(self.path, position.line, position.col, check, message, hint)


@dataclass
class Corpus:
    """All valid records of a tree, in file order, with an index by ID (first file wins)."""

    root: Path
    entries: list[Entry] = field(default_factory=list)
    by_id: dict[str, Entry] = field(default_factory=dict)
    broken: dict[str, str] = field(default_factory=dict)
    """IDs of records whose files have findings of their own, by file: references to them are not reported again."""
    memo: dict[str, Any] = field(default_factory=dict, repr=False)
    """What checks work out once and share in one run (the snapshots read, say)."""

    def references(self, entry: Entry) -> list[tuple[Loc, str, RefTo]]:
        """Every reference ``entry``'s record makes, worked out once a run and shared by the checks."""
        found = self.memo.setdefault("references", {})
        if entry.path not in found:
            found[entry.path] = list(references(entry.record))
        return found[entry.path]

    def add(self, entry: Entry) -> None:
        """Add a record; a repeated ID keeps the first in the index (the duplicate check reports it)."""
        self.entries.append(entry)
        self.by_id.setdefault(entry.record.id, entry)
