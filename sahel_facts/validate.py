"""Validate a fact tree: read every file, build every record, run every check.

Everything is reported in one pass: every refused file, every model error of every
record, and every cross-record finding among the records that are valid. A record's
parse is dropped once its model and its own findings are made; a cross-record
finding's place is worked out again from its file (:mod:`sahel_facts.read.places`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .check import run_checks
from .check.corpus import Corpus
from .errors import SahelFactsError
from .findings import Finding
from .heap import paused
from .incremental.files import read_record
from .incremental.warm import validate_warm
from .read.tree import walk


@dataclass
class Result:
    """What validating a tree found: the valid records and every finding, in order."""

    corpus: Corpus
    """The valid records read: every one of the tree's, except after a warm run (``cache``), where it
    holds only those the run read again."""
    findings: list[Finding] = field(default_factory=list)
    files: int = 0
    """How many record files were read."""
    records: int = 0
    """How many of them hold a valid record."""

    @property
    def ok(self) -> bool:
        """True when there is nothing to fix."""
        return not self.findings


class RootError(SahelFactsError):
    """ROOT is not a fact tree: a usage error, not a finding."""


def validate(root: Path | str, cache: bool = False) -> Result:
    """Validate the fact tree at ``root`` (a folder holding ``facts/``).

    With ``cache``, a summary of each file is kept in the user cache folder (never under
    ROOT), and a later run re-reads and re-checks only what the files changed since can
    affect (see :mod:`sahel_facts.incremental.warm`); the findings are the same.
    """
    root = Path(root)
    if not root.is_dir():
        raise RootError(f"{root}: no such folder")
    if not (root / "facts").is_dir():
        raise RootError(f"{root}: not a fact tree (it has no facts/ folder)")
    with paused():
        if cache:
            warm = validate_warm(root)
            return Result(warm.corpus, warm.findings, warm.files, warm.records)
        result = Result(Corpus(root.resolve()))
        for item in walk(root):
            if isinstance(item, Finding):
                result.findings.append(item)
                result.corpus.refuse(item.path)
                continue
            result.files += 1
            outcome = read_record(result.corpus.root, item)
            result.findings.extend(outcome.findings)
            outcome.add_to(result.corpus)
        result.records = len(result.corpus.entries)
        result.findings.extend(run_checks(result.corpus))
        result.findings.sort()
    return result
