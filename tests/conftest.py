"""Shared fixtures: small fact trees written to a temporary folder."""

from __future__ import annotations

import os
import shutil
import tempfile
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

REPO = Path(__file__).resolve().parents[1]
# Caches and their signing key go to a folder of the test session's, not the user's.
os.environ.setdefault("SAHEL_FACTS_CACHE", tempfile.mkdtemp(prefix="sahel-facts-test-cache-"))

# 150 examples a property in CI, no health check suppressed (a test that needs one says so);
# `pytest --hypothesis-profile=thorough` runs 500, where generating large trees is slow by design.
settings.register_profile("ci", max_examples=150, deadline=10_000)
settings.register_profile("thorough", max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("ci")

#: A minimal valid tree: one record of each family, referring to each other.
MINIMAL: dict[str, str] = {
    "facts/countries/NER.yaml": """
        id: country:NER
        kind: country
        name: Niger
        iso_alpha2: NE
    """,
    "facts/organisations/test-force.yaml": """
        id: org:test-force
        kind: organisation
        name: Test Force
        category: armed_forces
        country: country:NER
    """,
    "facts/sources/test-source.yaml": """
        id: source:test-source
        kind: news_article
        title: A test article
        publisher: unknown
        authors: unknown
        url: unknown
        published: 2024-05-03/2024-05-06
        language: en
    """,
    "facts/claims/deployment/test-deployment.yaml": """
        id: claim:test-deployment
        kind: deployment
        summary: The test force was deployed in Niger.
        force: org:test-force
        country: country:NER
        date: 2024-05
        evidence:
          - source: source:test-source
            claimant: the source
    """,
}


#: The hostile files of the foundation issue, each as (file name, bytes, expected check).
HOSTILE = {
    "billion-laughs": (b'a: &a ["lol","lol"]\nb: &b [*a,*a]\nc: [*b,*b]\n', "R104"),
    "python-tag": (b"id: !!python/object/apply:os.system ['echo pwned']\n", "R105"),
    "duplicate-keys": (b"id: country:NER\nid: country:TCD\n", "R103"),
    "invalid-utf8": (b"id: country:NER\nname: Ni\xffger\n", "R102"),
    "deep-nesting": (b"a: " + b"[" * 10_000 + b"]" * 10_000 + b"\n", "R108"),
    "nan-coordinates": (
        b"id: place:x\nkind: place\nname: X\ncategory: city\ncountry: country:NER\n"
        b"coordinates: {lat: .nan, lon: 2, precision: city, source: source:test-source}\n",
        "M203",
    ),
}


def write_tree(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write ``files`` (path relative to ``root`` -> YAML text or raw bytes) under ``root``.

    A text record under ``facts/`` gets the editor's schema line first, as contributors'
    files have, unless it starts with a comment of its own; bytes are written as given.
    """
    from sahel_facts.model.records import family_for_path, schema_line

    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
            continue
        text = textwrap.dedent(content).lstrip("\n")
        family = family_for_path(rel)
        if family and rel.endswith(".yaml") and not text.startswith("#"):
            text = schema_line(rel, family) + "\n" + text
        path.write_text(text, encoding="utf-8")
    (root / "facts").mkdir(exist_ok=True)
    return root


@pytest.fixture
def make_tree(tmp_path: Path) -> Callable[..., Path]:
    """Build a tree from :data:`MINIMAL` with some files replaced (None removes one)."""

    def make(changes: dict[str, str | bytes | None] | None = None, *, base: bool = True) -> Path:
        files: dict[str, str | bytes | None] = dict(MINIMAL) if base else {}
        files.update(changes or {})
        return write_tree(tmp_path, {k: v for k, v in files.items() if v is not None})

    return make


@pytest.fixture
def dataset(tmp_path: Path) -> Callable[..., Path]:
    """A copy of the repository's own facts/ and sources/, with text replaced in some files.

    Each change is ``relpath -> (old, new)``; the old text must be in the file, once.
    """

    def make(changes: dict[str, tuple[str, str]] | None = None) -> Path:
        root = tmp_path / "dataset"
        if not root.exists():
            shutil.copytree(REPO / "facts", root / "facts")
            shutil.copytree(REPO / "sources", root / "sources")
        for rel, (old, new) in (changes or {}).items():
            path = root / rel
            text = path.read_text(encoding="utf-8")
            assert text.count(old) == 1, f"{old!r} is not once in {rel}"
            path.write_text(text.replace(old, new), encoding="utf-8")
        return root

    return make


def line_of(path: Path, text: str) -> int:
    """The 1-based line of the first occurrence of ``text`` in ``path``."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if text in line:
            return number
    raise AssertionError(f"{text!r} not in {path}")


def found(result, prefix: str = "") -> list[tuple[str, int, str]]:
    """``(path, line, check)`` of a validation result's findings whose check ID starts with ``prefix``."""
    return [(f.path, f.line, f.check) for f in result.findings if f.check.startswith(prefix)]


@pytest.fixture(scope="session")
def repository():
    """The repository's fact tree, validated once a session (tests/test_validate.py asserts it is clean)."""
    from sahel_facts.validate import validate

    return validate(REPO)


@pytest.fixture(scope="session")
def built_package(tmp_path_factory) -> Path:
    """The repository's data package, built once for the session (zip path)."""
    from sahel_facts.package.build import build

    return build(REPO, tmp_path_factory.mktemp("dist")).zip
