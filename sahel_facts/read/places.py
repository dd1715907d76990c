"""Where a key of a record file is, worked out again only when a finding needs it.

Validating keeps a record's model, not its parse: the data and the position of every
key cost several kilobytes a record, and most records have no finding to place. A
:class:`FilePlaces` keeps the file's path and the digest of the bytes that were read;
when a check makes a finding it reads and parses that one file again (a regular file,
never through a link) and looks the key up. A file that has changed since (its digest
differs), vanished, or no longer reads, places its findings at line 1, column 1.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from .safe_yaml import Document, Loc, Position, ReadError, read_placed
from .tree import read_beneath

#: Where every key of a file that cannot be read again is placed: line 1, column 1.
NOWHERE = Document({}, {})


def digest(raw: bytes) -> bytes:
    """The digest that tells a file's bytes from any other bytes: 16 bytes of BLAKE2b."""
    return hashlib.blake2b(raw, digest_size=16).digest()


@dataclass(eq=False, slots=True)
class FilePlaces:
    """The places of the keys of ``root/path``, as it was when its bytes had ``digest``."""

    root: Path
    """The tree's resolved root."""
    path: str
    """The file, relative to ``root``."""
    digest: bytes
    _document: Document | None = field(default=None, repr=False)

    def locate(self, loc: Loc) -> Position:
        """Where ``loc`` is (or its nearest enclosing key); line 1, column 1 if the file is not what was read."""
        if self._document is None:
            self._document = self._read()
        return self._document.locate(loc)

    def _read(self) -> Document:
        try:
            raw = read_beneath(self.root, self.path)  # refused if a link now stands in its way
            return read_placed(raw) if digest(raw) == self.digest else NOWHERE
        except (OSError, ReadError):
            return NOWHERE
