"""Checks that dates fit together: within the life of what they name, in order, and observable.

Dates compare by their bounds (:attr:`~sahel_facts.model.dates.EDTF.earliest` and
``latest``): two dates conflict only when no day can satisfy both, so imprecise dates
never raise false alarms.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import date

from ..findings import Finding
from ..model.claims import ClaimBase, Withdrawal
from ..model.dates import EDTF
from ..model.sources import Source
from .corpus import Corpus, Entry

#: The steps of a withdrawal, in the order they happen.
STAGE_ORDER = {"announced": 0, "began": 1, "completed": 2}


def claim_time(claim: ClaimBase) -> tuple[str, EDTF] | None:
    """The field that dates a claim and its value: ``date``, ``valid`` or ``as_of``."""
    for name in ("date", "valid", "as_of"):
        value = getattr(claim, name)
        if value is not None:
            return name, value
    return None


def before(a: date | None, b: date | None) -> bool:
    """True when ``a`` is a bound strictly before ``b`` (an open bound is never before)."""
    return a is not None and b is not None and a < b


def within_entity_validity(corpus: Corpus) -> Iterator[Finding]:
    """T601: a claim's time overlaps the validity of every entity it names, where that is known."""
    for entry in corpus.entries:
        claim = entry.record
        timed = claim_time(claim) if isinstance(claim, ClaimBase) else None
        if timed is None:
            continue
        field, when = timed
        for loc, target, _ in corpus.references(entry):
            named = corpus.by_id.get(target)
            valid = getattr(named.record, "valid", None) if named else None
            if valid is None or target.startswith("claim:"):
                continue
            if before(when.latest, valid.earliest) or before(valid.latest, when.earliest):
                yield entry.finding(
                    (field,),
                    "T601",
                    f"{field} {when} is outside the validity of {target} ({valid})",
                    f"named at {'.'.join(map(str, loc))}: check the date, or whether another entity is meant",
                )


def withdrawal_order(corpus: Corpus) -> Iterator[Finding]:
    """T602: a withdrawal is not completed before it began or was announced.

    Stages compare within one force and country; a stage with no facility applies to
    every facility of that country, one with a facility only to that facility.
    """
    by_subject: dict[tuple[str, str], list[tuple[Entry, Withdrawal]]] = defaultdict(list)
    for entry in corpus.entries:
        if isinstance(entry.record, Withdrawal) and entry.record.date:
            by_subject[(entry.record.force, entry.record.country)].append((entry, entry.record))
    for withdrawals in by_subject.values():  # compared within one force and country only
        for entry, later in withdrawals:
            for _, earlier in withdrawals:
                if earlier is later or earlier.facility not in (None, later.facility) or earlier.status != "active":
                    continue
                if STAGE_ORDER[earlier.stage] < STAGE_ORDER[later.stage] and before(
                    later.date.latest, earlier.date.earliest
                ):
                    yield entry.finding(
                        ("date",),
                        "T602",
                        f"{later.stage} on {later.date}, before it {earlier.stage} ({earlier.date}, {earlier.id})",
                    )


def observed_before_publication(corpus: Corpus) -> Iterator[Finding]:
    """T603: an observation's ``as_of`` is not after the publication of a source it rests on."""
    for entry in corpus.entries:
        claim = entry.record
        if not isinstance(claim, ClaimBase) or claim.as_of is None:
            continue
        for index, item in enumerate(claim.evidence):
            found = corpus.by_id.get(item.source)
            source = found.record if found else None
            if not isinstance(source, Source) or source.published == "unknown":
                continue
            if before(source.published.latest, claim.as_of.earliest):
                yield entry.finding(
                    ("as_of",),
                    "T603",
                    f"as_of {claim.as_of} is after {item.source} was published ({source.published})",
                    f"evidence {index + 1} cannot observe what came after it",
                )
