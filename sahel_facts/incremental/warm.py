"""The warm path: validate a tree again, re-doing only what its changes since the last run can affect.

A warm run keeps, in the user cache folder (:mod:`sahel_facts.read.cache`: signed
JSON, never under ROOT), a :class:`~sahel_facts.incremental.summary.Summary` of each
record file, the walk's own findings, and the version of each archived snapshot a
source names. The next run:

1. walks the tree and tells which files changed from their stat (size, mtime, ctime,
   inode, device), reading and hashing a file only where its stat differs; archived
   snapshots likewise;
2. reads the changed files, and works out which files' findings may change and which
   records their checks read (:mod:`~sahel_facts.incremental.plan`);
3. reads those records again and runs the checks on them alone, placing a new
   finding by parsing its file again; every other file's findings are its summary's.

It runs cold (reads and checks everything, as :func:`sahel_facts.validate.validate`
without a cache does) when there is no cache to trust, when more than
:data:`COLD_SHARE` of the files changed, when a folder of a kind was refused or no
longer is, and when a budget shared by the whole tree's findings (the 'did you mean'
hints of X303 and E401) may run out. Its findings are the same as a cold run's.
"""

from __future__ import annotations

import os
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..check import run_checks
from ..check.corpus import HINTED, Corpus
from ..check.evidence import HINT_BUDGET, HINT_COSTS, MAX_SNAPSHOT_BYTES, snapshot_path
from ..findings import Finding
from ..read import cache
from ..read.places import digest
from ..read.tree import Listed, listing, read_regular_file
from .files import Outcome, read_record
from .plan import REFERENCE_CHECK, Index, affected, changed_ids, context
from .summary import Stat, Summary, decode, describe, stat_text

#: Past this share of the tree's files changed (and :data:`FEW` files), a run is cold: reading everything is then
#: about as cheap, and simpler.
COLD_SHARE = 0.05
#: So many changed files never make a run cold, however small the tree.
FEW = 20
#: A file whose mtime or ctime is this recent (in ns) when the run starts is hashed again next time: an edit in
#: the same tick of the file system's clock as the run's reading would leave its stat as it was.
RACY_NS = 2_000_000_000
#: A snapshot's version: its stat and the hex digest of its bytes; both None when it cannot be read.
Version = tuple[Stat | None, str | None]


@dataclass
class Warm:
    """What a warm run found."""

    corpus: Corpus
    """The records the run read (all of them when it ran cold)."""
    findings: list[Finding]
    files: int
    """How many record files the tree has."""
    records: int
    """How many of them hold a valid record."""
    checked: int
    """How many files' findings were worked out afresh (all of them when it ran cold)."""


@dataclass
class _Stored:
    """What the last run kept."""

    files: dict[str, Summary]
    walk: list[Finding]
    snapshots: dict[str, Version]


def _optional_str(value: object) -> bool:
    return value is None or isinstance(value, str)


def _load(root: Path) -> _Stored | None:
    content = cache.load(root)
    try:
        files = {path: decode(path, value) for path, value in content["files"].items()}
        walk = [
            Finding(path, line, col, check, message, hint) for path, line, col, check, message, hint in content["walk"]
        ]
        snapshots = {
            path: (tuple(stat) if stat else None, known) for path, (stat, known) in content["snapshots"].items()
        }
    except (TypeError, ValueError, KeyError, AttributeError):
        return None  # none kept, or not what this code writes: trust none of it
    if not all(isinstance(f.path, str) and isinstance(f.message, str) for f in walk):
        return None
    if not all(_optional_str(known) and (stat is None or len(stat) == 5) for stat, known in snapshots.values()):
        return None
    return _Stored(files, walk, snapshots)


def _stat(info: os.stat_result) -> Stat:
    return (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, info.st_dev)


def _snapshot(root: Path, relpath: str, before: Version | None) -> Version:
    """The version of the snapshot at ``relpath`` now, read only if its stat is not ``before``'s."""
    try:
        path = snapshot_path(root, relpath)
        stat = _stat(os.lstat(path))
        if before is not None and before[0] == stat and before[1] is not None:
            return before
        return stat, digest(read_regular_file(path, MAX_SNAPSHOT_BYTES)).hex()
    except OSError:
        return None, None


def _refusals(root: Path, walked: Iterable[Finding], summaries: dict[str, Summary]) -> Corpus:
    """A corpus that knows only what was refused: the walk's findings, the files without a valid record."""
    corpus = Corpus(root)
    for finding in walked:
        corpus.refuse(finding.path)
    for path, summary in summaries.items():
        if summary.id is None:
            corpus.refuse(path, summary.held)
    return corpus


class _Run:
    """One warm run of the tree at ``root``."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.resolved = root.resolve()
        self.started = time.time_ns()
        self.walked: list[Finding] = []
        self.listed: dict[str, Listed] = {}
        for item in listing(root):
            if isinstance(item, Finding):
                self.walked.append(item)
            else:
                self.listed[item.path] = item
        self.stats: dict[str, tuple[str, int]] = {}
        """Each file's stat as kept (:func:`stat_text`), and the later of its mtime and ctime."""
        self.read: dict[str, Outcome] = {}
        self.summaries: dict[str, Summary] = {}
        self.snapshots: dict[str, Version] = {}

    def _read(self, path: str) -> Outcome:
        item = self.listed[path].read()
        if isinstance(item, Finding):
            return Outcome(path, b"", findings=[item])
        return read_record(self.resolved, item)

    def changes(self, stored: _Stored) -> set[str]:
        """Take the stat of every file, read those whose stat changed, and keep those whose bytes did too."""
        changed = set(stored.files) - set(self.listed)
        for path, listed in self.listed.items():
            stat = self._stat(path)
            before = stored.files.get(path)
            if before is not None and stat and before.stat == stat:
                self.summaries[path] = before
                continue
            item = listed.read()
            if before is not None and not isinstance(item, Finding) and digest(item.raw).hex() == before.digest:
                self.summaries[path] = before
                continue
            changed.add(path)
            outcome = (
                Outcome(path, b"", findings=[item]) if isinstance(item, Finding) else read_record(self.resolved, item)
            )
            self.read[path] = outcome
            self.summaries[path] = describe(outcome, stat)
        return changed

    def _stat(self, path: str) -> str:
        """Take the stat of the file at ``path`` (before reading it) and give it as kept."""
        stat = self.listed[path].stat()
        self.stats[path] = kept = stat_text(stat), max(stat[1], stat[2]) if stat is not None else 0
        return kept[0]

    def everything(self) -> set[str]:
        """Read every file (a cold run): every file is affected."""
        for path in self.listed:
            if path not in self.read:
                stat = self._stat(path)
                self.read[path] = self._read(path)
                self.summaries[path] = describe(self.read[path], stat)
        return set(self.listed)

    def snapshot_changes(self, stored: _Stored) -> set[str]:
        """The files of sources whose snapshot is not the version it was (or cannot be read)."""
        changed = set()
        for path, summary in self.summaries.items():
            if summary.snapshot is None:
                continue
            before = stored.snapshots.get(summary.snapshot)
            if summary.snapshot not in self.snapshots:
                self.snapshots[summary.snapshot] = _snapshot(self.root, summary.snapshot, before)
            now = self.snapshots[summary.snapshot]
            if now[1] is None or before is None or now[1] != before[1]:
                changed.add(path)
        return changed

    def check(self, files: set[str], needed: set[str], known: list[str] | None = None) -> None:
        """Run the checks on the records of ``needed`` and keep the findings of ``files``.

        ``known`` is every ID of the tree in file order, when ``needed`` is not the whole tree.
        """
        corpus = Corpus(self.resolved, known=known)
        for finding in self.walked:
            corpus.refuse(finding.path)
        for path, summary in self.summaries.items():
            if path in needed:
                if path not in self.read:
                    self.read[path] = self._read(path)
                self.read[path].add_to(corpus)
            elif summary.id is None:
                corpus.refuse(path, summary.held)
        found: dict[str, list[Finding]] = defaultdict(list)
        for finding in run_checks(corpus):
            if finding.path in files:
                found[finding.path].append(finding)
        costs: dict[str, int] = corpus.memo.get(HINT_COSTS, {})
        for path in files:
            self.summaries[path] = self.summaries[path]._replace(cross=found.get(path, []), cost=costs.get(path, 0))
        self.corpus = corpus

    def shared_budgets_hold(self) -> bool:
        """True when the budgets the whole tree's hints share are not run out: no hint then depends on the order."""
        references = sum(f.check == REFERENCE_CHECK for s in self.summaries.values() for f in s.cross)
        return references <= HINTED and sum(s.cost for s in self.summaries.values()) <= HINT_BUDGET

    def save(self) -> None:
        settled = self.started - RACY_NS
        stats = self.stats
        files = {}
        for path, summary in self.summaries.items():
            stat, newest = stats[path]
            files[path] = summary.encode(stat if newest < settled else "")
        walk = [[f.path, f.line, f.col, f.check, f.message, f.hint] for f in self.walked]
        snapshots = {
            path: [stat if stat is not None and max(stat[1], stat[2]) < settled else None, known]
            for path, (stat, known) in self.snapshots.items()
        }
        cache.save(self.root, {"files": files, "walk": walk, "snapshots": snapshots})

    def result(self, checked: int) -> Warm:
        findings = list(self.walked)
        for summary in self.summaries.values():
            findings.extend(summary.own)
            findings.extend(summary.cross)
        findings.sort()
        records = sum(s.id is not None for s in self.summaries.values())
        return Warm(self.corpus, findings, len(self.listed), records, checked)


def _plan(run: _Run, stored: _Stored) -> tuple[set[str], set[str], list[str]] | None:
    """The files to check again, the files their checks read, and every ID of the tree in file order;
    None when the run should be cold."""
    changed = run.changes(stored)
    if len(changed) > FEW + COLD_SHARE * len(run.listed):
        return None
    before, after = (
        _refusals(run.resolved, stored.walk, stored.files),
        _refusals(run.resolved, run.walked, run.summaries),
    )
    if before.refused_prefixes != after.refused_prefixes:
        return None
    sources = run.snapshot_changes(stored)
    ids = changed_ids(changed | sources, stored.files, run.summaries)
    ids.update(set(before.broken).symmetric_difference(after.broken))
    now = Index(run.summaries)
    known = now.ids()
    renamed = known != list(dict.fromkeys(s.id for s in stored.files.values() if s.id is not None))
    files = affected(changed | sources, ids, stored.files, now, renamed)
    return files, context(files, now), known


def validate_warm(root: Path) -> Warm:
    """Validate the tree at ``root`` as :func:`sahel_facts.validate.validate` does, using and updating its cache."""
    run = _Run(root)
    stored = _load(root)
    planned = _plan(run, stored) if stored is not None else None
    if planned is not None:
        files, needed, known = planned
        run.check(files, needed, known)
        if not run.shared_budgets_hold():
            planned = None
    if planned is None:
        files = run.everything()
        run.snapshot_changes(_Stored({}, [], {}))
        run.check(files, files)
    run.save()
    return run.result(len(files))
