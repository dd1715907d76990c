"""Download a released data package by version, verified, into a per-user cache.

The zip is fetched with pooch, which writes to a temporary file and moves it into
place only when its SHA-256 matches (the registry's, or one the caller gives); a zip
that then fails the package checks is deleted too. So the cache holds only verified
packages, and a version once cached loads offline.

The cache is ``SAHEL_FACTS_CACHE`` or the user cache folder (platformdirs: on Linux
``~/.cache/sahel-facts``). Releases are fetched from ``SAHEL_FACTS_BASE_URL`` or the
project's release address (its ``Releases`` project URL); ``{version}`` in either is
replaced by the version.
"""

from __future__ import annotations

import os
import sys
import zipfile
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, metadata
from pathlib import Path

from .factbase import FactBase
from .loader import LoadError, from_zip
from .releases import SEMVER, read

CACHE_ENV = "SAHEL_FACTS_CACHE"
BASE_URL_ENV = "SAHEL_FACTS_BASE_URL"


class DownloadError(LoadError):
    """A version that cannot be had, verified, from the cache or its release address."""

    exit_status = 1


@dataclass(frozen=True)
class Wanted:
    """What to fetch: a version, its file name, the hash it must have, and where it is cached."""

    version: str
    file: str
    sha256: str
    path: Path


def cache_dir() -> Path:
    """Where verified packages are kept."""
    configured = os.environ.get(CACHE_ENV)
    if configured:
        return Path(configured)
    import platformdirs

    return Path(platformdirs.user_cache_dir("sahel-facts", appauthor=False))


def base_url() -> str:
    """The address releases are downloaded from."""
    configured = os.environ.get(BASE_URL_ENV)
    if configured:
        return configured
    try:
        urls = metadata("sahel-facts").get_all("Project-URL") or []
    except PackageNotFoundError:  # pragma: no cover - a checkout that was never installed
        urls = []
    for line in urls:
        label, _, url = line.partition(",")
        if label.strip().lower() == "releases":
            return str(url).strip()
    raise DownloadError(
        f"no release address is configured: set {BASE_URL_ENV} (for example to the release download address "
        "of the project's repository, with {version} where the version goes)"
    )


def wanted(version: str, sha256: str | None = None) -> Wanted:
    """Resolve a version to its file, expected hash and cache path."""
    if not SEMVER.match(version):
        raise DownloadError(f"{version!r} is not a version number such as 0.2.0")
    registry = read()
    release = registry.get(version)
    if release is None and sha256 is None:
        known = ", ".join(registry) or "none yet"
        raise DownloadError(
            f"version {version} is not in the release registry (released: {known}); "
            "give its sha256 to fetch an unregistered build"
        )
    file = release.file if release else f"sahel-facts-{version}.zip"
    expected = (sha256 or release.sha256).lower().removeprefix("sha256:")  # type: ignore[union-attr]
    if release and sha256 and expected != release.sha256:
        raise DownloadError(f"version {version}: the sha256 given is not the one the registry records")
    return Wanted(version, file, expected, cache_dir() / file)


def _verified_cached(target: Wanted) -> bool:
    import hashlib

    if not target.path.is_file():
        return False
    digest = hashlib.sha256(target.path.read_bytes()).hexdigest()
    return digest == target.sha256


def fetch(version: str, sha256: str | None = None, url: str | None = None) -> Path:
    """The verified zip of ``version``: from the cache, or downloaded into it."""
    target = wanted(version, sha256)
    if _verified_cached(target):
        return target.path
    address = (url or base_url()).replace("{version}", version).rstrip("/") + "/" + target.file
    import pooch

    terminal = sys.stderr.isatty()
    pooch.get_logger().setLevel("INFO" if terminal else "WARNING")
    target.path.parent.mkdir(parents=True, exist_ok=True)
    try:
        pooch.retrieve(
            address,
            known_hash=f"sha256:{target.sha256}",
            fname=target.file,
            path=target.path.parent,
            downloader=pooch.HTTPDownloader(progressbar=terminal, timeout=60),
        )
    except ValueError as exc:  # pooch: the hash does not match
        raise DownloadError(
            f"version {version} from {address}: the download does not match its sha256 ({exc}); nothing was kept"
        ) from None
    except OSError as exc:  # requests: HTTP errors, refused or cut connections, timeouts
        raise DownloadError(
            f"version {version}: cannot download {address} ({exc}); it is not in the cache either "
            f"(looked for {target.path})"
        ) from None
    try:
        _check_package(target, address)
    except LoadError:
        target.path.unlink(missing_ok=True)
        raise
    return target.path


def _check_package(target: Wanted, address: str) -> None:
    try:
        with zipfile.ZipFile(target.path) as archive:
            names = archive.namelist()
    except zipfile.BadZipFile as exc:
        raise DownloadError(f"version {target.version} from {address}: not a zip ({exc})") from None
    top = f"sahel-facts-{target.version}/datapackage.json"
    if top not in names:
        raise DownloadError(f"version {target.version} from {address}: no {top} in the zip")
    try:
        facts = from_zip(target.path)
    except LoadError as exc:
        raise DownloadError(f"version {target.version} from {address}: {exc}") from None
    if facts.version != target.version:
        raise DownloadError(f"version {target.version} from {address}: the package says it is {facts.version}")


def load_release(version: str, sha256: str | None = None, url: str | None = None) -> FactBase:
    """The fact base of a released version, verified, from the cache or downloaded."""
    return from_zip(fetch(version, sha256, url))


def cached_versions() -> dict[str, bool]:
    """Every registered version, and whether a verified copy is in the cache."""
    folder = cache_dir()
    return {v: _verified_cached(Wanted(v, r.file, r.sha256, folder / r.file)) for v, r in read().items()}
