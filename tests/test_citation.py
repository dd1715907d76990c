"""CITATION.cff says what the project says: its version, the date of that version's CHANGELOG entry, its addresses."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import sahel_facts
from sahel_facts import citation
from tests.conftest import REPO

VERSION = "1.2.3"
REPOSITORY = "https://example.org/sahel-facts"
RELEASES = REPOSITORY + "/releases/download/v{version}"


def test_the_repositorys_citation_agrees_with_its_version_changelog_and_addresses():
    assert citation.problems(REPO, sahel_facts.__version__) == []


def test_the_repositorys_citation_is_valid_citation_file_format():
    checker = Path(sys.executable).with_name("check-jsonschema")
    done = subprocess.run(
        [str(checker), "--builtin-schema", "vendor.citation-file-format", str(REPO / "CITATION.cff")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def _root(tmp_path: Path, *, cff: str = "", changelog: str = "Unreleased", urls: bool = True) -> Path:
    """A repository root whose CITATION.cff, CHANGELOG.md and pyproject.toml say what they are given."""
    root = tmp_path / "root"
    root.mkdir()
    (root / "CHANGELOG.md").write_text(f"# Changelog\n\n## [{VERSION}] - {changelog}\n\n- things\n")
    project = f'[project]\nname = "sahel-facts"\nversion = "{VERSION}"\n'
    if urls:
        project += f'\n[project.urls]\nRepository = "{REPOSITORY}"\nReleases = "{RELEASES}"\n'
    (root / "pyproject.toml").write_text(project)
    (root / "CITATION.cff").write_text(f"cff-version: 1.2.0\ntitle: t\nversion: {VERSION}\n{cff}")
    return root


def _complete(tmp_path: Path) -> Path:
    return _root(
        tmp_path,
        cff=f"date-released: 2026-12-01\nurl: {REPOSITORY}\nrepository-code: {REPOSITORY}\n",
        changelog="2026-12-01",
    )


def test_a_release_whose_citation_changelog_and_addresses_agree_has_no_problems(tmp_path):
    root = _complete(tmp_path)
    assert citation.problems(root, VERSION) == []
    assert citation.release_problems(root, VERSION) == []


def test_an_unreleased_version_is_cited_without_a_date_but_cannot_be_released_so(tmp_path):
    root = _root(tmp_path, cff=f"url: {REPOSITORY}\nrepository-code: {REPOSITORY}\n")
    assert citation.problems(root, VERSION) == []
    assert citation.release_problems(root, VERSION) == [
        f"CITATION.cff has no date-released: give the date of {VERSION}'s CHANGELOG entry"
    ]


@pytest.mark.parametrize(
    ("cff", "changelog", "says"),
    [
        ("date-released: 2026-12-01\n", "Unreleased", "date-released 2026-12-01 for 1.2.3, whose CHANGELOG entry"),
        ("date-released: 2026-12-02\n", "2026-12-01", "date-released 2026-12-02 is not 2026-12-01"),
        ("", "2026-12-01", "date-released None is not 2026-12-01"),
        ("repository-code: https://example.org/elsewhere\n", "Unreleased", "repository-code 'https://example.org/else"),
    ],
)
def test_a_citation_that_disagrees_is_a_problem_saying_how(tmp_path, cff, changelog, says):
    root = _root(tmp_path, cff=cff, changelog=changelog)
    assert any(says in problem for problem in citation.problems(root, VERSION)), citation.problems(root, VERSION)


def test_a_citation_of_another_version_is_a_problem(tmp_path):
    root = _complete(tmp_path)
    assert citation.problems(root, "1.2.4") == [
        "CITATION.cff: version '1.2.3' is not the project's version 1.2.4",
        "CITATION.cff: date-released 2026-12-01 for 1.2.4, whose CHANGELOG entry is not dated",
    ]


def test_a_release_needs_an_address_to_be_downloaded_from(tmp_path):
    root = _root(tmp_path, cff="date-released: 2026-12-01\n", changelog="2026-12-01", urls=False)
    found = citation.release_problems(root, VERSION)
    assert any("CITATION.cff has no url" in p for p in found)
    assert any("pyproject.toml has no http(s) [project.urls] Releases (now None)" in p for p in found)


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [("CITATION.cff", "[", "not YAML"), ("CITATION.cff", "- a list", "not a mapping"), ("pyproject.toml", "[", "TOML")],
)
def test_files_that_cannot_be_read_are_errors_naming_them(tmp_path, name, content, says):
    root = _complete(tmp_path)
    (root / name).write_text(content)
    with pytest.raises(citation.CitationError, match=f"{name}: .*{says}"):
        citation.problems(root, VERSION)
