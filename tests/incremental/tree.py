"""A small tree whose files each have a few versions: valid ones, and ones that break a cross-record check.

Each slot is a record file with versions (None: the file is absent). Version 0 of
every slot makes a valid tree; the others bring dangling references (X303), duplicate
IDs (X301, X302), conflicting claims (C701), links one way (C702), withdrawals out of
order (T602), loops (X305), quotes not in the snapshot (E401), dates outside an
entity's life (T601), a city named without its point (G511), and files that do not read
or model (R100, M2xx).
"""

from __future__ import annotations

import hashlib
import os
import textwrap
from pathlib import Path

from tests.conftest import MINIMAL, write_tree

SNAPSHOT = "sources/archived.txt"
#: The versions of the archived snapshot: the one its source pins, another, and none.
SNAPSHOT_TEXTS: list[bytes | None] = [
    b"Headline of the archived report\n\nThe test force began its withdrawal from Niger in May 2024.\n",
    b"Headline of the archived report\n\nThe test force began its departure from Niger in May 2024.\n",
    None,
]
PINNED = hashlib.sha256(SNAPSHOT_TEXTS[0] or b"").hexdigest()


def _minimal(path: str) -> str:
    return textwrap.dedent(MINIMAL[path]).lstrip("\n")


_EVIDENCE = "evidence:\n  - source: source:test-source\n    claimant: the source\n"


def _withdrawal(slug: str, stage: str, date: str, more: str = "") -> str:
    return (
        f"id: claim:{slug}\nkind: withdrawal\nsummary: The test force withdrawal, marker A.\n"
        f"force: org:test-force\ncountry: country:NER\nstage: {stage}\ndate: '{date}'\n{more}{_EVIDENCE}"
    )


def _count(slug: str, value: int, more: str = "") -> str:
    return (
        f"id: claim:{slug}\nkind: troop_count\nsummary: The test force count, marker A.\n"
        f"force: org:test-force\ncountry: country:NER\ncount:\n  value: {value}\n  qualifier: exact\n"
        f"  unit: personnel\n  text: '{value}'\nas_of: '2024-05-01'\n{more}{_EVIDENCE}"
    )


_ARCHIVED = f"""
    id: source:archived
    kind: news_article
    title: An archived report
    publisher: unknown
    authors: unknown
    url: unknown
    published: 2024-06-01
    language: en
    snapshot:
      path: {SNAPSHOT}
      sha256: {PINNED}
      licence: unknown
      archived: '2026-11-23'
"""


def _quoting(quote: str) -> str:
    return (
        "id: claim:quoted\nkind: deployment\nsummary: The test force was in Niger, marker A.\n"
        "force: org:test-force\ncountry: country:NER\ndate: 2024-05\nevidence:\n"
        f"  - source: source:archived\n    claimant: the source\n    quote: {quote}\n"
    )


_TOWN = "id: place:town\nkind: place\nname: Niamey\ncategory: city\ncountry: country:NER\n"
_LOCATED = (
    "geonames: '2440485'\ncoordinates: {lat: 13.51366, lon: 2.1098, precision: city, source: source:test-source}\n"
)

#: Each slot's path and versions; version 0 of each makes a valid tree.
SLOTS: dict[str, list[str | None]] = {
    "facts/countries/NER.yaml": [_minimal("facts/countries/NER.yaml"), None],
    "facts/organisations/test-force.yaml": [
        _minimal("facts/organisations/test-force.yaml"),
        _minimal("facts/organisations/test-force.yaml") + "valid: 2025/..\n",  # T601 for the claims of 2024
        None,
    ],
    "facts/sources/test-source.yaml": [_minimal("facts/sources/test-source.yaml"), "id: [unclosed\n"],
    "facts/sources/archived.yaml": [_ARCHIVED, None],
    "facts/claims/deployment/test-deployment.yaml": [
        _minimal("facts/claims/deployment/test-deployment.yaml"),
        _minimal("facts/claims/deployment/test-deployment.yaml").replace("org:test-force", "org:test-forc"),
        _minimal("facts/claims/deployment/test-deployment.yaml").replace("country: country:NER", "country: 12"),
        _minimal("facts/claims/deployment/test-deployment.yaml") + "place: place:town\n",
    ],
    "facts/claims/deployment/quoted.yaml": [
        _quoting("The test force began its withdrawal from Niger"),
        _quoting("The test force began its retreat from Niger"),
        None,
        _quoting("The test force began its withdrawal from Niger") + "place: place:town\n",  # G511 names the first
    ],
    "facts/places/town.yaml": [None, _TOWN, _TOWN + _LOCATED],  # a city without its point: G511 once named
    "facts/claims/withdrawal/announced.yaml": [
        _withdrawal("announced", "announced", "2024-03-16"),
        _withdrawal("announced", "announced", "2024-03-16", "supersedes:\n  - claim:began\n"),
    ],
    "facts/claims/withdrawal/began.yaml": [
        _withdrawal("began", "began", "2024-05-10"),
        _withdrawal("began", "began", "2024-05-10", "supersedes:\n  - claim:completed\n"),
        _withdrawal("began", "began", "2024-04-01"),  # early enough for the completed of 2024-05-01
        None,
    ],
    "facts/claims/withdrawal/completed.yaml": [
        _withdrawal("completed", "completed", "2024-06-20"),
        _withdrawal("completed", "completed", "2024-05-01"),  # before it began: T602
        _withdrawal("completed", "completed", "2024-06-20", "supersedes:\n  - claim:began\n"),  # a loop with began
        # and, with announced -> began -> completed, a loop of three, reported at announced's file:
        _withdrawal("completed", "completed", "2024-06-20", "supersedes:\n  - claim:announced\n"),
    ],
    "facts/claims/troop_count/first.yaml": [
        _count("first", 100),
        _count("first", 100, "conflicts_with:\n  - claim:second\n"),
        _count("first", 500),  # agrees with second
        _count("first", 100, "status: retracted\nstatus_reason: a test\n"),
        None,
    ],
    "facts/claims/troop_count/second.yaml": [
        None,
        _count("second", 500),  # disagrees with first: C701
        _count("second", 500, "conflicts_with:\n  - claim:first\n"),
        _count("first", 100),  # the ID of first again: X301, X302
    ],
}

#: Where a renamed slot's file goes (in its kind's folder, under another name: X302).
MOVED = "-moved.yaml"


def moved(path: str) -> str:
    """Where a slot's file is when it has been renamed."""
    return path.removesuffix(".yaml") + MOVED


def write_version(root: Path, path: str, version: str | None) -> None:
    """Write ``version`` of a file at ``path`` (None removes it)."""
    if version is None:
        (root / path).unlink(missing_ok=True)
    else:
        write_tree(root, {path: textwrap.dedent(version).lstrip("\n")})


def write_snapshot(root: Path, text: bytes | None) -> None:
    """Write the archived snapshot's version (None removes it)."""
    path = root / SNAPSHOT
    if text is None:
        path.unlink(missing_ok=True)
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text)


def same_size_edit(path: Path) -> bool:
    """Change the file's marker A to B (or back) without changing its size, and put its mtime back as it was.

    False when the file has no marker (then nothing is changed).
    """
    raw = path.read_bytes()
    marker = b"marker A" if b"marker A" in raw else b"marker B" if b"marker B" in raw else None
    if marker is None:
        return False
    before = os.stat(path)
    path.write_bytes(raw.replace(marker, b"marker B" if marker == b"marker A" else b"marker A"))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    return True


def valid_tree(root: Path) -> Path:
    """The tree with version 0 of every slot and of the snapshot."""
    for path, versions in SLOTS.items():
        write_version(root, path, versions[0])
    write_snapshot(root, SNAPSHOT_TEXTS[0])
    return root
