"""Checks that disagreements between claims are recorded, not hidden.

Two active claims conflict when they are about the same subject and property, at the
same time, with values no reading can reconcile: dates with no day in common,
figures whose ranges do not meet. Such claims must point at each other with
``conflicts_with`` (or one must ``supersede`` the other). What "the same" means is
defined per kind in :data:`SUBJECTS`; kinds not listed there are compared by hand.

Events of the same subject compare only when they are within :data:`EVENT_WINDOW_DAYS`
of each other: two withdrawals years apart are two withdrawals, not a disagreement.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from itertools import combinations

from ..findings import Finding
from ..model.claims import ClaimBase, Distance, Expenditure, ExpulsionOrder, TroopCount, Withdrawal
from ..model.dates import EDTF
from ..model.quantity import Quantity
from .corpus import Corpus, Entry
from .time import before

EVENT_WINDOW_DAYS = 31
#: Per kind: the subject and property a claim is about (claims with equal keys are compared).
SUBJECTS: dict[type[ClaimBase], Callable[[ClaimBase], tuple]] = {
    Withdrawal: lambda c: (c.force, c.country, c.facility, c.stage),
    ExpulsionOrder: lambda c: (c.target, c.country),
    TroopCount: lambda c: (c.force, c.country, c.facility),
    Expenditure: lambda c: (c.payer, c.facility, c.stage),
    Distance: lambda c: tuple(sorted((c.origin, c.destination))),
}


def _disjoint_dates(a: EDTF, b: EDTF) -> bool:
    return before(a.latest, b.earliest) or before(b.latest, a.earliest)


def _near(a: EDTF, b: EDTF) -> bool:
    """Within the event window of each other (or unbounded)."""
    gap = [
        x
        for x in (
            (b.earliest - a.latest).days if a.latest and b.earliest else None,
            (a.earliest - b.latest).days if b.latest and a.earliest else None,
        )
        if x is not None
    ]
    return not gap or max(gap) <= EVENT_WINDOW_DAYS


def _range(q: Quantity) -> tuple[float, float]:
    """The least and most a quantity can mean (about: 10% either way)."""
    slack = 0.1 if q.qualifier == "about" else 0.0
    low = q.low if q.low is not None else q.value
    high = q.high if q.high is not None else q.value
    if q.qualifier in ("at_least", "more_than", "vague") and q.high is None:
        high = float("inf")
    if q.qualifier in ("at_most", "less_than") and q.low is None:
        low = 0.0
    return (low or 0.0) * (1 - slack), (high if high is not None else float("inf")) * (1 + slack)


def _disjoint(a: Quantity, b: Quantity) -> bool:
    if a.unit != b.unit:
        return False  # not comparable here; the distance checks compare units
    (a_low, a_high), (b_low, b_high) = _range(a), _range(b)
    return a_high < b_low or b_high < a_low


def disagreement(a: ClaimBase, b: ClaimBase) -> str | None:
    """What two claims of the same subject disagree on, or None when they can both hold."""
    if isinstance(a, TroopCount) and isinstance(b, TroopCount):
        same_time = a.as_of and b.as_of and not _disjoint_dates(a.as_of, b.as_of)
        if same_time and a.count != "unknown" and b.count != "unknown" and _disjoint(a.count, b.count):
            return f"counts {a.count.text} and {b.count.text} at the same time"
        return None
    if isinstance(a, Expenditure) and isinstance(b, Expenditure):
        return f"amounts {a.amount.text} and {b.amount.text}" if _disjoint(a.amount, b.amount) else None
    if isinstance(a, Distance) and isinstance(b, Distance):
        pairs = [(x, y) for x in a.measures for y in b.measures if x.unit == y.unit and _disjoint(x, y)]
        return f"distances {pairs[0][0].text} and {pairs[0][1].text}" if pairs else None
    if a.date and b.date and _near(a.date, b.date) and _disjoint_dates(a.date, b.date):
        return f"dates {a.date} and {b.date}"
    return None


def _active(corpus: Corpus) -> Iterator[tuple[Entry, ClaimBase]]:
    for entry in corpus.entries:
        claim = entry.record
        if isinstance(claim, ClaimBase) and claim.status == "active" and claim.rank != "deprecated":
            yield entry, claim


def _linked(a: ClaimBase, b: ClaimBase) -> bool:
    return bool({b.id} & {*a.conflicts_with, *a.supersedes}) or bool({a.id} & {*b.conflicts_with, *b.supersedes})


def unlinked_conflicts(corpus: Corpus) -> Iterator[Finding]:
    """C701: two active claims that disagree about the same thing are linked."""
    groups: dict[tuple, list[tuple[Entry, ClaimBase]]] = defaultdict(list)
    for entry, claim in _active(corpus):
        subject = SUBJECTS.get(type(claim))
        if subject:
            groups[(type(claim), *subject(claim))].append((entry, claim))
    for members in groups.values():
        for (entry_a, a), (entry_b, b) in combinations(members, 2):
            what = disagreement(a, b)
            if what and not _linked(a, b):
                yield entry_b.finding(
                    ("id",),
                    "C701",
                    f"disagrees with {a.id} ({entry_a.path}) on {what}, and they are not linked",
                    "add each to the other's conflicts_with (with a rank where one is better supported), "
                    "or supersedes if one replaces the other",
                )


def links_are_mutual(corpus: Corpus) -> Iterator[Finding]:
    """C702: ``conflicts_with`` goes both ways: each of two conflicting claims names the other."""
    for entry in corpus.entries:
        claim = entry.record
        if not isinstance(claim, ClaimBase):
            continue
        for index, other_id in enumerate(claim.conflicts_with):
            other = corpus.by_id.get(other_id)
            if other and isinstance(other.record, ClaimBase) and claim.id not in other.record.conflicts_with:
                yield entry.finding(
                    ("conflicts_with", index),
                    "C702",
                    f"{other_id} does not list {claim.id} in its conflicts_with",
                    f"add {claim.id} to conflicts_with in {other.path}",
                )
