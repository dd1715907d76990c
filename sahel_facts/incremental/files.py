"""Reading one record file into what validation keeps of it: its model, or its findings.

The parse (data and key positions) is dropped once the model and the file's own
findings are made; the entry keeps the file's path, its first line and the digest of
its bytes, from which a cross-record finding's place is worked out again
(:class:`~sahel_facts.read.places.FilePlaces`).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

from ..check.corpus import Corpus, Entry
from ..findings import Finding
from ..model.validate import to_record
from ..read.places import FilePlaces, digest
from ..read.tree import RecordFile, read_document


@dataclass(slots=True)
class Outcome:
    """What reading one record file gave: a valid ``entry``, or ``findings`` and the ID it held, if any."""

    path: str
    digest: bytes
    entry: Entry | None = None
    findings: list[Finding] = field(default_factory=list)
    held: str | None = None
    """The ID a refused file holds (its ``id`` field), when it reads that far."""

    def add_to(self, corpus: Corpus) -> None:
        """Add the record to ``corpus``, or note that the file gave none."""
        if self.entry is not None:
            corpus.add(self.entry)
        else:
            corpus.refuse(self.path, self.held)


def first_line(raw: bytes) -> str:
    """The first line of a file as written (interned: most files of a family share it)."""
    return sys.intern(raw.split(b"\n", 1)[0].decode("utf-8", errors="replace").rstrip("\r"))


def read_record(root: Path, file: RecordFile) -> Outcome:
    """Read, parse and model ``file`` of the tree at ``root`` (resolved)."""
    outcome = Outcome(file.path, digest(file.raw))
    document = read_document(file)
    if isinstance(document, Finding):
        outcome.findings.append(document)
        return outcome
    record = to_record(file.path, document)
    if isinstance(record, list):
        outcome.findings.extend(record)
        held = document.data.get("id")
        outcome.held = held if isinstance(held, str) else None
    else:
        places = FilePlaces(root, file.path, outcome.digest)
        outcome.entry = Entry(file.path, places, record, first_line(file.raw))
    return outcome
