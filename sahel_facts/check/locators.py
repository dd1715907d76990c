"""Checks that a locator counting paragraphs is written one way, and is right.

A locator says where in its source the evidence is. Most are words ("section 2",
"the photo caption") and are not checked. One that counts the paragraphs of the
archived snapshot (blocks separated by blank lines; the headline is paragraph 1) is
written ``paragraph N`` or ``paragraphs N-M`` (N < M), counting from 1, and is
checked: the paragraphs exist, and the quote is in them. Any other way of counting
paragraphs (``Paragraph 7``, ``paragraph 007``, ``paragraph 0``, ``para. 3``, ``3rd
paragraph``, ``paragraphs 3–4``) would go unchecked, so it is refused, with the form
to write instead.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass

from ..findings import Finding, rule
from ..model.base import shown
from ..model.claims import ClaimBase
from .corpus import Corpus
from .evidence import Snapshot, normalise, snapshots

LOCATOR = rule("E404", "locator", "a 'paragraph N' locator names paragraphs the snapshot has, holding the quote")
LOCATOR_FORM = rule("E406", "locator-form", "a locator that counts paragraphs is 'paragraph N' or 'paragraphs N-M'")

#: The most digits a paragraph number has.
_DIGITS = 9
_LONG = re.compile(rf"[0-9]{{{_DIGITS + 1}}}")
_ONE = re.compile(r"paragraph ([1-9][0-9]*)")
_RANGE = re.compile(r"paragraphs ([1-9][0-9]*)-([1-9][0-9]*)")
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
    """The paragraphs a locator names: ``first`` to ``last``, counting from 1."""

    first: int
    last: int

    def __str__(self) -> str:
        return f"paragraph {self.first}" if self.first == self.last else f"paragraphs {self.first}-{self.last}"


def parse(locator: str) -> Paragraphs | tuple[str, str] | None:
    """The paragraphs ``locator`` names; or, for a locator that counts paragraphs another way, why it is
    refused and what to write instead; or None for a locator in words."""
    one, many = _ONE.fullmatch(locator), _RANGE.fullmatch(locator)
    counts = _COUNTS.search(locator)
    if not (one or many or counts):
        return None
    if _LONG.search(locator):
        return f"no snapshot has more than {'9' * _DIGITS} paragraphs", "check the number"
    if one:
        return Paragraphs(int(one.group(1)), int(one.group(1)))
    ranged = many or _RANGE_LIKE.search(locator)
    if ranged:
        first, last = sorted(int(g) for g in ranged.groups())
        if first < 1:
            return "paragraphs count from 1", "the headline is paragraph 1"
        if many and first < last and many.group(1) == str(first):
            return Paragraphs(first, last)
        return "it is not written 'paragraphs N-M' with N < M", f"write '{Paragraphs(first, last)}'"
    assert counts is not None
    sign, digits, before, ordinal = counts.groups()
    number = _ORDINALS.index(ordinal.lower()) + 1 if ordinal else int(digits or before)
    if sign in ("-", "−") or number < 1:
        return "paragraphs count from 1", "the headline is paragraph 1"
    return "it is not written 'paragraph N' or 'paragraphs N-M'", f"write '{Paragraphs(number, number)}'"


def _span(snapshot: Snapshot, quote: str) -> Paragraphs | None:
    """The paragraphs the first occurrence of ``quote`` in the snapshot lies across, if it is there."""
    at = snapshot.text.find(quote)
    if at < 0:
        return None
    first = bisect_right(snapshot.starts, at)
    return Paragraphs(first, max(first, bisect_right(snapshot.starts, at + len(quote) - 1)))


@LOCATOR_FORM.check
def locator_forms(corpus: Corpus) -> Iterator[Finding]:
    """E406: a locator that counts paragraphs is written ``paragraph N`` or ``paragraphs N-M``, from 1."""
    for entry, claim in corpus.of(ClaimBase):
        for index, item in enumerate(claim.evidence):
            parsed = parse(item.locator) if item.locator else None
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
    """E404: the paragraphs a locator names are in the snapshot, and the quote is in them."""
    held = snapshots(corpus)
    for entry, claim in corpus.of(ClaimBase):
        for index, item in enumerate(claim.evidence):
            snapshot = held.get(item.source)
            named = parse(item.locator) if item.locator else None
            if not (isinstance(named, Paragraphs) and isinstance(snapshot, Snapshot)):
                continue
            where = ("evidence", index, "locator")
            count = len(snapshot.paragraphs)
            if named.last > count:
                message = f"{item.source}'s snapshot has {count} paragraphs, so no {named}"
                yield entry.finding(where, LOCATOR, message, "paragraphs are blocks between blank lines, from 1")
                continue
            quote = normalise(item.quote) if item.quote else None
            if quote is None or not snapshot.holds(quote):
                continue  # no quote to place, or E401 says it is not there
            block = " ".join(snapshot.paragraphs[named.first - 1 : named.last])
            if quote not in block:
                actual = _span(snapshot, quote)
                yield entry.finding(
                    where, LOCATOR, f"the quote is not in {named} of {item.source}", f"it is in {actual}"
                )
