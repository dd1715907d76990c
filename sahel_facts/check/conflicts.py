"""Checks that disagreements between claims are recorded, not hidden.

Two active claims conflict when they are about the same thing (the same
:meth:`~sahel_facts.model.claims.ClaimBase.conflict_group`, which each kind declares)
and :meth:`~sahel_facts.model.claims.ClaimBase.disagreement` finds no reading under
which both hold. Such claims must point at each other with ``conflicts_with`` (or one
must ``supersede`` the other). Conversely, ``conflicts_with`` is for claims that cannot
both hold: a link between claims the same rules find compatible (or cannot compare)
must say in ``conflict_reason`` what they disagree on.

Which claims of a group disagree is worked out by :mod:`~sahel_facts.check.sweep`
from sorted lists, so a large group costs a sort and what is reported, not a
comparison of every pair.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from ..findings import Finding, rule
from ..model.claims import ClaimBase
from .corpus import Corpus, in_use
from .sweep import Member, disagreeing

UNLINKED_CONFLICT = rule("C701", "unlinked-conflict", "claims that disagree on the same thing are linked")
MUTUAL_LINKS = rule("C702", "mutual-links", "conflicts_with links go both ways")
NEEDLESS_LINK = rule(
    "C703",
    "needless-link",
    "conflicts_with joins claims that cannot both hold, or its conflict_reason says what they disagree on",
)


def _linked(a: ClaimBase, b: ClaimBase) -> bool:
    return b.id in a.conflicts_with or b.id in a.supersedes or a.id in b.conflicts_with or a.id in b.supersedes


#: The most other claims a finding names besides the first.
ALSO = 2


def compared_in(claim: ClaimBase) -> tuple[object, ...] | None:
    """The group of claims C701 compares ``claim`` with: its conflict group while it is active and not
    deprecated, else None (a warm run re-checks the whole group of a claim that changed)."""
    return claim.conflict_group() if in_use(claim) else None


@UNLINKED_CONFLICT.check
def unlinked_conflicts(corpus: Corpus) -> Iterator[Finding]:
    """C701: two active claims that disagree about the same thing are linked.

    One finding a claim, on the later of each disagreeing pair, naming the nearest
    claim it disagrees with and a few more.
    """
    groups: dict[tuple[object, ...], list[Member]] = defaultdict(list)
    for entry, claim in corpus.of(ClaimBase):
        group = compared_in(claim)
        if group is not None:
            groups[group].append((entry, claim))
    for members in groups.values():
        for (entry, claim), ((other_entry, other), *more) in disagreeing(members, _linked, limit=2 + ALSO):
            what = claim.disagreement(other) or other.disagreement(claim)
            also = ", ".join(m[1].id for m in more[:ALSO]) + (" and more" if len(more) > ALSO else "")
            yield entry.finding(
                ("id",),
                UNLINKED_CONFLICT,
                f"disagrees with {other.id} ({other_entry.path}) on {what}, and they are not linked"
                + (f"; it also disagrees, unlinked, with {also}" if more else ""),
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


def _why_compatible(claim: ClaimBase, other: ClaimBase) -> str | None:
    """Why the conflict check's own rules let ``claim`` and ``other`` both hold; None when they cannot."""
    group = claim.conflict_group()
    if group is None:
        return f"the conflict check never compares {claim.kind} claims"
    if group != other.conflict_group():
        fields = ", ".join(claim.conflict_key)
        return f"they are not about the same thing by the conflict check ({claim.kind}, same {fields})"
    if claim.disagreement(other) or other.disagreement(claim):
        return None
    return f"their {claim.compared}s can both hold"


@NEEDLESS_LINK.check
def needless_links(corpus: Corpus) -> Iterator[Finding]:
    """C703: a ``conflicts_with`` link joins claims that cannot both hold, unless ``conflict_reason`` says why.

    Whether they can both hold is decided by the rules C701 uses (:meth:`ClaimBase.disagreement`
    within a conflict group); a link those rules cannot see needs its reason written down.
    """
    for entry, claim in corpus.of(ClaimBase):
        if claim.conflict_reason is not None:
            continue
        for index, other_id in enumerate(claim.conflicts_with):
            other = corpus.record(other_id)
            if not isinstance(other, ClaimBase):
                continue  # X303 says so
            why = _why_compatible(claim, other)
            if why is not None:
                yield entry.finding(
                    ("conflicts_with", index),
                    NEEDLESS_LINK,
                    f"linked as a conflict with {other_id}, but {why}",
                    "drop the link if both can hold, or say in conflict_reason what they disagree on",
                )
