"""The release registry: every released version's zip, with its sha256 and size.

``sahel_facts/releases.json`` ships with the library, so that a version pinned today
is verified against the hash recorded when it was released, whatever library version
downloads it. Cutting a release adds the version's entry (``sahel-facts release
register``); a released entry never changes.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import secrets
import stat
from dataclasses import asdict, dataclass
from importlib import resources
from pathlib import Path

from . import citation
from .errors import SahelFactsError
from .folders import NEW_FILE, FolderError, held
from .read.safe_yaml import ReadError
from .read.tree import read_regular_file

#: A semantic version number, as the project and its tags use.
SEMVER = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?\Z")
#: The most bytes a registry file may hold (some thousands of releases).
MAX_REGISTRY = 1 << 20
_SHA256 = re.compile(r"[0-9a-f]{64}")


class RegistryError(SahelFactsError):
    """A registry that cannot be read or updated as asked."""


@dataclass(frozen=True)
class Release:
    """One released version's package zip."""

    file: str
    """The zip's file name, e.g. sahel-facts-0.2.0.zip."""
    sha256: str
    """SHA-256 of the zip, lower-case hex."""
    size: int
    """The zip's size in bytes."""


def registry_path() -> Path:
    """The registry file shipped with the library."""
    return Path(str(resources.files("sahel_facts") / "releases.json"))


def read(path: Path | None = None) -> dict[str, Release]:
    """Version -> release, from ``path`` or the shipped registry; RegistryError for anything but a registry.

    A registry is one JSON object: semantic version -> ``{"file", "sha256", "size"}``. One
    at ``path`` (a repository's) must be a regular file, not a link, of at most
    :data:`MAX_REGISTRY` bytes; the shipped one is the library's own.
    """
    shipped, path = path is None, path or registry_path()
    try:
        raw = json.loads(path.read_bytes() if shipped else read_regular_file(path, MAX_REGISTRY))
    except ReadError:
        raise RegistryError(f"{path}: over the {MAX_REGISTRY:,}-byte limit for a release registry") from None
    except OSError as exc:
        if path.is_symlink():
            raise RegistryError(f"{path} is a symbolic link: a registry is read and written as a file only") from None
        raise RegistryError(f"{path}: not a release registry ({exc.strerror or exc})") from None
    except ValueError as exc:
        raise RegistryError(f"{path}: not a release registry ({exc})") from None
    if not isinstance(raw, dict):
        raise RegistryError(f"{path}: not a release registry (it is not a JSON object)")
    return {version: _release(path, version, entry) for version, entry in raw.items()}


def _release(path: Path, version: str, entry: object) -> Release:
    """One registry entry, checked: the version's own file name, a sha256 and a positive size."""
    where = f"{path}: release {version!r}"
    if not SEMVER.match(version):
        raise RegistryError(f"{where}: not a semantic version")
    if not isinstance(entry, dict) or set(entry) != {"file", "sha256", "size"}:
        raise RegistryError(f"{where}: an entry is an object of file, sha256 and size")
    if entry["file"] != f"sahel-facts-{version}.zip":
        raise RegistryError(f"{where}: file {entry['file']!r} is not sahel-facts-{version}.zip")
    if not isinstance(entry["sha256"], str) or not _SHA256.fullmatch(entry["sha256"]):
        raise RegistryError(f"{where}: sha256 {entry['sha256']!r} is not 64 lower-case hexadecimal digits")
    if type(entry["size"]) is not int or entry["size"] <= 0:
        raise RegistryError(f"{where}: size {entry['size']!r} is not a positive number of bytes")
    return Release(entry["file"], entry["sha256"], entry["size"])


def entry_for(zip_path: Path) -> Release:
    """The registry entry describing a built zip; RegistryError if it is not a readable regular file."""
    digest, size = hashlib.sha256(), 0
    try:
        fd = os.open(zip_path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
        with open(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                raise RegistryError(f"{zip_path}: not a file")
            while chunk := handle.read(1 << 20):
                digest.update(chunk)
                size += len(chunk)
    except OSError as exc:
        raise RegistryError(f"{zip_path}: cannot be read ({exc.strerror or exc})") from None
    return Release(zip_path.name, digest.hexdigest(), size)


def register(version: str, zip_path: Path, path: Path | None = None) -> Release:
    """Add ``version``'s zip to the registry; an existing entry may only be confirmed, never changed."""
    if not SEMVER.match(version):
        raise RegistryError(f"{version!r} is not a semantic version")
    if zip_path.name != f"sahel-facts-{version}.zip":
        raise RegistryError(f"{zip_path.name} is not the zip of version {version} (sahel-facts-{version}.zip)")
    path = path or registry_path()
    releases = read(path)
    entry = entry_for(zip_path)
    if version in releases and releases[version] != entry:
        raise RegistryError(
            f"version {version} is already released with sha256 {releases[version].sha256}; "
            "a released version never changes: bump the version"
        )
    releases[version] = entry
    ordered = dict(sorted(releases.items(), key=lambda item: _order(item[0])))
    _replace(path, (json.dumps({v: asdict(r) for v, r in ordered.items()}, indent=2) + "\n").encode("utf-8"))
    return entry


def _replace(path: Path, data: bytes) -> None:
    """Put ``data`` at ``path`` whole or not at all: written beside it, then renamed over it (never through a link)."""
    temporary = f".{path.name}.{secrets.token_hex(8)}"
    try:
        with held(path.parent) as folder:
            try:
                with open(os.open(temporary, NEW_FILE, 0o666, dir_fd=folder), "wb") as handle:
                    handle.write(data)
                os.replace(temporary, path.name, src_dir_fd=folder, dst_dir_fd=folder)
            except OSError:
                with contextlib.suppress(OSError):
                    os.unlink(temporary, dir_fd=folder)
                raise
    except (OSError, FolderError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        raise RegistryError(f"{path}: cannot be written ({reason})") from None


def register_zip(zip_path: Path, path: Path) -> tuple[str, Release]:
    """Register a built package zip in the registry at ``path``, under the version its own package gives.

    The zip must load as a sahel-facts package (its descriptor and records checked), and
    be named after that version; RegistryError otherwise.
    """
    from .loader import LoadError, from_zip

    if not path.is_file():
        raise RegistryError(f"{path}: no release registry there (register from the repository root)")
    try:
        facts = from_zip(zip_path)
    except LoadError as exc:
        raise RegistryError(f"{zip_path}: not a sahel-facts package: {exc}") from None
    if facts.version is None:
        raise RegistryError(f"{zip_path}: the package gives no version")
    return facts.version, register(facts.version, zip_path, path)


def _order(version: str) -> tuple[int, ...]:
    match = SEMVER.match(version)
    return tuple(int(p) for p in match.groups()) if match else (0, 0, 0)


def release_problems(tag: str, version: str, changelog: str) -> list[str]:
    """Why ``tag`` cannot be released: it must be ``v`` + the project version, with a dated CHANGELOG entry."""
    problems = []
    if tag != f"v{version}":
        problems.append(f"tag {tag} is not v{version}, the project's version")
    heading = re.search(rf"^## \[{re.escape(version)}\](.*)$", changelog, re.M)
    if heading is None:
        problems.append(f"CHANGELOG.md has no entry for {version}")
    elif citation.changelog_date(changelog, version) is None:
        problems.append(f"CHANGELOG.md's entry for {version} has no release date ({heading.group(0).strip()})")
    return problems


def check_release(root: Path, tag: str, version: str, zip_path: Path | None = None) -> list[str]:
    """Why ``tag`` cannot be released from ROOT: tag, version and CHANGELOG, CITATION.cff and the release
    address (:func:`sahel_facts.citation.release_problems`), and (with a zip) the registry's entry."""
    try:
        changelog = (root / "CHANGELOG.md").read_text(encoding="utf-8")
    except OSError as exc:
        raise RegistryError(f"{root / 'CHANGELOG.md'}: cannot be read ({exc.strerror or exc})") from None
    problems = release_problems(tag, version, changelog) + citation.release_problems(root, version)
    if zip_path is not None:
        recorded = read(root / "sahel_facts" / "releases.json").get(version)
        if recorded is None:
            problems.append(f"{version} is not in the release registry: run sahel-facts release register first")
        elif recorded != entry_for(zip_path):
            problems.append(f"{zip_path} is not the zip the registry records for {version}")
    return problems
