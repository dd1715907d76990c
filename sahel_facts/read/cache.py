"""The parse cache: incremental validation without trusting anything stale.

Parsing YAML is most of the cost of validating a file, so each file's parse (its data
and key positions, or the reader's refusal) is kept, keyed by the file's path and the
SHA-256 of its bytes. The models and the checks across records always run.

The cache lives outside the tree, in the user cache folder (:func:`user_cache_folder`:
``SAHEL_FACTS_CACHE``, or platformdirs' user cache folder), one file a tree under
``parses/``, named by the SHA-256 of the tree's resolved path; validating writes nothing
under ROOT. A tree's own ``.sahel-facts-cache/`` (where older versions kept it) is never
read or written, so a link committed there leads nowhere. The cache file and the
signing key are read only as regular files, never through a link, at most
:data:`MAX_BYTES` and 64 bytes; both are written to a temporary file and moved into place.

The cache is JSON, never pickle, so it cannot run code, and it is signed with an HMAC
whose key is kept beside it, so a cache written by anyone else cannot hide a finding.
One written by another version of the reader or the models (its fingerprint differs),
unsigned, too large, or corrupt in any way, is discarded whole and rebuilt.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import secrets
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

from ..findings import Finding
from ..version import __version__
from .safe_yaml import Document, Position
from .tree import RecordFile, read_regular_file

#: The environment variable naming the user cache folder (else platformdirs' choice).
CACHE_ENV = "SAHEL_FACTS_CACHE"
#: The folder of the user cache folder that holds the parse caches, one file a tree.
FOLDER = "parses"
#: The largest parse cache read or written, in bytes (about 300,000 records' parses).
MAX_BYTES = 256 << 20
FORMAT = 2
_KEY_FILE = "cache-key"
_KEY_BYTES = 32
_SIGNATURE_BYTES = 65  # the HMAC-SHA-256 in hex, and a newline


@cache
def fingerprint() -> str:
    """What the cached parses depend on: the cache format, the version, and the reader's and models' code."""
    digest = hashlib.sha256(f"{FORMAT}\0{__version__}".encode())
    package = Path(__file__).resolve().parents[1]
    for module in sorted([*package.glob("read/*.py"), *package.glob("model/*.py")]):
        digest.update(module.name.encode() + b"\0" + module.read_bytes())
    return digest.hexdigest()


def user_cache_folder() -> Path:
    """This user's cache folder: ``SAHEL_FACTS_CACHE``, else platformdirs' (on Linux ``~/.cache/sahel-facts``)."""
    configured = os.environ.get(CACHE_ENV)
    if configured:
        return Path(configured)
    import platformdirs

    return Path(platformdirs.user_cache_dir("sahel-facts", appauthor=False))


def location(root: Path) -> Path:
    """Where the parse cache of the tree at ``root`` is kept: named by its resolved path, outside the tree."""
    name = hashlib.sha256(os.fsencode(root.resolve())).hexdigest()
    return user_cache_folder() / FOLDER / f"{name}.json"


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


def _key(file: RecordFile) -> str:
    return hashlib.sha256(file.path.encode() + b"\0" + file.raw).hexdigest()


def _encode(result: Document | Finding) -> dict[str, Any]:
    if isinstance(result, Finding):
        return {"f": [result.line, result.col, result.check, result.message, result.hint]}
    return {"d": result.data, "p": [[list(loc), pos.line, pos.col] for loc, pos in result.positions.items()]}


def _decode(path: str, entry: Any) -> Document | Finding:
    """An entry back as a Document or a Finding; ValueError if it is not one."""
    if not isinstance(entry, dict):
        raise ValueError("entry is not an object")
    if "f" in entry:
        line, col, check, message, hint = entry["f"]
        if not (isinstance(line, int) and isinstance(col, int) and isinstance(check, str) and isinstance(message, str)):
            raise ValueError("malformed finding")
        return Finding(path, line, col, check, message, hint if isinstance(hint, str) else None)
    data, positions = entry["d"], entry["p"]
    if not isinstance(data, dict) or not isinstance(positions, list):
        raise ValueError("malformed document")
    places = {}
    for loc, line, col in positions:
        if not (isinstance(loc, list) and isinstance(line, int) and isinstance(col, int)):
            raise ValueError("malformed position")
        places[tuple(loc)] = Position(line, col)
    return Document(data, places)


class ParseCache:
    """The cached parses of one tree, read at start and written back at the end of a run."""

    def __init__(self, root: Path) -> None:
        self.path = location(root)
        self.old: dict[str, Any] = self._read()
        self.new: dict[str, Any] = {}
        self.hits = 0
        self.misses = 0

    def _read(self) -> dict[str, Any]:
        try:
            signature, _, body = read_regular_file(self.path, MAX_BYTES).partition(b"\n")
            if not hmac.compare_digest(signature, _sign(body)):
                return {}  # not signed by this user: never trusted
            stored = json.loads(body)
        except (OSError, ValueError):
            return {}
        if not isinstance(stored, dict) or stored.get("fingerprint") != fingerprint():
            return {}
        entries = stored.get("entries")
        return entries if isinstance(entries, dict) else {}

    def get(self, file: RecordFile) -> Document | Finding | None:
        """The cached parse of ``file``, or None (a miss, or an entry that does not decode)."""
        key = _key(file)
        entry = self.old.get(key)
        if entry is None:
            return None
        try:
            result = _decode(file.path, entry)
        except (ValueError, TypeError, KeyError):
            self.old = {}  # one bad entry: trust none of it
            return None
        self.new[key] = entry
        self.hits += 1
        return result

    def put(self, file: RecordFile, result: Document | Finding) -> None:
        """Remember ``file``'s parse."""
        self.new[_key(file)] = _encode(result)
        self.misses += 1

    def save(self) -> None:
        """Write the parses of this run (only these: stale ones go), atomically; a failure to write is harmless.

        Nothing is written when every file was a hit and none went away, nor when the
        cache would be over :data:`MAX_BYTES` (it could not be read back).
        """
        if not self.misses and len(self.new) == len(self.old):
            return
        body = json.dumps(  # dumps, not dump: the C encoder (dump streams through Python)
            {"fingerprint": fingerprint(), "entries": self.new}, ensure_ascii=False, separators=(",", ":")
        ).encode()
        if _SIGNATURE_BYTES + len(body) > MAX_BYTES:
            return
        with contextlib.suppress(OSError):
            _replace(self.path, _sign(body) + b"\n" + body)
