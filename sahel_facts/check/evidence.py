"""Checks that evidence is what its source says.

A quote must appear verbatim in the archived snapshot of its source, compared after
normalising only whitespace, line breaks, typographic quote marks and Unicode
composition (both sides in NFC, so that an accent typed as a letter and a combining
mark matches the same accent as one character). A quote holds at least
:data:`MIN_QUOTE` letters or digits: a word or two is found in any text, so it proves
nothing. The snapshot itself must be the file the source record pins, byte for byte
(its sha256). A source without a snapshot can back a claim by citation, never by a
quote. Where a quote does not match, the hint names the first character that differs
by its code point when it is one nobody can see.
"""

from __future__ import annotations

import errno
import hashlib
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from ..findings import Finding, rule
from ..model.base import describe, shown
from ..model.claims import ClaimBase
from ..model.sources import Source
from ..read.tree import read_beneath
from .corpus import Corpus

QUOTE = rule("E401", "quote", "a quote is verbatim in its source's snapshot")
SNAPSHOT_HASH = rule("E402", "snapshot-hash", "an archived source is the file its sha256 pins")
QUOTE_NEEDS_SNAPSHOT = rule("E403", "quote-needs-snapshot", "a quote's source has an archived snapshot")

#: The fewest letters or digits (of any script) a quote holds.
MIN_QUOTE = 15
QUOTE_LENGTH = rule("E405", "quote-length", f"a quote holds at least {MIN_QUOTE} letters or digits")
#: The largest archived source read, in bytes.
MAX_SNAPSHOT_BYTES = 32 << 20
#: How many characters of snapshot text the hints of one run may search (about a second or two):
#: a hint searches its snapshot once for each halving of the quote, so thousands of wrong quotes
#: of a large snapshot would take minutes. Past it, quotes are still checked, without hints.
HINT_BUDGET = 1 << 31
_QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "‛": "'", "“": '"', "”": '"', "„": '"', "‟": '"'})
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Text as quotes are compared: composed (NFC), whitespace runs as one space, typographic quotes as plain."""
    return _SPACE.sub(" ", unicodedata.normalize("NFC", text).translate(_QUOTES)).strip()


@dataclass(frozen=True)
class Snapshot:
    """An archived source text as read from disk."""

    raw: bytes

    @cached_property
    def paragraphs(self) -> list[str]:
        """Normalised blocks separated by blank lines, in order: paragraph 1 is the first.

        Undecodable bytes are replaced, so that a quote cannot match them.
        """
        blocks = re.split(r"\n[ \t]*\n", self.raw.decode("utf-8", errors="replace").replace("\r\n", "\n"))
        return [p for p in map(normalise, blocks) if p]

    @cached_property
    def text(self) -> str:
        """The normalised text: the paragraphs joined by single spaces."""
        return " ".join(self.paragraphs)

    @cached_property
    def _held(self) -> dict[str, bool]:
        return {}

    def holds(self, quote: str) -> bool:
        """True when the normalised ``quote`` is in :attr:`text` (worked out once a quote, for every check)."""
        if quote not in self._held:
            self._held[quote] = quote in self.text
        return self._held[quote]

    @cached_property
    def starts(self) -> list[int]:
        """Where each paragraph starts in :attr:`text`."""
        found, at = [], 0
        for paragraph in self.paragraphs:
            found.append(at)
            at += len(paragraph) + 1
        return found


def snapshot_path(relpath: str) -> str:
    """``relpath`` if it lies under ``sources/`` with no way out (as the model's pattern holds); else ``OSError``.

    Links are refused where the file is opened (:func:`~sahel_facts.read.tree.beneath`).
    """
    parts = relpath.split("/")
    if len(parts) < 2 or parts[0] != "sources" or any(p in ("", ".", "..") for p in parts):
        raise OSError("the path leaves sources/")
    return relpath


def _read_snapshot(root: Path, relpath: str) -> bytes:
    """The bytes of ``root/relpath``, refusing links and anything outside ``root/sources``."""
    try:
        return read_beneath(root, snapshot_path(relpath), MAX_SNAPSHOT_BYTES)
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.ENOTDIR):  # O_NOFOLLOW met a link (or a file stood for a folder)
            raise OSError("the path goes through a symbolic link or a file") from None
        raise


def snapshots(corpus: Corpus) -> dict[str, Snapshot | Finding]:
    """Each source with a snapshot: the snapshot read and verified, or the finding that stops it."""
    if "snapshots" in corpus.memo:
        cached: dict[str, Snapshot | Finding] = corpus.memo["snapshots"]
        return cached
    found: dict[str, Snapshot | Finding] = {}
    for entry, source in corpus.of(Source):
        if source.snapshot is None:
            continue
        try:
            raw = _read_snapshot(corpus.root, source.snapshot.path)
        except (OSError, ValueError) as exc:
            message = f"snapshot {source.snapshot.path} cannot be read: {getattr(exc, 'strerror', None) or exc}"
            found[source.id] = entry.finding(("snapshot", "path"), SNAPSHOT_HASH, message)
            continue
        digest = hashlib.sha256(raw).hexdigest()
        if digest != source.snapshot.sha256:
            found[source.id] = entry.finding(
                ("snapshot", "sha256"),
                SNAPSHOT_HASH,
                f"{source.snapshot.path} has sha256 {digest}, not the one recorded",
                "if the archived file was meant to change, record its new hash; otherwise restore it",
            )
        else:
            found[source.id] = Snapshot(raw)
    corpus.memo["snapshots"] = found
    return found


@SNAPSHOT_HASH.check
def snapshot_hashes(corpus: Corpus) -> Iterator[Finding]:
    """E402: every snapshot can be read and its sha256 is the one its source record pins."""
    yield from (f for f in snapshots(corpus).values() if isinstance(f, Finding))


#: The key of :attr:`Corpus.memo` under which E401 notes what the hints of each file's quotes cost, by path
#: (a warm run adds them up: past :data:`HINT_BUDGET`, which quotes get hints depends on the whole tree).
HINT_COSTS = "hint-costs"
_NO_HINT = "no hint: so many quotes failed that finding where each stops matching would take minutes"


def _unseen(char: str) -> bool:
    """True for a character a reader cannot tell from another by looking: invisible, a space, or not ASCII."""
    return not (char.isascii() and char.isprintable()) or char == " "


def _match_hint(quote: str, text: str) -> str:
    """Where a quote stops matching its source, to help fix a typo; a difference nobody can see is named."""
    low, high = 0, len(quote)
    while low < high:  # the longest prefix of quote found in text
        mid = (low + high + 1) // 2
        if quote[:mid] in text:
            low = mid
        else:
            high = mid - 1
    if low == 0:
        first = quote[:1]
        named = f" (it starts with {describe(first)})" if first and _unseen(first) else ""
        return f"no part of the quote's start is in the source{named}"
    at = text.find(quote[:low])
    ours, theirs = quote[low : low + 1], text[at + low : at + low + 1]
    hint = (
        f"matches up to '…{shown(quote[max(0, low - 30) : low])}'; "
        f"the source goes on '{shown(text[at + low : at + low + 30])}…'"
    )
    if ours and theirs and (_unseen(ours) or _unseen(theirs)):
        hint += f"; the quote has {describe(ours)} where the source has {describe(theirs)}"
    return hint


@QUOTE_LENGTH.check
def quote_lengths(corpus: Corpus) -> Iterator[Finding]:
    """E405: every quote holds at least :data:`MIN_QUOTE` letters or digits."""
    for entry, claim in corpus.of(ClaimBase):
        for index, item in enumerate(claim.evidence):
            if item.quote is not None and sum(map(str.isalnum, item.quote)) < MIN_QUOTE:
                yield entry.finding(
                    ("evidence", index, "quote"),
                    QUOTE_LENGTH,
                    f"the quote '{shown(item.quote)}' is too short to prove anything: a quote holds at least "
                    f"{MIN_QUOTE} letters or digits",
                    "quote the whole phrase or sentence that supports the claim",
                )


@QUOTE.check
def quotes_verbatim(corpus: Corpus) -> Iterator[Finding]:
    """E401: every quote is in its source's snapshot; E403: only sources with a snapshot are quoted."""
    held = snapshots(corpus)
    budget = HINT_BUDGET
    spent: dict[str, int] = corpus.memo.setdefault(HINT_COSTS, {})
    for entry, claim in corpus.of(ClaimBase):
        for index, item in enumerate(claim.evidence):
            if item.quote is None or item.source not in corpus.by_id:
                continue
            snapshot = held.get(item.source)
            loc = ("evidence", index, "quote")
            if snapshot is None:
                yield entry.finding(
                    loc,
                    QUOTE_NEEDS_SNAPSHOT,
                    f"{item.source} has no archived snapshot, so it cannot back a verbatim quote",
                    "cite it with a locator and no quote, or archive the source under sources/",
                )
            elif isinstance(snapshot, Snapshot):
                quote = normalise(item.quote)
                if not snapshot.holds(quote):
                    cost = len(snapshot.text) * (len(quote).bit_length() + 1)
                    hint = _match_hint(quote, snapshot.text) if cost <= budget else _NO_HINT
                    budget -= cost
                    spent[entry.path] = spent.get(entry.path, 0) + cost
                    yield entry.finding(loc, QUOTE, f"quote is not in {item.source}", hint)
