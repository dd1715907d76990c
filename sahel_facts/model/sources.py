"""Sources: the documents claims rest on.

A source records only what the document itself gives. A publisher, URL, byline or
date that the document does not state is ``unknown``; a date worked out from the text
is recorded with how it was worked out (``published_basis``).
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import model_validator

from .base import Frozen, Known, Name, RecordBase, Text, form
from .dates import EDTF
from .ids import IdOf, SourceRef

SourceKind = Literal[
    "news_article",
    "wire_report",
    "broadcast_report",
    "press_release",
    "official_statement",
    "transcript",
    "encyclopedia_article",
    "dataset",
    "photo",
]

Url = Annotated[str, form(r"^https?://[^\s]+$", "a web address (http:// or https://, no spaces)", 2000)]
Sha256 = Annotated[str, form(r"^[0-9a-f]{64}$", "a SHA-256 (64 lower-case hexadecimal digits)")]
#: A path under ROOT/sources/, with no way out of it.
SnapshotPath = Annotated[
    str,
    form(
        r"^sources/(?:[A-Za-z0-9_][A-Za-z0-9._-]*/)*[A-Za-z0-9_][A-Za-z0-9._-]*$",
        "a path under sources/ (letters, digits, '.', '_' and '-'; no '..', no leading dot)",
    ),
]


class Snapshot(Frozen):
    """The archived text of a source, kept under ``sources/``."""

    path: SnapshotPath
    """The archived file, relative to the repository root: ``sources/...``."""
    sha256: Sha256
    """SHA-256 of the archived file's bytes, in lower-case hex."""
    licence: Known[Text]
    """The terms under which we may keep the copy, or unknown."""
    archived: EDTF
    """When the copy was made or received."""


class Source(RecordBase):
    """A document: an article, statement, transcript, dataset or photo."""

    id: Annotated[str, IdOf("source")]
    kind: SourceKind
    """What sort of document it is."""
    title: Known[Name]
    """Its title or headline, as published."""
    publisher: Known[Name]
    """Who published it (a newspaper, a ministry), not who is quoted in it."""
    authors: Known[tuple[Name, ...]]
    """The byline, as printed."""
    url: Known[Url]
    """Where it was published."""
    published: Known[EDTF]
    """When it was published; an interval when only a range can be worked out."""
    published_basis: Text | None = None
    """How ``published`` was worked out, when the document does not print it."""
    accessed: EDTF | None = None
    """When we read it."""
    language: Annotated[str, form(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$", "a BCP 47 language tag (en, fr, en-GB)")]
    """BCP 47 language tag of the text, e.g. en."""
    republication_of: SourceRef | None = None
    """The source this document republishes (a wire story, a statement reprinted by an aggregator)."""
    snapshot: Snapshot | None = None
    """Its archived text, when the licence allows one; only then can it back a verbatim quote."""
    notes: Text | None = None
    """Anything a curator should know, in our own words."""

    @model_validator(mode="after")
    def _basis_goes_with_a_date(self) -> Source:
        if self.published_basis is not None and self.published == "unknown":
            raise ValueError("published_basis explains a worked-out date, but published is unknown")
        if self.republication_of == self.id:
            raise ValueError("republication_of names the source itself")
        return self
