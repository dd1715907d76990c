"""A small fact tree for the SQLite and Datasette tests: two claims that conflict, a quote, a mapped facility."""

from __future__ import annotations

import hashlib
from pathlib import Path

from sahel_facts.package.build import Built, build
from tests.conftest import MINIMAL, write_tree

#: MINIMAL, plus a facility with coordinates, a source with a snapshot and two withdrawals that conflict.
TREE: dict[str, str | bytes] = {
    **MINIMAL,
    "facts/facilities/test-base.yaml": """
        id: facility:test-base
        kind: facility
        name: Test Air Base
        category: air_base
        country: country:NER
        coordinates: {lat: 16.95, lon: 8.01, precision: near, source: source:test-source}
    """,
    "facts/sources/snapped.yaml": """
        id: source:snapped
        kind: wire_report
        title: Troops leave the test base
        publisher: Test Wire
        authors: [A. Writer]
        url: https://example.org/leave
        published: 2024-06-02
        language: en
        snapshot:
          path: sources/snapped.txt
          sha256: {sha}
          licence: unknown
          archived: 2024-06-03
    """,
    "facts/claims/withdrawal/test-leave-early.yaml": """
        id: claim:test-leave-early
        kind: withdrawal
        summary: The test force completed its withdrawal from Niger on 1 June 2024.
        force: org:test-force
        country: country:NER
        stage: completed
        date: 2024-06-01
        conflicts_with: [claim:test-leave-late]
        notes: Zanzibarian wording in the notes only.
        evidence:
          - source: source:snapped
            quote: The last soldiers flew out of the base on Saturday.
            claimant: the source
    """,
    "facts/claims/withdrawal/test-leave-late.yaml": """
        id: claim:test-leave-late
        kind: withdrawal
        summary: The test force completed its withdrawal from Niger on 20 June 2024.
        force: org:test-force
        country: country:NER
        stage: completed
        date: 2024-06-20
        conflicts_with: [claim:test-leave-early]
        evidence:
          - source: source:test-source
            claimant: the source
    """,
}
SNAPSHOT = b"Troops leave the test base\n\nThe last soldiers flew out of the base on Saturday.\n"


def write(root: Path, extra: dict[str, str | bytes] | None = None) -> Path:
    """Write :data:`TREE` (with ``extra`` files) under ``root``, the snapshot pinned by its hash."""
    files = dict(TREE)
    snapped = str(files["facts/sources/snapped.yaml"])
    files["facts/sources/snapped.yaml"] = snapped.replace("{sha}", hashlib.sha256(SNAPSHOT).hexdigest())
    files["sources/snapped.txt"] = SNAPSHOT
    files.update(extra or {})
    return write_tree(root, files)


def built(root: Path, extra: dict[str, str | bytes] | None = None) -> Built:
    """:data:`TREE` written under ``root/tree`` and built into ``root/dist``."""
    return build(write(root / "tree", extra), root / "dist")
