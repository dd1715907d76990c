"""Download a released data package by version, verified, into a per-user cache.

A server is untrusted (see :mod:`sahel_facts.download.transfer`). The zip is written to a
partial file in the cache folder, at most the size the release registry records (or
``max_bytes``, default :data:`MAX_BYTES`, for a build that is not registered) and within
``deadline`` seconds (default :data:`DEADLINE`). It is renamed into place only once it
has that size, the SHA-256 (the registry's, or one the caller gives) and loads as a
package through the loader's checks. On any failure, an interrupt or a SIGTERM included,
the partial file is removed; one left by a killed process is removed by a later fetch
once a day old. A cached zip is verified the same way before it is served, and
discarded if it no longer verifies. So the cache holds only verified packages, and a
version once cached loads offline.

The cache is ``SAHEL_FACTS_CACHE`` or the user cache folder (platformdirs: on Linux
``~/.cache/sahel-facts``). Releases are fetched from ``SAHEL_FACTS_BASE_URL`` or the
project's release address (its ``Releases`` project URL), over http or https;
``{version}`` in either is replaced by the version.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import signal
import tempfile
import threading
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, metadata
from pathlib import Path
from types import FrameType
from urllib.parse import urlsplit

from ..factbase import FactBase
from ..loader import LoadError, from_zip
from ..read.cache import user_cache_folder
from ..releases import SEMVER, read
from .transfer import SCHEMES, TransferError, get

BASE_URL_ENV = "SAHEL_FACTS_BASE_URL"
#: Seconds a download may take, all told (connecting, redirects, headers and body).
DEADLINE = 300.0
#: Most bytes downloaded for a build that is not in the registry (a registered one: its recorded size).
MAX_BYTES = 64 << 20
#: A partial file untouched this many seconds was left by a killed process, and is removed.
STALE = 24 * 3600
#: The longest version accepted (a file name holds it).
MAX_VERSION = 64
_SHA256 = re.compile(r"[0-9a-f]{64}")
_PARTIAL = ".partial"


class DownloadError(LoadError):
    """A version that cannot be had, verified, from the cache or its release address."""

    exit_status = 1


class RequestError(DownloadError):
    """A version, sha256 or address that is not well-formed: nothing was fetched (a usage error)."""

    exit_status = 2


@dataclass(frozen=True)
class Wanted:
    """What to fetch: a version, its file name, the hash it must have, its size if registered, and its cache path."""

    version: str
    file: str
    sha256: str
    path: Path
    size: int | None = None
    """The size the registry records; None for a build that is not registered."""


def cache_dir() -> Path:
    """Where verified packages are kept: the user cache folder, which the parse cache shares."""
    return user_cache_folder()


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
    """Resolve a version to its file, expected hash, size and cache path; RequestError if either is malformed."""
    if not isinstance(version, str) or len(version) > MAX_VERSION or not SEMVER.fullmatch(version):
        raise RequestError(f"{version!r} is not a version number such as 0.2.0")
    expected = None if sha256 is None else _sha256(sha256)
    registry = read()
    release = registry.get(version)
    if release is None:
        if expected is None:
            known = ", ".join(registry) or "none yet"
            raise DownloadError(
                f"version {version} is not in the release registry (released: {known}); "
                "give its sha256 to fetch an unregistered build"
            )
        file = f"sahel-facts-{version}.zip"
        return Wanted(version, file, expected, cache_dir() / file)
    if expected is not None and expected != release.sha256:
        raise DownloadError(f"version {version}: the sha256 given is not the one the registry records")
    return Wanted(version, release.file, release.sha256, cache_dir() / release.file, release.size)


def _sha256(given: str) -> str:
    """``given`` as 64 lower-case hex digits (``sha256:`` may lead it), or RequestError."""
    digest = given.lower().removeprefix("sha256:") if isinstance(given, str) else ""
    if not _SHA256.fullmatch(digest):
        raise RequestError(f"{given!r} is not a sha256 (64 hexadecimal digits, optionally after 'sha256:')")
    return digest


def fetch(
    version: str,
    sha256: str | None = None,
    url: str | None = None,
    *,
    deadline: float = DEADLINE,
    max_bytes: int = MAX_BYTES,
) -> Path:
    """The verified zip of ``version``: from the cache, or downloaded into it.

    ``deadline``: seconds the download may take in all; ``max_bytes``: the most
    downloaded for a build not in the registry (a registered one must be its recorded size).
    """
    return _obtain(version, sha256, url, deadline, max_bytes)[0]


def load_release(
    version: str,
    sha256: str | None = None,
    url: str | None = None,
    *,
    deadline: float = DEADLINE,
    max_bytes: int = MAX_BYTES,
) -> FactBase:
    """The fact base of a released version, verified, from the cache or downloaded (see :func:`fetch`)."""
    return _obtain(version, sha256, url, deadline, max_bytes)[1]


def cached_versions() -> dict[str, bool]:
    """Every registered version, and whether a verified copy is in the cache (one that does not verify is removed)."""
    folder = cache_dir()
    return {
        v: folder.is_dir() and _cached(Wanted(v, r.file, r.sha256, folder / r.file, r.size)) is not None
        for v, r in read().items()
    }


def _obtain(
    version: str, sha256: str | None, url: str | None, deadline: float, max_bytes: int
) -> tuple[Path, FactBase]:
    if not 0 < deadline < float("inf") or max_bytes < 1:
        raise RequestError(f"a deadline ({deadline!r} s) and max_bytes ({max_bytes!r}) are positive numbers")
    target = wanted(version, sha256)
    limit = target.size if target.size is not None else max_bytes
    folder = target.path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DownloadError(f"cannot make the cache folder {folder}: {exc.strerror or exc}") from None
    _sweep(folder)
    facts = _cached(target)
    if facts is not None:
        return target.path, facts
    address = _address(url, target)
    with _partial(folder, target.file) as partial:
        try:
            with open(partial, "wb") as out:
                received = get(address, out, limit, deadline)
        except TransferError as exc:
            raise DownloadError(
                f"version {version}: cannot download {address} ({exc}); it is not in the cache either "
                f"(looked for {target.path})"
            ) from None
        except OSError as exc:  # writing the partial file
            raise DownloadError(f"version {version}: cannot write {partial}: {exc.strerror or exc}") from None
        where = f"version {version} from {address}"
        if target.size is not None and received.size != target.size:
            raise DownloadError(f"{where}: {received.size:,} bytes, not the {target.size:,} the registry records")
        if received.sha256 != target.sha256:
            raise DownloadError(
                f"{where}: the download does not match its sha256 (it has {received.sha256}, "
                f"not {target.sha256}); nothing was kept"
            )
        facts = _check_package(target, partial, where)
        try:
            os.replace(partial, target.path)
        except OSError as exc:
            raise DownloadError(f"{where}: verified, but cannot be put in the cache: {exc.strerror or exc}") from None
    facts.origin = str(target.path)
    return target.path, facts


def _address(url: str | None, target: Wanted) -> str:
    """The release's address: ``url`` (or the configured one) with the version put in, and the file name added."""
    base = (url or base_url()).replace("{version}", target.version)
    try:
        parts = urlsplit(base)
        port = parts.port
    except ValueError:
        parts, port = None, None
    if parts is None or parts.scheme not in SCHEMES or not parts.hostname or port == 0:
        raise RequestError(f"the release address {base!r} is not an http or https address")
    return base.rstrip("/") + "/" + target.file


def _cached(target: Wanted) -> FactBase | None:
    """The cached package, if it verifies (size, sha256, package checks); one that does not is removed."""
    try:
        size = target.path.stat().st_size
    except OSError:
        return None
    facts = None
    if (target.size is None or size == target.size) and _digest(target.path) == target.sha256:
        with contextlib.suppress(DownloadError):
            facts = _check_package(target, target.path, f"version {target.version} in the cache")
    if facts is None:
        try:
            target.path.unlink(missing_ok=True)
        except OSError as exc:
            raise DownloadError(
                f"version {target.version}: the cached {target.path} does not verify and cannot be removed "
                f"({exc.strerror or exc})"
            ) from None
    return facts


def _digest(path: Path) -> str | None:
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            while chunk := handle.read(1 << 20):
                digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()


def _check_package(target: Wanted, path: Path, where: str) -> FactBase:
    """The package in the zip at ``path``, through the loader's checks; DownloadError if it is not sound."""
    tops = ("datapackage.json", f"sahel-facts-{target.version}/datapackage.json")  # at the root, or in its folder
    top = " or ".join(tops)
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
        facts = from_zip(path) if set(tops) & set(names) else None
    except zipfile.BadZipFile as exc:
        raise DownloadError(f"{where}: not a zip ({exc})") from None
    except LoadError as exc:
        raise DownloadError(f"{where}: {exc}") from None
    except Exception as exc:  # whatever a hostile zip trips over in the loader: never served, never cached
        raise DownloadError(f"{where}: not a sound package ({type(exc).__name__}: {exc})") from None
    if facts is None:
        raise DownloadError(f"{where}: no {top} in the zip")
    if facts.version != target.version:
        raise DownloadError(f"{where}: the package says it is {facts.version}")
    return facts


@contextlib.contextmanager
def _partial(folder: Path, file: str) -> Iterator[Path]:
    """A new partial file in ``folder``, removed unless it has been renamed, whatever ends the download."""
    try:
        handle, name = tempfile.mkstemp(prefix=f".{file}.", suffix=_PARTIAL, dir=folder)
    except OSError as exc:
        raise DownloadError(f"cannot write in the cache folder {folder}: {exc.strerror or exc}") from None
    os.close(handle)
    path = Path(name)
    try:
        with _terminate_cleanly():
            yield path
    finally:
        path.unlink(missing_ok=True)


@contextlib.contextmanager
def _terminate_cleanly() -> Iterator[None]:
    """While downloading, SIGTERM exits (status 143) through the clean-up, where it would otherwise kill at once.

    Only in the main thread, and only where SIGTERM has its default action: a program's own handler is left alone.
    """
    if threading.current_thread() is not threading.main_thread() or signal.getsignal(signal.SIGTERM) != signal.SIG_DFL:
        yield
        return

    def leave(signum: int, frame: FrameType | None) -> None:
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, leave)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _sweep(folder: Path) -> None:
    """Remove partial files a killed process left: untouched for STALE seconds (a live download writes on)."""
    old = time.time() - STALE
    for path in folder.glob(f".*{_PARTIAL}"):
        with contextlib.suppress(OSError):
            if path.is_file() and path.stat().st_mtime < old:
                path.unlink()
