"""Checks that every reference leads to a record of the family it should."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding, rule
from ..model.ids import ANY_ID, split_id
from ..model.kinds import KINDS
from .corpus import Corpus

REFERENCE = rule("X303", "reference", "every referenced ID exists")


@REFERENCE.check
def dangling_references(corpus: Corpus) -> Iterator[Finding]:
    """X303: every ID a record names (and a claimant written as an ID) is a record in the tree."""
    for entry in corpus.entries:
        for loc, target, ref in corpus.references(entry):
            if target not in corpus.by_id and not corpus.is_broken(target):
                wanted = " or ".join(KINDS.noun(p) for p in ref.prefixes)
                article = "an" if wanted[0] in "aeiou" else "a"
                yield entry.finding(
                    loc, REFERENCE, f"'{target}' is not a record in the tree (expected {article} {wanted})"
                )
        for index, item in enumerate(getattr(entry.record, "evidence", ())):
            claimant = item.claimant
            if ANY_ID.match(claimant) and claimant not in corpus.by_id and not corpus.is_broken(claimant):
                noun = KINDS.noun(split_id(claimant)[0])
                yield entry.finding(
                    ("evidence", index, "claimant"),
                    REFERENCE,
                    f"claimant '{claimant}' looks like a {noun} ID but no such record exists",
                    "name an existing entity, or describe the claimant in words",
                )
