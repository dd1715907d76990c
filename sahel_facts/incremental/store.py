"""What a warm run keeps between runs, and how a file's or a snapshot's version is told.

Kept in the user cache (:mod:`sahel_facts.read.cache`: marshal, signed, outside ROOT):
``files``, each record file's :class:`~sahel_facts.incremental.summary.Summary` (plain
tuples) in the walk's order; ``walk``, the walk's own findings; ``folders``, the folders
the walk entered with their keys, and ``groups``, the record files of each folder, from
which the next run takes the walk again while no folder changed
(:mod:`~sahel_facts.incremental.listing`); ``snapshots``, each archived snapshot a source
names, with its stat and digest. Anything that does not decode discards the whole of it.

Rewriting every summary after a one-file edit would cost about as much as the rest of
a warm run, so the summaries are kept in two parts: the *base*, all of them, written
when files are added or removed or many changed; and the *delta*, the summaries that
differ from the base's, written by every other run. The delta names the base it
applies to by a random token: a delta of another base is not used, and the base alone
is then an older, consistent state, which the next run compares the tree with.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import Any

from ..check.evidence import MAX_SNAPSHOT_BYTES, snapshot_path
from ..findings import RULES, Finding
from ..read import cache
from ..read.places import digest
from ..read.tree import beneath, read_regular_file
from .listing import Folders, Groups, groups
from .summary import Kept, Stat, Summary, decode_all, stat_of

#: A file whose mtime or ctime is this recent (in ns) when a run starts is hashed again next time: an edit in
#: the same tick of the file system's clock as the run's reading would leave its stat as it was. Folders alike.
RACY_NS = 2_000_000_000
#: The cache part that holds the summaries that differ from the base's.
DELTA = "-delta"
#: Past this share of the files (and :data:`FEW_IN_DELTA`) differing from the base, the whole is written again.
DELTA_SHARE = 0.02
FEW_IN_DELTA = 100

#: A version as seen: the stat as kept (None if none), and the later of its mtime and ctime (ns), which says
#: whether the stat can be trusted next time.
Seen = tuple[Stat | None, int]
#: A snapshot's version: its stat as kept (None if none) and the hex digest of its bytes; the digest is None
#: when it cannot be read.
Version = tuple[Stat | None, str | None]


def seen(info: os.stat_result | None) -> Seen:
    """A stat as kept, with the time that says whether to trust it next time."""
    if info is None:
        return None, 0
    return stat_of(info), max(info.st_mtime_ns, info.st_ctime_ns)


@dataclass
class Stored:
    """What the last run kept (empty: nothing kept, or nothing to trust)."""

    files: dict[str, Summary] = field(default_factory=dict)
    """Each record file's summary, in the walk's order."""
    raw: dict[str, Kept] = field(default_factory=dict)
    """Each file's summary as read, to write back as it is when it has not changed."""
    walk: list[Finding] = field(default_factory=list)
    snapshots: dict[str, Version] = field(default_factory=dict)
    token: str = ""
    """The base's token, which its delta names."""
    in_delta: set[str] = field(default_factory=set)
    """The files whose summaries came from the delta."""
    folders: Folders | None = None
    """The folders the walk entered, with their keys (:mod:`~sahel_facts.incremental.listing`); None if not kept."""
    groups: Groups = ()
    """The record files of each folder (the base's: the delta has the same files)."""


def _walk(value: Any) -> list[Finding]:
    walk = [Finding(path, line, col, check, message, hint) for path, line, col, check, message, hint in value]
    for finding in walk:
        if not (type(finding.path) is str and type(finding.message) is str and finding.check in RULES):
            raise ValueError("malformed finding")
    return walk


def _folders(value: Any) -> Folders | None:
    if value is None:
        return None
    for rel, (inode, device, mtime, ctime) in value:
        if not (type(rel) is str and type(inode) is type(device) is type(mtime) is type(ctime) is int):
            raise ValueError("malformed folder")
    return tuple(value)


def _groups(value: Any, files: dict[str, Summary]) -> Groups:
    found = tuple((folder, tuple(paths)) for folder, paths in value)
    if (
        sum(len(paths) for _, paths in found) != len(files)
        or set(chain.from_iterable(p for _, p in found)) != files.keys()
    ):
        raise ValueError("the groups are not the files'")
    return found


def _snapshots(value: Any) -> dict[str, Version]:
    snapshots = {path: (stat, known) for path, (stat, known) in value.items()}
    for path, (stat, known) in snapshots.items():
        if type(path) is not str or not (known is None or type(known) is str):
            raise ValueError("malformed snapshot")
        if stat is not None and not (type(stat) is tuple and len(stat) == 5 and all(type(n) is int for n in stat)):
            raise ValueError("malformed snapshot")
    return snapshots


def load(root: Path) -> Stored | None:
    """What the last run at ``root`` kept, or None when there is nothing to trust."""
    base, delta = cache.load(root), cache.load(root, DELTA)
    try:
        raw = dict(base["files"])
        token = base["token"]
        latest, changed = base, {}
        if isinstance(delta, dict) and delta.get("token") == token:
            changed = delta["files"]
            if not changed.keys() <= raw.keys():
                return None
            raw.update(changed)
            latest = delta
        files = decode_all(raw)
        return Stored(
            files,
            raw,
            _walk(latest["walk"]),
            _snapshots(latest["snapshots"]),
            token,
            set(changed),
            _folders(latest["folders"]),
            _groups(base["groups"], files),
        )
    except (TypeError, ValueError, KeyError, AttributeError):
        return None  # none kept, or not what this code writes: trust none of it


def snapshot_version(root: Path, relpath: str, before: Version | None) -> tuple[Version, int]:
    """The version of the snapshot at ``relpath`` now (read only if its stat is not ``before``'s), and its time."""
    try:
        with beneath(root, snapshot_path(relpath)) as (folder, name):
            stat, newest = seen(os.stat(name, dir_fd=folder, follow_symlinks=False))
            if before is not None and stat is not None and before[0] == stat and before[1] is not None:
                return before, newest
            return (stat, digest(read_regular_file(name, MAX_SNAPSHOT_BYTES, dir_fd=folder)).hex()), newest
    except OSError:
        return (None, None), 0


@dataclass
class Run:
    """What a run leaves to keep: its summaries, the stats it took, its walk, and the snapshots it looked at."""

    started: int
    """When the run began (ns since the epoch)."""
    summaries: dict[str, Summary]
    seen: dict[str, Seen]
    """The stat of each file whose stat was not its summary's (read, or hashed)."""
    walk: list[Finding]
    snapshots: dict[str, tuple[Version, int]]
    folders: Folders | None
    touched: set[str]
    """The files whose summaries may not be the stored ones (read, hashed, or checked again)."""


def save(root: Path, run: Run, stored: Stored) -> None:
    """Keep ``run``'s summaries (each file's stat as seen), walk and snapshots for the next run.

    Only the delta is written, unless files were added or removed or many differ from the base. A stat seen
    less than :data:`RACY_NS` before the run began is not kept: the file is hashed next time.
    """
    settled = run.started - RACY_NS
    summaries = run.summaries
    whole = stored.token == "" or summaries.keys() != stored.files.keys()
    differ: dict[str, Kept] = {path: stored.raw[path] for path in stored.in_delta} if not whole else {}
    for path in run.touched if not whole else summaries:
        summary = summaries[path]
        stat, newest = run.seen.get(path, (summary.stat, 0))
        stat = stat if newest < settled else None
        before = stored.raw.get(path)
        if before is not None and stored.files[path] is summary and before[0] == stat:
            if path in stored.in_delta or whole:
                differ[path] = before
            else:
                differ.pop(path, None)
        else:
            differ[path] = summary.encode(stat)
    whole = whole or len(differ) > FEW_IN_DELTA + DELTA_SHARE * len(summaries)
    if whole:  # every summary, those as read kept as they were
        differ = {path: differ.get(path) or stored.raw[path] for path in summaries}
    content: dict[str, Any] = {
        "token": secrets.token_hex(16) if whole else stored.token,
        "files": differ,
        "walk": tuple((f.path, f.line, f.col, f.check, f.message, f.hint) for f in run.walk),
        "snapshots": {
            path: (stat if newest < settled else None, known) for path, ((stat, known), newest) in run.snapshots.items()
        },
        "folders": run.folders,
    }
    if whole:
        content["groups"] = groups(summaries)
    cache.save(root, content, "" if whole else DELTA)
