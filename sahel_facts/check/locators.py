"""Checks that a locator counting paragraphs is written one way, and is right.

A locator says where in its source the evidence is. Most are words ("section 2",
"the photo caption") and are not checked. Parts that count the paragraphs of the
archived snapshot (blocks separated by blank lines; the headline is paragraph 1) are
written ``paragraph N``, or ``paragraphs`` and a list of numbers and ranges in order
(``paragraphs 6-7``, ``paragraphs 1, 3 and 4``, ``paragraphs 1 and 3-5``), counting
from 1, and are checked: the paragraphs exist, and the quote is in one of them (or one
range). A locator may join parts with ``; `` ("paragraph 1; photo caption"), and a
count made by eye on a page we do not archive may say so with `` (approximately)``,
which is then not checked. Any other way of counting paragraphs (``Paragraph 7``,
``paragraph 007``, ``paragraph 0``, ``para. 3``, ``3rd paragraph``, ``paragraphs
3–4``) would go unchecked, so it is refused, with the form to write instead.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise

from ..findings import Finding, rule
from ..model.base import shown
from ..model.claims import ClaimBase
from .corpus import Corpus
from .evidence import Snapshot, normalise, snapshots

LOCATOR = rule("E404", "locator", "a 'paragraph N' locator names paragraphs the snapshot has, holding the quote")
LOCATOR_FORM = rule(
    "E406", "locator-form", "a locator that counts paragraphs is 'paragraph N' or 'paragraphs' and a list N-M, K"
)

#: The most digits a paragraph number has.
_DIGITS = 9
_LONG = re.compile(rf"[0-9]{{{_DIGITS + 1}}}")
_NUMBER = r"[1-9][0-9]*"
_SPAN = rf"{_NUMBER}(?:-{_NUMBER})?"
_ONE = re.compile(rf"paragraph ({_NUMBER})")
_MANY = re.compile(rf"paragraphs ({_SPAN}(?:, {_SPAN})*(?: and {_SPAN})?)")
_APPROXIMATE = " (approximately)"
#: A range written another way: "paragraphs 3 to 4", "paras 3–4", "Paragraphs 4-3".
_RANGE_LIKE = re.compile(
    r"(?:\bparagraphs?|\bparas?\b\.?|¶¶?)\s*([0-9]+)\s*(?:-|–|—|to|through)\s*([0-9]+)", re.IGNORECASE
)
_ORDINALS = [
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
]
#: Anything else that counts paragraphs: a paragraph word next to a number (or an ordinal).
_COUNTS = re.compile(
    rf"(?:\bparagraphs?|\bparas?\b\.?|¶)\s*(?:no\.?\s*|n[°º]\s*|#\s*)?([-+−]?)\s*([0-9]+)"
    rf"|\b([0-9]+)(?:st|nd|rd|th)?\s+paragraph"
    rf"|\b({'|'.join(_ORDINALS)})\s+paragraph",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Paragraphs:
    """The paragraphs a span of a locator names: ``first`` to ``last``, counting from 1."""

    first: int
    last: int

    def __str__(self) -> str:
        return f"paragraph {self.first}" if self.first == self.last else f"paragraphs {self.first}-{self.last}"


@dataclass(frozen=True)
class Place:
    """Where a locator's paragraph counts point: its spans, and whether it was counted only roughly."""

    spans: tuple[Paragraphs, ...]
    approximate: bool


def _spans(listed: str) -> tuple[Paragraphs, ...] | None:
    """The spans of ``6-7, 9 and 11``, or None unless each is N or N-M with N < M, all in order and apart.

    One span alone must be a range: a single paragraph is ``paragraph N``.
    """
    spans = []
    for part in re.split(r", | and ", listed):
        first, dash, last = part.partition("-")
        span = Paragraphs(int(first), int(last or first))
        if dash and span.first >= span.last:
            return None
        spans.append(span)
    apart = all(a.last < b.first for a, b in pairwise(spans))
    return tuple(spans) if apart and (len(spans) > 1 or spans[0].first < spans[0].last) else None


def _part(text: str) -> tuple[Paragraphs, ...] | tuple[str, str] | None:
    """The spans one ``;``-separated part of a locator names; why it is refused and what to write; or None."""
    one, many = _ONE.fullmatch(text), _MANY.fullmatch(text)
    counts = _COUNTS.search(text)
    if not (one or many or counts):
        return None
    if _LONG.search(text):
        return f"no snapshot has more than {'9' * _DIGITS} paragraphs", "check the number"
    if one:
        return (Paragraphs(int(one.group(1)), int(one.group(1))),)
    if many:
        listed = many.group(1)
        spans = _spans(listed)
        if spans:
            return spans
        if listed.isdigit():
            return "one paragraph is 'paragraph N'", f"write 'paragraph {listed}'"
        if re.fullmatch(_SPAN, listed):
            first, last = sorted(int(n) for n in listed.split("-"))
            return "it is not written 'paragraphs N-M' with N < M", f"write '{Paragraphs(first, last)}'"
        return "its spans are not each N or N-M with N < M, in order and apart", "write 'paragraphs 1, 3-4 and 6'"
    ranged = _RANGE_LIKE.search(text)
    if ranged:
        first, last = sorted(int(g) for g in ranged.groups())
        if first < 1:
            return "paragraphs count from 1", "the headline is paragraph 1"
        return "it is not written 'paragraphs N-M' with N < M", f"write '{Paragraphs(first, last)}'"
    assert counts is not None
    sign, digits, before, ordinal = counts.groups()
    number = _ORDINALS.index(ordinal.lower()) + 1 if ordinal else int(digits or before)
    if sign in ("-", "−") or number < 1:
        return "paragraphs count from 1", "the headline is paragraph 1"
    return "it is not written 'paragraph N' or 'paragraphs N-M'", f"write '{Paragraphs(number, number)}'"


def parse(locator: str) -> Place | tuple[str, str] | None:
    """Where ``locator`` points in paragraphs; or, for one that counts paragraphs another way, why it is
    refused and what to write instead; or None for a locator in words."""
    spans: list[Paragraphs] = []
    approximate = False
    for text in locator.split("; "):
        if text.endswith(_APPROXIMATE):
            text, approximate = text.removesuffix(_APPROXIMATE), True
        parsed = _part(text)
        if parsed is None:
            continue
        if isinstance(parsed[0], str):
            return parsed[0], str(parsed[1])
        spans.extend(span for span in parsed if isinstance(span, Paragraphs))
    return Place(tuple(spans), approximate) if spans else None


def _span(snapshot: Snapshot, quote: str) -> Paragraphs | None:
    """The paragraphs the first occurrence of ``quote`` in the snapshot lies across, if it is there."""
    at = snapshot.text.find(quote)
    if at < 0:
        return None
    first = bisect_right(snapshot.starts, at)
    return Paragraphs(first, max(first, bisect_right(snapshot.starts, at + len(quote) - 1)))


def _parsed(corpus: Corpus, locator: str | None) -> Place | tuple[str, str] | None:
    """:func:`parse` of ``locator`` (None for none), once a run for each locator written: E404 and E406 share it."""
    if not locator:
        return None
    found: dict[str, Place | tuple[str, str] | None] = corpus.memo.setdefault("locators", {})
    if locator not in found:
        found[locator] = parse(locator)
    return found[locator]


@LOCATOR_FORM.check
def locator_forms(corpus: Corpus) -> Iterator[Finding]:
    """E406: a locator that counts paragraphs is written ``paragraph N`` or ``paragraphs N-M``, from 1."""
    for entry, claim in corpus.of(ClaimBase):
        for index, item in enumerate(claim.evidence):
            parsed = _parsed(corpus, item.locator)
            if isinstance(parsed, tuple):
                why, hint = parsed
                yield entry.finding(
                    ("evidence", index, "locator"),
                    LOCATOR_FORM,
                    f"locator '{shown(item.locator)}' counts paragraphs, but {why}, so it cannot be checked",
                    hint,
                )


@LOCATOR.check
def locators(corpus: Corpus) -> Iterator[Finding]:
    """E404: the paragraphs a locator names are in the snapshot, and the quote is in one of its spans."""
    held = snapshots(corpus)
    for entry, claim in corpus.of(ClaimBase):
        for index, item in enumerate(claim.evidence):
            snapshot = held.get(item.source)
            place = _parsed(corpus, item.locator)
            if not (isinstance(place, Place) and isinstance(snapshot, Snapshot)) or place.approximate:
                continue
            where = ("evidence", index, "locator")
            count = len(snapshot.paragraphs)
            beyond = next((span for span in place.spans if span.last > count), None)
            if beyond is not None:
                message = f"{item.source}'s snapshot has {count} paragraphs, so no {beyond}"
                yield entry.finding(where, LOCATOR, message, "paragraphs are blocks between blank lines, from 1")
                continue
            quote = normalise(item.quote) if item.quote else None
            if quote is None or not snapshot.holds(quote):
                continue  # no quote to place, or E401 says it is not there
            blocks = (" ".join(snapshot.paragraphs[span.first - 1 : span.last]) for span in place.spans)
            if not any(quote in block for block in blocks):
                named = item.locator
                actual = _span(snapshot, quote)
                yield entry.finding(
                    where, LOCATOR, f"the quote is not in {shown(named)} of {item.source}", f"it is in {actual}"
                )
