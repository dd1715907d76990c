"""Find and read the record files of a fact tree, without leaving it.

A fact tree is a folder ROOT holding ``facts/`` (the records) and ``sources/`` (the
archived source texts). Only regular files are read: a symbolic link, wherever it
points, is a finding and is never followed, and no path leads outside ROOT.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..findings import Finding, rule
from .safe_yaml import MAX_BYTES, Document, ReadError, read_bytes, too_large

RECORD_SUFFIX = ".yaml"
NO_SYMLINKS = rule("R110", "no-symlinks", "symbolic links are not followed")
SUFFIX = rule("R111", "suffix", "record files end in .yaml")
READABLE = rule("R112", "readable", "the file can be opened and read")


@dataclass(frozen=True)
class RecordFile:
    """A record file found in the tree: its path relative to ROOT and its bytes."""

    path: str
    raw: bytes


def read_regular_file(path: Path, limit: int = MAX_BYTES) -> bytes:
    """Read a regular file of at most ``limit`` bytes, refusing to follow a symlink.

    Raises ``OSError`` for a link, a non-regular file or a failure to open, and
    :class:`ReadError` (R101) for a file over ``limit``, without reading it.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise OSError(f"{path.name} is not a regular file")
        if info.st_size > limit:
            raise too_large(info.st_size, limit)
        chunks, size = [], 0
        while size <= limit:  # to the size fstat gave (not the cap: a 1 MiB buffer a file is costly), and on
            chunk = os.read(fd, max(info.st_size - size, 0) + 1)  # to the end, should the file have grown
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def walk(root: Path) -> Iterator[RecordFile | Finding]:
    """Every ``*.yaml`` file under ``root/facts`` in sorted order, or a finding for what is refused."""
    facts = root / "facts"
    if facts.is_symlink():
        yield NO_SYMLINKS.at(
            "facts", 1, 1, "facts/ is a symbolic link, which is not followed", "commit the folder itself"
        )
        return
    for folder, dirs, files in os.walk(facts, followlinks=False):
        dirs.sort()
        here = Path(folder)
        for name in sorted(dirs + files):
            path = here / name
            rel = path.relative_to(root).as_posix()
            if path.is_symlink():
                yield NO_SYMLINKS.at(rel, 1, 1, "symbolic link, not followed", "commit the file itself, not a link")
                if name in dirs:
                    dirs.remove(name)
                continue
            if name in dirs or name.startswith("."):
                continue
            if name.endswith(".yml"):
                yield SUFFIX.at(rel, 1, 1, "record files end in .yaml, not .yml", f"rename it to {name[:-4]}.yaml")
            elif name.endswith(RECORD_SUFFIX):
                try:
                    yield RecordFile(rel, read_regular_file(path))
                except ReadError as exc:
                    yield exc.rule.at(rel, 1, 1, exc.message, exc.hint)
                except OSError as exc:
                    yield READABLE.at(rel, 1, 1, f"cannot be read: {exc.strerror or exc}")


def read_document(file: RecordFile) -> Document | Finding:
    """Parse one record file, or say why it is refused."""
    try:
        return read_bytes(file.raw)
    except ReadError as exc:
        return exc.rule.at(file.path, exc.position.line, exc.position.col, exc.message, exc.hint)
