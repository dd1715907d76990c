"""A record file's summary: what a warm run needs to know of a file it does not read again.

A summary is small (a few hundred bytes, against several kilobytes for a parse): how
to tell the file's version (its stat and the digest of its bytes), its findings, and
what ties its checks to other records: its ID, the IDs it looks up, the IDs its chain
fields point at (the loop check), the groups it is compared within (the conflict and
withdrawal order checks), and the snapshot its source archives.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from ..check.conflicts import compared_in
from ..check.cycles import CHAIN_FIELDS
from ..check.references import ID_LIKE
from ..check.time import ordered_in
from ..findings import RULES, Finding
from ..model.claims import ClaimBase, Withdrawal
from ..model.records import Record
from ..model.sources import Source
from ..model.walk import references
from .files import Outcome

#: How a file's version is told without reading it: size, mtime and ctime (ns), inode, device.
Stat = tuple[int, int, int, int, int]


@dataclass(slots=True)
class Summary:
    """What a warm run keeps of one record file."""

    stat: Stat | None
    """The file's stat when last read; None to look at its bytes next time (it was changing then)."""
    digest: str
    """The hex digest of its bytes (:func:`~sahel_facts.read.places.digest`); empty if it could not be read."""
    own: list[Finding] = field(default_factory=list)
    """Its findings from reading and modelling."""
    cross: list[Finding] = field(default_factory=list)
    """Its findings from the checks across records."""
    id: str | None = None
    """The ID of its record, when it holds a valid one."""
    held: str | None = None
    """The ID a file without a valid record holds, if it reads that far."""
    refs: frozenset[str] = frozenset()
    """Every ID its record's checks look up: references, chain links, claimants that look like IDs."""
    chain: tuple[str, ...] = ()
    """The IDs its chain fields (supersedes, parent, ...) point at."""
    groups: tuple[str, ...] = ()
    """The groups it is compared within by C701 and T602."""
    snapshot: str | None = None
    """The path of the archived snapshot its source record names."""
    cost: int = 0
    """What E401's hints for its quotes cost (the run's budget is shared by the whole tree)."""

    def encode(self, stat: Stat | None) -> list[Any]:
        """The summary as JSON, with ``stat`` as the file's stat."""
        return [
            stat,
            self.digest,
            [_finding(f) for f in self.own],
            [_finding(f) for f in self.cross],
            self.id,
            self.held,
            sorted(self.refs),
            self.chain,
            self.groups,
            self.snapshot,
            self.cost,
        ]


def _finding(finding: Finding) -> list[Any]:
    return [finding.line, finding.col, finding.check, finding.message, finding.hint]


def _strings(value: Any) -> list[str]:
    if not (isinstance(value, list) and all(isinstance(item, str) for item in value)):
        raise ValueError("not a list of strings")
    return value


def _optional(value: Any) -> str | None:
    if value is not None and not isinstance(value, str):
        raise ValueError("not a string")
    return value


def _findings(path: str, value: Any) -> list[Finding]:
    if not isinstance(value, list):
        raise ValueError("findings are not a list")
    found = []
    for line, col, check, message, hint in value:
        ints = type(line) is int and type(col) is int
        if not (ints and check in RULES and isinstance(message, str) and _optional(hint) == hint):
            raise ValueError("malformed finding")
        found.append(Finding(path, line, col, check, message, hint))
    return found


def decode(path: str, value: Any) -> Summary:
    """A summary back from JSON; ``ValueError`` (or ``TypeError``) if it is not one."""
    stat, digest, own, cross, record_id, held, refs, chain, groups, snapshot, cost = value
    if stat is not None and not (len(stat) == 5 and all(type(number) is int for number in stat)):
        raise ValueError("malformed stat")
    if not isinstance(digest, str) or type(cost) is not int:
        raise ValueError("malformed summary")
    return Summary(
        tuple(stat) if stat is not None else None,
        digest,
        _findings(path, own),
        _findings(path, cross),
        _optional(record_id),
        _optional(held),
        frozenset(_strings(refs)),
        tuple(_strings(chain)),
        tuple(_strings(groups)),
        _optional(snapshot),
        cost,
    )


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


def describe(outcome: Outcome, stat: Stat | None) -> Summary:
    """The summary of a file just read (its cross-record findings yet to come)."""
    summary = Summary(stat, outcome.digest.hex(), list(outcome.findings), held=outcome.held)
    if outcome.entry is not None:
        record = outcome.entry.record
        summary.id = record.id
        summary.refs = looked_up(record)
        summary.chain = chained(record)
        summary.groups = compared(record)
        if isinstance(record, Source) and record.snapshot is not None:
            summary.snapshot = record.snapshot.path
    return summary
