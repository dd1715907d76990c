"""Checks that the tree is well laid out: unique IDs, each file where its ID says."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding, rule
from ..model.records import FILE_LOCATION, expected_path, family_for_path, schema_line
from .corpus import Corpus

DUPLICATE_ID = rule("X301", "duplicate-id", "each ID belongs to one record")
SCHEMA_LINE = rule("X304", "schema-line", "a file's first line points editors at its JSON Schema")


@DUPLICATE_ID.check
def duplicate_ids(corpus: Corpus) -> Iterator[Finding]:
    """X301: an ID is used by one record only; the finding names both files."""
    for entry in corpus.entries:
        first = corpus.by_id[entry.record.id]
        if first is not entry:
            yield entry.finding(
                ("id",),
                DUPLICATE_ID,
                f"ID '{entry.record.id}' is already used by {first.path}",
                "IDs are never reused: give this record a new ID",
            )


@FILE_LOCATION.check
def file_location(corpus: Corpus) -> Iterator[Finding]:
    """X302: a record's file is named after its ID's slug, in its kind's folder."""
    for entry in corpus.entries:
        expected = expected_path(entry.record)
        if entry.path != expected:
            yield entry.finding(
                ("id",),
                FILE_LOCATION,
                f"record '{entry.record.id}' belongs in {expected}",
                f"git mv {entry.path} {expected}",
            )


@SCHEMA_LINE.check
def schema_comment(corpus: Corpus) -> Iterator[Finding]:
    """X304: a record file starts with the comment that points editors at its family's JSON Schema."""
    for entry in corpus.entries:
        family = family_for_path(entry.path)
        expected = schema_line(entry.path, family) if family else None
        if expected and entry.first_line != expected:
            yield SCHEMA_LINE.at(
                entry.path, 1, 1, "the first line is not the editor's schema comment", f"make line 1: {expected}"
            )
