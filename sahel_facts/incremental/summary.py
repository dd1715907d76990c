"""A record file's summary: what a warm run needs to know of a file it does not read again.

A summary is small (a few hundred bytes, against several kilobytes for a parse): how
to tell the file's version (its stat and the digest of its bytes), its findings, and
what ties its checks to other records: its ID, the IDs it looks up, the IDs its chain
fields point at (the loop check), the groups it is compared within (the conflict and
withdrawal order checks), and the snapshot its source archives.
"""

from __future__ import annotations

import json
import os
from itertools import chain, repeat
from typing import Any, NamedTuple

from ..check.conflicts import compared_in
from ..check.corpus import in_use
from ..check.cycles import CHAIN_FIELDS
from ..check.identifiers import LOCATED_PREFIXES
from ..check.references import ID_LIKE
from ..check.time import ordered_in
from ..findings import RULES, Finding
from ..model.claims import ClaimBase, Withdrawal
from ..model.ids import split_id
from ..model.records import Record
from ..model.sources import Source
from ..model.walk import references
from .files import Outcome

#: How a file's version is told without reading it: size, mtime and ctime (ns), inode, device.
Stat = tuple[int, int, int, int, int]
#: IDs and group keys are kept one a line: one string is read much faster than a tuple of them.
SEPARATOR = "\n"


def stat_of(info: os.stat_result) -> Stat:
    """A file's stat as kept: size, mtime and ctime (ns), inode and device."""
    return info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, info.st_dev


def lines(text: str) -> list[str]:
    """The IDs or group keys kept in ``text``, one a line."""
    return text.split(SEPARATOR) if text else []


class Summary(NamedTuple):
    """What a warm run keeps of one record file (a tuple: one is read for every file of the tree)."""

    stat: Stat | None
    """The file's stat when last read (:func:`stat_of`); None to look at its bytes next time (it was changing
    then, or could not be read)."""
    digest: str
    """The hex digest of its bytes (:func:`~sahel_facts.read.places.digest`); empty if it could not be read."""
    own: tuple[Finding, ...]
    """Its findings from reading and modelling."""
    cross: tuple[Finding, ...]
    """Its findings from the checks across records."""
    id: str | None
    """The ID of its record, when it holds a valid one."""
    held: str | None
    """The ID a file without a valid record holds, if it reads that far."""
    refs: str
    """Every ID its record's checks look up, one a line: references, chain links, claimants that look like IDs."""
    chain: str
    """The IDs its chain fields (supersedes, parent, ...) point at, one a line."""
    groups: str
    """The groups C701 and T602 compare it within, one a line."""
    snapshot: str | None
    """The path of the archived snapshot its source record names."""
    cost: int
    """What E401's hints for its quotes cost (the run's budget is shared by the whole tree)."""
    named: str
    """The places and facilities it names while in use, one a line (G511 holds them to the gazetteers, and names
    the first claim that names each)."""

    def encode(self, stat: Stat | None) -> Kept:
        """The summary as kept (plain tuples, see :func:`decode_all`), with ``stat`` as the file's stat."""
        own = tuple(_finding(f) for f in self.own)
        cross = tuple(_finding(f) for f in self.cross)
        return (stat, self.digest, own, cross, *self[4:])


#: A summary as kept: a plain tuple of :class:`Summary`'s fields, its findings tuples of line, column, check,
#: message and hint.
Kept = tuple[Any, ...]
#: The types each field of a kept summary may have (a stat is checked further, findings are decoded).
_TYPES: tuple[set[type], ...] = (
    {tuple, type(None)},
    {str},
    {tuple},
    {tuple},
    {str, type(None)},
    {str, type(None)},
    {str},
    {str},
    {str},
    {str, type(None)},
    {int},
    {str},
)


def _finding(finding: Finding) -> tuple[int, int, str, str, str | None]:
    return finding.line, finding.col, finding.check, finding.message, finding.hint


def _findings(path: str, value: tuple[Any, ...]) -> tuple[Finding, ...]:
    found = []
    for line, col, check, message, hint in value:
        ints = type(line) is int and type(col) is int
        if not (ints and check in RULES and type(message) is str and (hint is None or type(hint) is str)):
            raise ValueError("malformed finding")
        found.append(Finding(path, line, col, check, message, hint))
    return tuple(found)


def decode_all(kept: dict[str, Kept]) -> dict[str, Summary]:
    """The summaries back from what was kept; ``ValueError`` (or ``TypeError``) if any is not one.

    Checked a field at a time across all the summaries (``map`` and ``set``, without a Python loop a file), and
    made :class:`Summary` tuples the same way: the files with findings, few, are the only ones decoded one by one.
    """
    values = list(kept.values())
    if not set(map(type, values)) <= {tuple} or not set(map(len, values)) <= {len(Summary._fields)}:
        raise ValueError("not a summary")
    columns = list(zip(*values, strict=True)) if values else [() for _ in _TYPES]
    for column, types in zip(columns, _TYPES, strict=True):
        if not set(map(type, column)) <= types:
            raise ValueError("malformed summary")
    stats = [stat for stat in columns[0] if stat is not None]
    if not set(map(len, stats)) <= {5} or not set(map(type, chain.from_iterable(stats))) <= {int}:
        raise ValueError("malformed stat")
    made = dict(zip(kept, map(tuple.__new__, repeat(Summary), values), strict=True))
    for path, summary in made.items():
        if summary.own or summary.cross:
            made[path] = summary._replace(own=_findings(path, summary.own), cross=_findings(path, summary.cross))
    return made


def chained(record: Record) -> tuple[str, ...]:
    """The IDs ``record``'s chain fields point at (the loop check X305 follows them)."""
    found: list[str] = []
    for name in CHAIN_FIELDS:
        value = getattr(record, name, None)
        found.extend(value if isinstance(value, tuple) else (value,) if isinstance(value, str) else ())
    return tuple(found)


def looked_up(record: Record) -> frozenset[str]:
    """Every ID a check may look up for ``record``: its references, its chain links, its claimants that look like
    IDs, its conflicts_with and its evidence's sources (the last are references too; named for safety)."""
    found = {target for _, target, _ in references(record)}
    found.update(chained(record))
    found.update(getattr(record, "conflicts_with", ()))
    for item in getattr(record, "evidence", ()):
        found.add(item.source)
        if ID_LIKE.fullmatch(item.claimant):
            found.add(item.claimant)
    return frozenset(found)


def compared(record: Record) -> tuple[str, ...]:
    """The groups ``record`` is compared within: C701's conflict group, T602's force and country."""
    found = []
    if isinstance(record, ClaimBase):
        group = compared_in(record)
        if group is not None:
            found.append("C701 " + json.dumps(group, default=str))
    if isinstance(record, Withdrawal):
        subject = ordered_in(record)
        if subject is not None:
            found.append("T602 " + json.dumps(subject))
    return tuple(found)


def located(record: Record) -> list[str]:
    """The places and facilities ``record`` names, when it is a claim in use (G511's concern)."""
    if not (isinstance(record, ClaimBase) and in_use(record)):
        return []
    targets = (target for _, target, _ in references(record))
    return list(dict.fromkeys(t for t in targets if split_id(t)[0] in LOCATED_PREFIXES))


def describe(outcome: Outcome, stat: Stat | None) -> Summary:
    """The summary of a file just read, ``stat`` its stat as kept (its cross-record findings yet to come)."""
    record = outcome.entry.record if outcome.entry is not None else None
    if record is None:
        return Summary(
            stat, outcome.digest.hex(), tuple(outcome.findings), (), None, outcome.held, "", "", "", None, 0, ""
        )
    snapshot = record.snapshot.path if isinstance(record, Source) and record.snapshot is not None else None
    return Summary(
        stat,
        outcome.digest.hex(),
        tuple(outcome.findings),
        (),
        record.id,
        None,
        SEPARATOR.join(sorted(looked_up(record))),
        SEPARATOR.join(chained(record)),
        SEPARATOR.join(compared(record)),
        snapshot,
        0,
        SEPARATOR.join(located(record)),
    )
