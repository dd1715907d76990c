"""Validate a fact tree: read every file, build every record, run every check.

Everything is reported in one pass: every refused file, every model error of every
record, and every cross-record finding among the records that are valid.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .check import run_checks
from .check.corpus import Corpus, Entry
from .errors import SahelFactsError
from .findings import Finding
from .heap import paused
from .model.validate import to_record
from .read.cache import ParseCache
from .read.tree import RecordFile, read_document, walk


@dataclass
class Result:
    """What validating a tree found: the valid records and every finding, in order."""

    corpus: Corpus
    findings: list[Finding] = field(default_factory=list)
    files: int = 0
    """How many record files were read."""

    @property
    def ok(self) -> bool:
        """True when there is nothing to fix."""
        return not self.findings


class RootError(SahelFactsError):
    """ROOT is not a fact tree: a usage error, not a finding."""


def validate(root: Path | str, cache: bool = False) -> Result:
    """Validate the fact tree at ``root`` (a folder holding ``facts/``).

    With ``cache``, each file's parse is reused from the user cache folder (never ROOT) when
    the file is unchanged (see :mod:`sahel_facts.read.cache`); the results are the same.
    """
    root = Path(root)
    if not root.is_dir():
        raise RootError(f"{root}: no such folder")
    if not (root / "facts").is_dir():
        raise RootError(f"{root}: not a fact tree (it has no facts/ folder)")
    with paused():
        result = Result(Corpus(root.resolve()))
        parses = ParseCache(root) if cache else None
        for item in walk(root):
            if isinstance(item, Finding):
                result.findings.append(item)
                result.corpus.refuse(item.path)
                continue
            result.files += 1
            _read_one(item, result, parses)
        if parses is not None:
            parses.save()
        result.findings.extend(run_checks(result.corpus))
        result.findings.sort()
    return result


def _read_one(file: RecordFile, result: Result, parses: ParseCache | None) -> None:
    document = parses.get(file) if parses is not None else None
    if document is None:
        document = read_document(file)
        if parses is not None:
            parses.put(file, document)
    if isinstance(document, Finding):
        result.findings.append(document)
        result.corpus.refuse(file.path)
        return
    record = to_record(file.path, document)
    if isinstance(record, list):
        result.findings.extend(record)
        result.corpus.refuse(file.path, document.data.get("id"))
    else:
        first_line = file.raw.split(b"\n", 1)[0].decode("utf-8", errors="replace").rstrip("\r")
        result.corpus.add(Entry(file.path, document, record, first_line))
