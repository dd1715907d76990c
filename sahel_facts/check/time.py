"""Checks that dates fit together: within the life of what they name, in order, and observable.

Dates compare by their bounds (:attr:`~sahel_facts.model.dates.EDTF.earliest` and
``latest``): two dates conflict only when no day can satisfy both, so imprecise dates
never raise false alarms. A claim's time is the one time field its kind uses
(:attr:`~sahel_facts.model.claims.ClaimBase.when`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import date

from ..findings import Finding, rule
from ..model.claims import ClaimBase, Withdrawal
from ..model.dates import before
from ..model.sources import Source
from ..model.walk import dates
from .corpus import Corpus, Entry, attribute

ENTITY_VALIDITY = rule("T601", "entity-validity", "a claim's time is within the life of the entities it names")
WITHDRAWAL_ORDER = rule("T602", "withdrawal-order", "a withdrawal completes no earlier than it began")
AS_OF = rule("T603", "as-of", "an observation is not dated after its source was published")
INTERVAL_FORM = rule("T604", "interval-form", "an interval writes an end no source gives as '..', never empty")

#: The steps of a withdrawal, in the order they happen.
STAGE_ORDER = {"announced": 0, "began": 1, "completed": 2}


@ENTITY_VALIDITY.check
def within_entity_validity(corpus: Corpus) -> Iterator[Finding]:
    """T601: a claim's time overlaps the validity of every entity it names, where that is known."""
    for entry, claim in corpus.of(ClaimBase):
        when, field = claim.when, claim.time_field
        if when is None or field is None:
            continue
        for loc, target, _ in corpus.references(entry):
            if target.startswith("claim:"):
                continue
            valid = attribute(corpus.record(target), "valid")
            if valid is None:
                continue
            if when.disjoint(valid):
                yield entry.finding(
                    (field,),
                    ENTITY_VALIDITY,
                    f"{field} {when} is outside the validity of {target} ({valid})",
                    f"named at {'.'.join(map(str, loc))}: check the date, or whether another entity is meant",
                )


def ordered_in(withdrawal: Withdrawal) -> tuple[str, str] | None:
    """The group of withdrawals T602 puts ``withdrawal`` in order with: its force and country, when it is
    dated (a warm run re-checks the whole group of a withdrawal that changed)."""
    return (withdrawal.force, withdrawal.country) if withdrawal.date is not None else None


@WITHDRAWAL_ORDER.check
def withdrawal_order(corpus: Corpus) -> Iterator[Finding]:
    """T602: a withdrawal is not completed before it began or was announced.

    Stages compare within one force and country; a stage with no facility applies to
    every facility of that country, one with a facility only to that facility. For
    each later stage, only the latest start of each earlier stage matters (for the
    whole country and for the claim's own facility): a few look-ups a claim, not a
    scan of the others.
    """
    by_subject: dict[tuple[str, str], list[tuple[Entry, Withdrawal]]] = defaultdict(list)
    for entry, withdrawal in corpus.of(Withdrawal):
        subject = ordered_in(withdrawal)
        if subject is not None:
            by_subject[subject].append((entry, withdrawal))
    for withdrawals in by_subject.values():
        # the latest earliest-day of each active stage, per facility (None: the whole country)
        latest: dict[tuple[str, str | None], tuple[date, Withdrawal]] = {}
        for _, earlier in withdrawals:
            start = earlier.date.earliest if earlier.date is not None else None
            if earlier.status != "active" or start is None:
                continue
            key = (earlier.stage, earlier.facility)
            if key not in latest or start > latest[key][0]:
                latest[key] = (start, earlier)
        for entry, later in withdrawals:
            assert later.date is not None
            stages = [stage for stage, order in STAGE_ORDER.items() if order < STAGE_ORDER[later.stage]]
            facilities = dict.fromkeys((None, later.facility))
            for stage, facility in ((s, f) for s in stages for f in facilities):
                if (stage, facility) not in latest:
                    continue
                start, earlier = latest[(stage, facility)]
                if earlier is not later and before(later.date.latest, start):
                    yield entry.finding(
                        ("date",),
                        WITHDRAWAL_ORDER,
                        f"{later.stage} on {later.date}, before it {stage} ({earlier.date}, {earlier.id})",
                    )


@AS_OF.check
def observed_before_publication(corpus: Corpus) -> Iterator[Finding]:
    """T603: an observation's ``as_of`` is not after the publication of a source it rests on."""
    for entry, claim in corpus.of(ClaimBase):
        if claim.as_of is None:
            continue
        for index, item in enumerate(claim.evidence):
            source = corpus.record(item.source)
            if not isinstance(source, Source) or source.published == "unknown":
                continue
            if before(source.published.latest, claim.as_of.earliest):
                yield entry.finding(
                    ("as_of",),
                    AS_OF,
                    f"as_of {claim.as_of} is after {item.source} was published ({source.published})",
                    f"evidence {index + 1} cannot observe what came after it",
                )


@INTERVAL_FORM.check
def interval_forms(corpus: Corpus) -> Iterator[Finding]:
    """T604: every interval is written one way: ``2023-07-26/..``, not ``2023-07-26/``.

    EDTF allows both, and the models accept both so that a package built with either
    still loads; the facts use one.
    """
    for entry in corpus.entries:
        for loc, value in dates(entry.record):
            start, slash, end = value.partition("/")
            if slash and "" in (start, end):
                written = f"{start or '..'}/{end or '..'}"
                yield entry.finding(
                    loc,
                    INTERVAL_FORM,
                    f"interval '{value}' leaves a side empty",
                    f"write '{written}' ('..' for an end no source gives)",
                )
