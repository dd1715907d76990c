"""What a warm run keeps between runs, and how a file's or a snapshot's version is told.

Kept as JSON in the user cache (:mod:`sahel_facts.read.cache`: signed, outside ROOT):
``files``, each record file's :class:`~sahel_facts.incremental.summary.Summary` in the
walk's order; ``walk``, the walk's own findings; ``snapshots``, each archived snapshot a
source names, with its stat and digest. Anything that does not decode discards the
whole of it.

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
from pathlib import Path
from typing import Any

from ..check.evidence import MAX_SNAPSHOT_BYTES, snapshot_path
from ..findings import RULES, Finding
from ..read import cache
from ..read.places import digest
from ..read.tree import read_regular_file
from .summary import Summary, decode, stat_text

#: A file whose mtime or ctime is this recent (in ns) when a run starts is hashed again next time: an edit in
#: the same tick of the file system's clock as the run's reading would leave its stat as it was.
RACY_NS = 2_000_000_000
#: The cache part that holds the summaries that differ from the base's.
DELTA = "-delta"
#: Past this share of the files (and :data:`FEW_IN_DELTA`) differing from the base, the whole is written again.
DELTA_SHARE = 0.02
FEW_IN_DELTA = 100

#: A version as seen: the stat as kept (:func:`~sahel_facts.incremental.summary.stat_text`; empty if none), and
#: the later of its mtime and ctime (ns), which says whether the stat can be trusted next time.
Seen = tuple[str, int]
#: A snapshot's version: its stat as kept and the hex digest of its bytes; the digest is None when it cannot be read.
Version = tuple[str, str | None]


def seen(info: os.stat_result | None) -> Seen:
    """A stat as kept, with the time that says whether to trust it next time."""
    if info is None:
        return "", 0
    return stat_text(info), max(info.st_mtime_ns, info.st_ctime_ns)


@dataclass
class Stored:
    """What the last run kept (empty: nothing kept, or nothing to trust)."""

    files: dict[str, Summary] = field(default_factory=dict)
    raw: dict[str, list[Any]] = field(default_factory=dict)
    """Each file's summary as read, to write back as it is when it has not changed."""
    walk: list[Finding] = field(default_factory=list)
    snapshots: dict[str, Version] = field(default_factory=dict)
    token: str = ""
    """The base's token, which its delta names."""
    in_delta: set[str] = field(default_factory=set)
    """The files whose summaries came from the delta."""


def _files(content: Any) -> tuple[dict[str, Summary], dict[str, list[Any]]]:
    raw = content["files"]
    return {path: decode(path, value) for path, value in raw.items()}, raw


def load(root: Path) -> Stored | None:
    """What the last run at ``root`` kept, or None when there is nothing to trust."""
    base, delta = cache.load(root), cache.load(root, DELTA)
    try:
        files, raw = _files(base)
        token = base["token"]
        if isinstance(delta, dict) and delta.get("token") == token:
            changed, changed_raw = _files(delta)
            if not changed.keys() <= files.keys():
                return None
            files.update(changed)
            raw.update(changed_raw)
            base = delta
        else:
            changed = {}
        walk = [
            Finding(path, line, col, check, message, hint) for path, line, col, check, message, hint in base["walk"]
        ]
        snapshots = {path: (stat, known) for path, (stat, known) in base["snapshots"].items()}
    except (TypeError, ValueError, KeyError, AttributeError):
        return None  # none kept, or not what this code writes: trust none of it
    for finding in walk:
        if not (type(finding.path) is str and type(finding.message) is str and finding.check in RULES):
            return None
    for stat, known in snapshots.values():
        if type(stat) is not str or not (known is None or type(known) is str):
            return None
    return Stored(files, raw, walk, snapshots, token, set(changed))


def snapshot_version(root: Path, relpath: str, before: Version | None) -> tuple[Version, int]:
    """The version of the snapshot at ``relpath`` now (read only if its stat is not ``before``'s), and its time."""
    try:
        path = snapshot_path(root, relpath)
        stat, newest = seen(os.lstat(path))
        if before is not None and stat and before[0] == stat and before[1] is not None:
            return before, newest
        return (stat, digest(read_regular_file(path, MAX_SNAPSHOT_BYTES)).hex()), newest
    except OSError:
        return ("", None), 0


def save(
    root: Path,
    started: int,
    summaries: dict[str, Summary],
    seen: dict[str, Seen],
    stored: Stored,
    walk: list[Finding],
    snapshots: dict[str, tuple[Version, int]],
) -> None:
    """Keep this run's summaries (each file's stat as ``seen``), walk findings and snapshots for the next run.

    Only the delta is written, unless files were added or removed or many differ from the base. A stat seen
    less than :data:`RACY_NS` before ``started`` is not kept: the file is hashed next time.
    """
    settled = started - RACY_NS
    differ: dict[str, list[Any]] = {}
    whole = stored.token == "" or summaries.keys() != stored.files.keys()
    for path, summary in summaries.items():
        stat, newest = seen[path]
        stat = stat if newest < settled else ""
        before = stored.raw.get(path)
        if before is not None and stored.files[path] is summary and before[0] == stat:
            if path in stored.in_delta or whole:
                differ[path] = before
        else:
            differ[path] = summary.encode(stat)
    whole = whole or len(differ) > FEW_IN_DELTA + DELTA_SHARE * len(summaries)
    if whole:  # every summary, those as read kept as they were
        differ = {path: differ.get(path) or stored.raw[path] for path in summaries}
    content = {
        "token": secrets.token_hex(16) if whole else stored.token,
        "files": differ,
        "walk": [[f.path, f.line, f.col, f.check, f.message, f.hint] for f in walk],
        "snapshots": {
            path: [stat if newest < settled else "", known] for path, ((stat, known), newest) in snapshots.items()
        },
    }
    cache.save(root, content, "" if whole else DELTA)
