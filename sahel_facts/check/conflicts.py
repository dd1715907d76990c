"""Checks that disagreements between claims are recorded, not hidden.

Two active claims conflict when they are about the same thing (the same
:meth:`~sahel_facts.model.claims.ClaimBase.conflict_group`, which each kind declares)
and :meth:`~sahel_facts.model.claims.ClaimBase.disagreement` finds no reading under
which both hold. Such claims must point at each other with ``conflicts_with`` (or one
must ``supersede`` the other).

Claims of one group are compared in time order, each only with the later claims that
can still lie within the event window (or that carry no time), so a large group costs
a sort, not a comparison of every pair.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import date

from ..findings import Finding, rule
from ..model.claims import EVENT_WINDOW_DAYS, ClaimBase
from .corpus import Corpus, Entry

UNLINKED_CONFLICT = rule("C701", "unlinked-conflict", "claims that disagree on the same thing are linked")
MUTUAL_LINKS = rule("C702", "mutual-links", "conflicts_with links go both ways")


def _linked(a: ClaimBase, b: ClaimBase) -> bool:
    return b.id in a.conflicts_with or b.id in a.supersedes or a.id in b.conflicts_with or a.id in b.supersedes


def _start(claim: ClaimBase) -> date:
    when = claim.when
    return (when.earliest if when is not None else None) or date.min


def _end(claim: ClaimBase) -> date:
    when = claim.when
    return (when.latest if when is not None else None) or date.max


def candidate_pairs(members: list[tuple[Entry, ClaimBase]]) -> Iterator[tuple[Entry, ClaimBase, Entry, ClaimBase]]:
    """The pairs of one conflict group that can disagree: dated ones only within the event window.

    For date-compared kinds, a claim is compared with the claims that start before its
    end plus the window (sorted by start, so the scan stops there); claims with no time
    or an open start are compared with all.
    """
    # dates compare within the event window; quantities at overlapping times: the same sweep, no window
    window = EVENT_WINDOW_DAYS if members and members[0][1].compared == "date" else 0
    ordered = sorted(members, key=lambda m: (_start(m[1]), m[1].id))
    for i, (entry_a, a) in enumerate(ordered):
        reach = _end(a)
        for entry_b, b in ordered[i + 1 :]:
            start = _start(b)
            if reach != date.max and start != date.min and (start - reach).days > window:
                break
            yield entry_a, a, entry_b, b


@UNLINKED_CONFLICT.check
def unlinked_conflicts(corpus: Corpus) -> Iterator[Finding]:
    """C701: two active claims that disagree about the same thing are linked."""
    groups: dict[tuple[object, ...], list[tuple[Entry, ClaimBase]]] = defaultdict(list)
    for entry, claim in corpus.active_claims():
        group = claim.conflict_group()
        if group is not None:
            groups[group].append((entry, claim))
    for members in groups.values():
        for entry_a, a, entry_b, b in candidate_pairs(members):
            what = a.disagreement(b)
            if what and not _linked(a, b):
                first, second = sorted(((entry_a, a), (entry_b, b)), key=lambda m: m[0].path)
                yield second[0].finding(
                    ("id",),
                    UNLINKED_CONFLICT,
                    f"disagrees with {first[1].id} ({first[0].path}) on {what}, and they are not linked",
                    "add each to the other's conflicts_with (with a rank where one is better supported), "
                    "or supersedes if one replaces the other",
                )


@MUTUAL_LINKS.check
def links_are_mutual(corpus: Corpus) -> Iterator[Finding]:
    """C702: ``conflicts_with`` goes both ways: each of two conflicting claims names the other."""
    for entry, claim in corpus.of(ClaimBase):
        for index, other_id in enumerate(claim.conflicts_with):
            other = corpus.record(other_id)
            if isinstance(other, ClaimBase) and claim.id not in other.conflicts_with:
                yield entry.finding(
                    ("conflicts_with", index),
                    MUTUAL_LINKS,
                    f"{other_id} does not list {claim.id} in its conflicts_with",
                    f"add {claim.id} to conflicts_with in {corpus.by_id[other_id].path}",
                )
