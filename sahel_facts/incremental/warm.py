"""The warm path: validate a tree again, re-doing only what its changes since the last run can affect.

A warm run keeps, in the user cache folder (:mod:`~sahel_facts.incremental.store`: signed
JSON, never under ROOT), a :class:`~sahel_facts.incremental.summary.Summary` of each
record file, the walk's own findings, and the version of each archived snapshot a
source names. The next run:

1. walks the tree (or, while no folder under ``facts/`` changed, takes the last run's
   walk: :mod:`~sahel_facts.incremental.listing`) and tells which files changed from
   their stat (size, mtime, ctime, inode, device), reading and hashing a file only where
   its stat differs; archived snapshots likewise;
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
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import chain, compress, repeat
from operator import attrgetter, is_
from pathlib import Path

from ..check import run_checks
from ..check.corpus import HINTED, Corpus
from ..check.evidence import HINT_BUDGET, HINT_COSTS
from ..findings import Finding
from ..read.places import digest
from ..read.tree import listing
from . import store
from .files import Outcome, read_record
from .listing import FolderChanged, Folders, Groups, Key, folders, groups, read, stats, unchanged
from .plan import REFERENCE_CHECK, Index, affected, changed_ids, context
from .stale import remove_stale
from .store import Seen, Stored, Version, seen, snapshot_version
from .summary import Summary, describe

#: Past this share of the tree's files changed (and :data:`FEW` files), a run is cold: reading everything is then
#: about as cheap, and simpler.
COLD_SHARE = 0.05
#: So many changed files never make a run cold, however small the tree.
FEW = 20


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


def _refusals(root: Path, walked: Iterable[Finding], summaries: dict[str, Summary]) -> Corpus:
    """A corpus that knows only what was refused: the walk's findings, the files without a valid record."""
    corpus = Corpus(root)
    for finding in walked:
        corpus.refuse(finding.path)
    ids = list(map(attrgetter("id"), summaries.values()))
    for path, summary in compress(summaries.items(), map(is_, ids, repeat(None))):  # the few without a record
        corpus.refuse(path, summary.held)
    return corpus


class _Run:
    """One warm run of the tree at ``root``."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.resolved = root.resolve()
        self.started = time.time_ns()
        self.walked: list[Finding] = []
        self.paths: list[str] = []
        """The record files, in the walk's order."""
        self.folders: Folders | None = None
        self.grouped: Groups = ()
        self.kept: dict[str, Key] = {}
        """The folders' keys the walk was taken from, when it was the last run's (checked again as they are opened)."""
        self.seen: dict[str, Seen] = {}
        self.read: dict[str, Outcome] = {}
        self.summaries: dict[str, Summary] = {}
        self.touched: set[str] = set()
        self.snapshots: dict[str, tuple[Version, int]] = {}
        self.corpus = Corpus(self.resolved)

    def walk(self, stored: Stored | None) -> None:
        """List the tree's record files: the last run's list while no folder changed, else walk it."""
        if stored is not None and stored.folders is not None and unchanged(self.root, stored.folders):
            self.walked, self.paths = list(stored.walk), list(stored.files)
            self.folders, self.grouped, self.kept = stored.folders, stored.groups, dict(stored.folders)
            return
        self.walked, self.paths, self.kept = [], [], {}
        self.folders = folders(self.root, self.started - store.RACY_NS)  # before the walk: a change after is seen
        for item in listing(self.root):
            if isinstance(item, Finding):
                self.walked.append(item)
            else:
                self.paths.append(item.path)
        self.grouped = groups(self.paths)

    def _read(self, path: str) -> Outcome:
        item = read(self.root, path)
        if isinstance(item, Finding):
            return Outcome(path, b"", findings=[item])
        return read_record(self.resolved, item)

    def _stats(self) -> Iterator[tuple[str, os.stat_result | None]]:
        """Each file's stat; should a folder of the last run's walk have changed meanwhile, the tree is walked again."""
        try:
            yield from stats(self.root, self.grouped, self.kept)
        except FolderChanged:
            self.walk(None)
            self.seen, self.touched = {}, set()
            yield from stats(self.root, self.grouped, self.kept)

    def changes(self, stored: Stored) -> set[str]:
        """Take the stat of every file, read those whose stat changed, and keep those whose bytes did too."""
        files = stored.files
        odd = []
        for path, info in self._stats():
            before = files.get(path)
            now = None if info is None else (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, info.st_dev)
            if before is None or now is None or before.stat != now:
                odd.append((path, info))
        self.summaries = dict(files) if self.kept else {path: files[path] for path in self.paths if path in files}
        changed = set() if self.kept else files.keys() - set(self.paths)
        for path, info in odd:
            self.seen[path] = seen(info)
            self.touched.add(path)
            before = files.get(path)
            item = read(self.root, path)
            if before is not None and not isinstance(item, Finding) and digest(item.raw).hex() == before.digest:
                continue
            changed.add(path)
            outcome = (
                Outcome(path, b"", findings=[item]) if isinstance(item, Finding) else read_record(self.resolved, item)
            )
            self.read[path] = outcome
            self.summaries[path] = describe(outcome, self.seen[path][0])
        if not self.kept:
            self.summaries = {path: self.summaries[path] for path in self.paths}
        return changed

    def everything(self) -> set[str]:
        """Read every file (a cold run): every file is affected."""
        for path, info in self._stats():
            if path not in self.read:
                self.seen[path] = seen(info)
                self.read[path] = self._read(path)
                self.summaries[path] = describe(self.read[path], self.seen[path][0])
        self.summaries = {path: self.summaries[path] for path in self.paths}
        self.touched = set(self.paths)
        return set(self.paths)

    def snapshot_changes(self, stored: Stored) -> set[str]:
        """The files of sources whose snapshot is not the version it was (or cannot be read)."""
        changed = set()
        for path, summary in self.summaries.items():
            if summary.snapshot is None:
                continue
            before = stored.snapshots.get(summary.snapshot)
            if summary.snapshot not in self.snapshots:
                self.snapshots[summary.snapshot] = snapshot_version(self.root, summary.snapshot, before)
            now = self.snapshots[summary.snapshot][0]
            if now[1] is None or before is None or now[1] != before[1]:
                changed.add(path)
        return changed

    def check(self, files: set[str], needed: set[str], known: list[str] | None = None) -> None:
        """Run the checks on the records of ``needed`` and keep the findings of ``files``.

        ``known`` is every ID of the tree in file order, when ``needed`` is not the whole tree.
        """
        corpus = self.corpus = Corpus(self.resolved, known=known)
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
            self.summaries[path] = self.summaries[path]._replace(
                cross=tuple(found.get(path, ())), cost=costs.get(path, 0)
            )
        self.touched.update(files)

    def shared_budgets_hold(self) -> bool:
        """True when the budgets the whole tree's hints share are not run out: no hint then depends on the order."""
        values = self.summaries.values()
        references = sum(f.check == REFERENCE_CHECK for f in chain.from_iterable(map(attrgetter("cross"), values)))
        costs: int = sum(map(attrgetter("cost"), values))
        return references <= HINTED and costs <= HINT_BUDGET

    def save(self, stored: Stored) -> None:
        kept = store.Run(
            self.started, self.summaries, self.seen, self.walked, self.snapshots, self.folders, self.touched
        )
        store.save(self.root, kept, stored)

    def result(self, checked: int) -> Warm:
        values = self.summaries.values()
        findings = list(self.walked)
        findings.extend(chain.from_iterable(map(attrgetter("own"), values)))  # in C: most files have none
        findings.extend(chain.from_iterable(map(attrgetter("cross"), values)))
        findings.sort()
        ids = list(map(attrgetter("id"), values))
        records = len(ids) - ids.count(None)
        return Warm(self.corpus, findings, len(self.paths), records, checked)


def _renamed(changed: set[str], before: dict[str, Summary], after: dict[str, Summary]) -> bool:
    """True when the tree's list of IDs in file order is not what it was: only files that changed can change it
    (a file added or removed with no ID leaves it as it was)."""
    return any(
        (None if before.get(path) is None else before[path].id) != (None if after.get(path) is None else after[path].id)
        for path in changed
    )


def _plan(run: _Run, stored: Stored) -> tuple[set[str], set[str], list[str]] | None:
    """The files to check again, the files their checks read, and every ID of the tree in file order;
    None when the run should be cold."""
    changed = run.changes(stored)
    if len(changed) > FEW + COLD_SHARE * len(run.paths):
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
    renamed = _renamed(changed, stored.files, run.summaries)
    files = affected(changed | sources, ids, stored.files, now, renamed)
    return files, context(files, now), known


def validate_warm(root: Path) -> Warm:
    """Validate the tree at ``root`` as :func:`sahel_facts.validate.validate` does, using and updating its cache."""
    remove_stale()
    run = _Run(root)
    stored = store.load(root)
    run.walk(stored)
    planned = _plan(run, stored) if stored is not None else None
    if planned is not None:
        files, needed, known = planned
        run.check(files, needed, known)
        if not run.shared_budgets_hold():
            planned = None
    if planned is None:
        files = run.everything()
        run.snapshot_changes(Stored())
        run.check(files, files)
    run.save(stored or Stored())
    return run.result(len(files))
