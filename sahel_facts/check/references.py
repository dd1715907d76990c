"""Checks that every reference leads to a record of the family it should, claimants written as IDs too,
and an organisation of the category its field asks for."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..findings import Finding, rule
from ..model.base import shown
from ..model.claims import ClaimBase
from ..model.entities import Organisation
from ..model.ids import ANY_ID, PREFIXES
from ..model.kinds import KINDS
from .corpus import Corpus, Entry, attribute

REFERENCE = rule("X303", "reference", "every referenced ID exists")
CATEGORY = rule("X306", "category", "a field that asks for an operation, a mission or an alliance names one")

#: A claimant that looks like an ID: a known prefix (in any case), a colon, and no spaces.
ID_LIKE = re.compile(rf"({'|'.join(PREFIXES)}):\S+", re.IGNORECASE)
_IN_WORDS = "name an existing entity, or describe the claimant in words"


def _a(noun: str) -> str:
    return f"{'an' if noun[0] in 'aeiou' else 'a'} {noun}"


@REFERENCE.check
def dangling_references(corpus: Corpus) -> Iterator[Finding]:
    """X303: every ID a record names is a record in the tree (and so is a claimant that looks like an ID)."""
    for entry in corpus.entries:
        for loc, target, ref in corpus.references(entry):
            if target not in corpus.by_id and not corpus.is_broken(target):
                wanted = " or ".join(KINDS.noun(p) for p in ref.prefixes)
                yield entry.finding(
                    loc,
                    REFERENCE,
                    f"'{target}' is not a record in the tree (expected {_a(wanted)})",
                    corpus.id_hint(target, ref.prefixes),
                )
        yield from _claimants(corpus, entry)


def _claimants(corpus: Corpus, entry: Entry) -> Iterator[Finding]:
    """A claimant that looks like an ID (a known prefix, a colon, no spaces) is the ID of a record in the tree."""
    for index, item in enumerate(attribute(entry.record, "evidence") or ()):
        claimant = item.claimant
        looks = ID_LIKE.fullmatch(claimant)
        if looks is None or claimant in corpus.by_id or corpus.is_broken(claimant):
            continue
        prefix = looks.group(1).lower()
        noun = KINDS.noun(prefix)
        if ANY_ID.match(claimant):
            message = f"claimant '{claimant}' looks like {_a(noun)} ID but no such record exists"
        else:
            form = "country:ISO" if prefix == "country" else f"{prefix}:some-slug"
            message = f"claimant '{shown(claimant)}' looks like {_a(noun)} ID but is not one ({form})"
        yield entry.finding(
            ("evidence", index, "claimant"),
            REFERENCE,
            message,
            corpus.id_hint(claimant, (prefix,)) or _IN_WORDS,
        )


@CATEGORY.check
def organisation_categories(corpus: Corpus) -> Iterator[Finding]:
    """X306: a field the kind declares in ``categories`` names an organisation of one of those categories."""
    for entry, claim in corpus.of(ClaimBase):
        for name, wanted in claim.categories.items():
            target = getattr(claim, name)
            found = corpus.record(target) if isinstance(target, str) else None
            if isinstance(found, Organisation) and found.category not in wanted:
                yield entry.finding(
                    (name,),
                    CATEGORY,
                    f"'{target}' is an organisation of category {found.category}; "
                    f"a {claim.kind}'s {name} is {' or '.join(wanted)}",
                    f"name the {' or '.join(w.replace('_', ' ') for w in wanted)} itself, or correct "
                    f"{target}'s category",
                )
