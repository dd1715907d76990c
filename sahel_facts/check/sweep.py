"""Which claims of one conflict group disagree, found without comparing every pair.

Two claims of a group disagree as :meth:`~sahel_facts.model.claims.ClaimBase.disagreement`
says. Comparing every pair would cost n² for n claims about one thing (3,000
withdrawals of one force from one country are 4.5 million pairs), so each kind of
comparison is turned into slices of sorted lists:

- dates: two events disagree when one ends before the other starts, by at most
  :data:`~sahel_facts.model.claims.EVENT_WINDOW_DAYS`. With the claims sorted by their
  last possible day, those that end in the window before a claim's first possible day
  are one slice, found by bisection.
- quantities: two figures disagree when their times can meet and, in one unit, the
  most one can be is below the least the other can be. A sweep in order of first day
  keeps the claims whose time has not ended, sorted by their least and by their most;
  those entirely below or above a claim are slices at the ends of those lists.

Each claim is paired with the disagreeing claims before it in that order, unlinked
ones only, nearest first, up to a limit: the work is n log n plus what is reported.
"""

from __future__ import annotations

import heapq
import sys
from bisect import bisect_left
from collections.abc import Callable, Iterator
from datetime import date, timedelta

from sortedcontainers import SortedList

from ..model.claims import EVENT_WINDOW_DAYS, ClaimBase
from ..model.quantity import Quantity
from .corpus import Entry

#: A claim of a group, with its file.
Member = tuple[Entry, ClaimBase]
#: Whether two claims are linked (by conflicts_with or supersedes), so that their disagreement is recorded.
Linked = Callable[[ClaimBase, ClaimBase], bool]
_WINDOW = timedelta(days=EVENT_WINDOW_DAYS)


def disagreeing(members: list[Member], linked: Linked, limit: int | None) -> Iterator[tuple[Member, list[Member]]]:
    """Each claim of one group with the unlinked claims before it that it disagrees with, at most ``limit``.

    Every disagreeing unlinked pair is found once, from the later of the two: the one
    that starts later for dates, the later in order of first day and ID for figures.
    """
    if members and members[0][1].compared == "date":
        yield from _by_dates(members, linked, limit)
    elif members:
        yield from _by_figures(members, linked, limit)


def _take(candidates: Iterator[Member], claim: ClaimBase, linked: Linked, limit: int | None) -> list[Member]:
    """Up to ``limit`` of ``candidates``, each once, leaving out those linked to ``claim``."""
    taken: dict[str, Member] = {}
    for member in candidates:
        if limit is not None and len(taken) >= limit:
            break
        if member[1].id not in taken and not linked(claim, member[1]):
            taken[member[1].id] = member
    return list(taken.values())


def _by_dates(members: list[Member], linked: Linked, limit: int | None) -> Iterator[tuple[Member, list[Member]]]:
    ended = sorted(
        ((last, m) for m in members if (last := _bound(m[1], "latest")) is not None), key=lambda e: (e[0], e[1][1].id)
    )
    ends = [last for last, _ in ended]
    for member in members:
        first = _bound(member[1], "earliest")
        if first is None:
            continue
        low = bisect_left(ends, first - _WINDOW if first - date.min > _WINDOW else date.min)
        high = bisect_left(ends, first)
        if low < high:
            found = _take((ended[i][1] for i in range(high - 1, low - 1, -1)), member[1], linked, limit)
            if found:
                yield member, found


def _bound(claim: ClaimBase, which: str) -> date | None:
    """The first (``earliest``) or last (``latest``) day the claim's time can mean; None when open or timeless."""
    when = claim.when
    found = getattr(when, which) if when is not None else None
    return found if isinstance(found, date) else None


def _start(claim: ClaimBase) -> date:
    return _bound(claim, "earliest") or date.min


def _end(claim: ClaimBase) -> date:
    return _bound(claim, "latest") or date.max


def _figures(claim: ClaimBase) -> dict[str, tuple[float, float]]:
    """For each unit of the claim's compared figures: the greatest of their least values, the least of their most."""
    value = getattr(claim, claim.compared)
    items = value if isinstance(value, tuple) else (value,)
    found: dict[str, tuple[float, float]] = {}
    for quantity in items:
        if isinstance(quantity, Quantity):
            least, most = quantity.bounds()
            low, high = found.get(quantity.unit, (least, most))
            found[quantity.unit] = (max(low, least), min(high, most))
    return found


class _Live:
    """The claims of one unit whose time has not ended, sorted by their least and by their most.

    Sorted lists (:class:`sortedcontainers.SortedList`) add and drop a claim in about
    log n, where a plain list's insertion moves every later item: one subject with very
    many claims live at once would cost n² there.
    """

    def __init__(self) -> None:
        self.by_least: SortedList[tuple[float, int]] = SortedList()
        self.by_most: SortedList[tuple[float, int]] = SortedList()

    def add(self, least: float, most: float, number: int) -> None:
        self.by_least.add((least, number))
        self.by_most.add((most, number))

    def drop(self, least: float, most: float, number: int) -> None:
        self.by_least.remove((least, number))
        self.by_most.remove((most, number))

    def apart(self, least: float, most: float) -> Iterator[int]:
        """The claims that cannot meet [least, most]: those whose most is below it, nearest first, then those whose
        least is above it, nearest first."""
        below = self.by_most.bisect_left((least, -1))
        yield from (number for _, number in self.by_most.islice(0, below, reverse=True))
        above = self.by_least.bisect_right((most, sys.maxsize))  # after every number
        yield from (number for _, number in self.by_least.islice(above))


def _by_figures(members: list[Member], linked: Linked, limit: int | None) -> Iterator[tuple[Member, list[Member]]]:
    order = sorted(members, key=lambda m: (_start(m[1]), m[1].id))
    live: dict[str, _Live] = {}
    ending: list[tuple[date, int]] = []
    figures = [_figures(m[1]) for m in order]
    for number, member in enumerate(order):
        if not figures[number]:
            continue
        start = _start(member[1])
        while ending and ending[0][0] < start:  # times that ended before this one starts cannot meet it
            _, gone = heapq.heappop(ending)
            for unit, (least, most) in figures[gone].items():
                live[unit].drop(least, most, gone)
        candidates = (
            order[n]
            for unit, (least, most) in figures[number].items()
            if unit in live
            for n in live[unit].apart(least, most)
        )
        found = _take(candidates, member[1], linked, limit)
        if found:
            yield member, found
        for unit, (least, most) in figures[number].items():
            live.setdefault(unit, _Live()).add(least, most, number)
        heapq.heappush(ending, (_end(member[1]), number))
