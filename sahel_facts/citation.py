"""What the repository says about a version, kept in agreement: CITATION.cff, CHANGELOG.md and pyproject.toml.

A citation is generated from ``CITATION.cff`` (GitHub's "Cite this repository", cffconvert):
its year and month come from ``date-released``, its version from ``version``, its address
from ``url`` and ``repository-code``. So those must say what the project says elsewhere:

- ``version`` is the project's version;
- ``date-released`` is the date of that version's CHANGELOG entry, and is absent while the
  entry says "Unreleased";
- ``repository-code`` is the project's ``Repository`` URL in ``pyproject.toml``, and ``url``
  its ``Homepage`` (or the repository), when they are set.

A release needs more (:func:`release_problems`): a dated entry, ``date-released``, a
``url``, and a ``Releases`` project URL, the address ``sahel-facts fetch`` downloads
published zips from (``{version}`` where the version goes).
"""

from __future__ import annotations

import re
import tomllib
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from .errors import SahelFactsError

CITATION = "CITATION.cff"
#: The project URLs (``[project.urls]`` in pyproject.toml) a release relies on.
REPOSITORY, HOMEPAGE, RELEASES = "Repository", "Homepage", "Releases"
_ADDRESS = re.compile(r"https?://[^\s/]+/\S*")


class CitationError(SahelFactsError):
    """CITATION.cff, CHANGELOG.md or pyproject.toml cannot be read."""


def _text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CitationError(f"{path}: cannot be read ({getattr(exc, 'strerror', None) or exc})") from None


def citation(root: Path) -> dict[str, Any]:
    """ROOT's CITATION.cff, its dates as ``YYYY-MM-DD`` text."""
    path = root / CITATION
    try:
        loaded = yaml.safe_load(_text(path))
    except yaml.YAMLError as exc:
        raise CitationError(f"{path}: not YAML ({exc})") from None
    if not isinstance(loaded, dict):
        raise CitationError(f"{path}: not a mapping of CFF keys")
    return {k: v.isoformat() if isinstance(v, date) else v for k, v in loaded.items()}


def project_urls(root: Path) -> dict[str, str]:
    """ROOT's ``[project.urls]`` in pyproject.toml (label -> address)."""
    path = root / "pyproject.toml"
    try:
        project = tomllib.loads(_text(path)).get("project", {})
    except tomllib.TOMLDecodeError as exc:
        raise CitationError(f"{path}: not TOML ({exc})") from None
    urls = project.get("urls", {})
    return {str(k): str(v) for k, v in urls.items()} if isinstance(urls, dict) else {}


def changelog_date(changelog: str, version: str) -> str | None:
    """The date (``YYYY-MM-DD``) of ``version``'s CHANGELOG entry; None when it has none or is not dated."""
    heading = re.search(rf"^## \[{re.escape(version)}\](.*)$", changelog, re.M)
    found = re.search(r"\d{4}-\d{2}-\d{2}", heading.group(1)) if heading else None
    return found.group(0) if found else None


def problems(root: Path, version: str) -> list[str]:
    """Where CITATION.cff disagrees with the version, its CHANGELOG entry and the project URLs of ROOT."""
    cff = citation(root)
    released = changelog_date(_text(root / "CHANGELOG.md"), version)
    urls = project_urls(root)
    found = []
    if str(cff.get("version")) != version:
        found.append(f"{CITATION}: version {cff.get('version')!r} is not the project's version {version}")
    stated = cff.get("date-released")
    if released is None and stated is not None:
        found.append(f"{CITATION}: date-released {stated} for {version}, whose CHANGELOG entry is not dated")
    elif released is not None and stated != released:
        found.append(f"{CITATION}: date-released {stated} is not {released}, the date CHANGELOG.md gives {version}")
    expected = {"repository-code": urls.get(REPOSITORY), "url": urls.get(HOMEPAGE) or urls.get(REPOSITORY)}
    for key, address in expected.items():
        if cff.get(key) != address and (address is not None or key in cff):
            found.append(f"{CITATION}: {key} {cff.get(key)!r} is not the project's address {address!r}")
    return found


def release_problems(root: Path, version: str) -> list[str]:
    """Why ``version`` cannot be released from ROOT as far as its citation and addresses go."""
    found = problems(root, version)
    cff = citation(root)
    if cff.get("date-released") is None:
        found.append(f"{CITATION} has no date-released: give the date of {version}'s CHANGELOG entry")
    if not cff.get("url"):
        found.append(f"{CITATION} has no url: set [project.urls] {REPOSITORY} in pyproject.toml and url to it")
    releases = project_urls(root).get(RELEASES)
    if releases is None or not _ADDRESS.fullmatch(releases):
        found.append(
            f"pyproject.toml has no http(s) [project.urls] {RELEASES} (now {releases!r}): set it to the address "
            "published zips are downloaded from, with {version} where the version goes, or nobody can fetch it"
        )
    return found
