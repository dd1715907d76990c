"""Find and read the record files of a fact tree, without leaving it and without skipping anything.

A fact tree is a folder ROOT holding ``facts/`` (the records) and ``sources/`` (the
archived source texts). Everything under ``facts/`` is either read as a record or
reported: a symbolic link (never followed), a name that is not UTF-8, not printable,
hidden or padded with spaces, a file not named ``NAME.yaml``, a folder nested deeper
than :data:`MAX_FOLDER_DEPTH`, and whatever lies beyond the first :data:`MAX_ENTRIES`
files and folders are each a finding. Only regular files are opened (never a FIFO or
a device), never through a link, and no read goes past its cap.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from ..findings import Finding, rule
from .safe_yaml import MAX_BYTES, Document, ReadError, read_bytes, too_large

RECORD_SUFFIX = ".yaml"
#: The most files and folders read under ``facts/``; the rest is one finding.
MAX_ENTRIES = 1_000_000
#: The deepest folder under ``facts/`` entered (records sit at most three deep).
MAX_FOLDER_DEPTH = 16

NO_SYMLINKS = rule("R110", "no-symlinks", "symbolic links are not followed")
SUFFIX = rule("R111", "suffix", "files under facts/ are records named NAME.yaml")
READABLE = rule("R112", "readable", "the file can be opened and read")
FILE_NAME = rule("R113", "file-name", "names under facts/ are UTF-8, printable, not hidden, without outer spaces")
TREE_SIZE = rule("R114", "tree-size", "facts/ holds at most 1,000,000 files and folders, at most 16 folders deep")


class FileTooLargeError(OSError):
    """A file over the size a caller allows: an ``OSError``, so every caller that reads files catches it."""

    def __init__(self, size: int, limit: int) -> None:
        super().__init__(f"file is {size:,} bytes, over the {limit:,}-byte limit")
        self.size = size
        self.limit = limit


@dataclass(frozen=True)
class RecordFile:
    """A record file found in the tree: its path relative to ROOT and its bytes."""

    path: str
    raw: bytes


def read_regular_file(path: str | os.PathLike[str], limit: int = MAX_BYTES, dir_fd: int | None = None) -> bytes:
    """Read a regular file of at most ``limit`` bytes, refusing to follow a symlink.

    Raises ``OSError`` for a link, a non-regular file (a FIFO or a device: opened without
    blocking, never read) or a failure to open, and :class:`FileTooLargeError` (an ``OSError``) for
    a file over ``limit``, found from its size before reading or, should it grow while
    read, after reading at most ``limit + 1`` bytes. ``path`` is relative to the folder
    ``dir_fd`` is open on, when given.
    """
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    fd = os.open(path, flags, dir_fd=dir_fd)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise OSError(f"{os.path.basename(path)} is not a regular file")
        if info.st_size > limit:
            raise FileTooLargeError(info.st_size, limit)
        chunks, size = [], 0
        while size <= limit:  # to the size fstat gave (not the cap: a 1 MiB buffer a file is costly),
            want = info.st_size - size if size < info.st_size else 1 << 16  # then on, should it have grown
            chunk = os.read(fd, min(want, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:
            raise FileTooLargeError(size, limit)
        return b"".join(chunks)
    finally:
        os.close(fd)


#: How a folder is opened to read beneath it: never through a link.
OPEN_FOLDER = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_NOFOLLOW", 0)


@contextmanager
def beneath(root: Path, path: str) -> Iterator[tuple[int, str]]:
    """The folder of ``root/path`` (``path`` relative, ``/``-separated) opened, and the file's name in it.

    Each folder is opened from the one before it without following a link, so a folder
    swapped for a link is refused (``OSError``) at a few system calls a folder, where
    resolving the whole path would cost a ``stat`` a part in Python. The file itself is
    the caller's to open or stat without following a link (``dir_fd``).
    """
    *folders, name = path.split("/")
    fd = os.open(root, OPEN_FOLDER)
    try:
        for folder in folders:
            inner = os.open(folder, OPEN_FOLDER, dir_fd=fd)
            os.close(fd)
            fd = inner
        yield fd, name
    finally:
        os.close(fd)


def read_beneath(root: Path, path: str, limit: int = MAX_BYTES) -> bytes:
    """Read the regular file ``root/path``, no part of ``path`` a link (see :func:`beneath`)."""
    with beneath(root, path) as (folder, name):
        return read_regular_file(name, limit, dir_fd=folder)


def shown(path: str) -> str:
    """``path`` as a finding names it: a name's bytes that are not UTF-8 written as ``\\xNN``."""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:  # os gives undecodable bytes as lone surrogates
        return os.fsencode(path).decode("utf-8", "backslashreplace")
    return path


_LOOKS_LIKE_RECORD = re.compile(r"\.?(?P<stem>.+?)\.(?:ya?ml|json)\b", re.IGNORECASE)


def _record_name(name: str) -> str | None:
    """The record file name ``name`` was probably meant to be (``X.YAML``, ``x.yaml~`` -> ``x.yaml``), if any."""
    match = _LOOKS_LIKE_RECORD.match(name.strip())
    return f"{match['stem'].strip()}{RECORD_SUFFIX}" if match else None


def _name_problem(name: str, folder: bool) -> tuple[str, str] | None:
    """What is wrong with a file or folder name under facts/, and the hint; None for a good name."""
    what = "folder" if folder else "file"
    if shown(name) != name:
        return f"the {what} name is not UTF-8", "rename it using UTF-8 letters, digits and '-'"
    if not name.isprintable():
        return f"the {what} name holds a control or invisible character", "rename it using letters, digits and '-'"
    meant = name.strip().lstrip(".").strip() or "a visible name"
    if name.startswith("."):
        hidden = "its files are not read" if folder else "it is not read"
        return f"hidden {what} ({hidden})", f"rename it to {meant}, or move it out of facts/"
    if name != name.strip():
        return f"the {what} name starts or ends with a space", f"rename it to {meant}"
    return None


def _suffix_finding(rel: str, name: str) -> Finding:
    meant = _record_name(name)
    hint = f"rename it to {meant}" if meant else "only records, named NAME.yaml, belong under facts/: move it out"
    if meant and name.lower().endswith(".json"):
        hint = f"write the record as YAML in {meant}"
    return SUFFIX.at(rel, 1, 1, "not a record file: record files are named NAME.yaml, and nothing else is read", hint)


def _read(path: str | os.PathLike[str], rel: str) -> RecordFile | Finding:
    try:
        return RecordFile(rel, read_regular_file(path))
    except FileTooLargeError as exc:
        error = too_large(exc.size)
        return error.rule.at(rel, 1, 1, error.message, error.hint)
    except OSError as exc:
        return READABLE.at(rel, 1, 1, f"cannot be read: {exc.strerror or exc}")


def _listing(folder: Path, budget: int) -> list[os.DirEntry[str]]:
    """At most ``budget`` entries of ``folder``, sorted by name; ``OSError`` if it cannot be listed."""
    with os.scandir(folder) as entries:
        return sorted(islice(entries, budget), key=lambda entry: entry.name)


def walk(
    root: Path, max_entries: int = MAX_ENTRIES, max_depth: int = MAX_FOLDER_DEPTH
) -> Iterator[RecordFile | Finding]:
    """Every entry under ``root/facts``, depth first in name order: a record file, or the finding it gets.

    At most ``max_entries`` files and folders are listed (a finding says where it
    stopped) and folders deeper than ``max_depth`` are not entered (a finding each), so
    the walk's memory and time are bounded whatever the tree holds.
    """
    for item in listing(root, max_entries, max_depth):
        yield item if isinstance(item, Finding) else _read(item.entry.path, item.path)


@dataclass(frozen=True)
class Listed:
    """A record file the walk found, not yet read: its path relative to ROOT and its directory entry."""

    path: str
    entry: os.DirEntry[str]

    def stat(self) -> os.stat_result | None:
        """The file's stat (not following a link), None if it is gone."""
        try:
            return self.entry.stat(follow_symlinks=False)
        except OSError:
            return None

    def read(self) -> RecordFile | Finding:
        """The file's bytes, or the finding that says why it cannot be read (as :func:`walk` gives them)."""
        return _read(self.entry.path, self.path)


def listing(
    root: Path, max_entries: int = MAX_ENTRIES, max_depth: int = MAX_FOLDER_DEPTH
) -> Iterator[Listed | Finding]:
    """:func:`walk`, without reading the record files: each is :class:`Listed`."""
    facts = root / "facts"
    if facts.is_symlink():
        yield NO_SYMLINKS.at(
            "facts", 1, 1, "facts/ is a symbolic link, which is not followed", "commit the folder itself"
        )
        return
    budget = max_entries
    todo: list[tuple[os.DirEntry[str], str, int]] = []  # entries yet to visit, the next last
    folder: tuple[Path, str, int] | None = (facts, "facts", 0)  # a folder to list before going on
    while folder or todo:
        if folder:
            here, prefix, depth = folder
            folder = None
            try:
                listed = _listing(here, budget + 1)
            except OSError as exc:
                yield READABLE.at(shown(prefix), 1, 1, f"folder cannot be listed: {exc.strerror or exc}")
                continue
            if len(listed) > budget:
                message = f"more than {max_entries:,} files and folders: the rest were not read"
                yield TREE_SIZE.at("facts", 1, 1, message, "split the data, or remove what is not a record")
                return
            budget -= len(listed)
            todo.extend((entry, prefix, depth) for entry in reversed(listed))
            continue
        entry, prefix, depth = todo.pop()
        name, rel = entry.name, f"{prefix}/{entry.name}"
        if entry.is_symlink():
            yield NO_SYMLINKS.at(shown(rel), 1, 1, "symbolic link, not followed", "commit the file itself, not a link")
            continue
        is_folder = entry.is_dir(follow_symlinks=False)
        problem = _name_problem(name, is_folder)
        if problem:
            yield FILE_NAME.at(shown(rel), 1, 1, *problem)
        elif is_folder and depth >= max_depth:
            yield TREE_SIZE.at(rel, 1, 1, f"folder more than {max_depth} levels deep: not read", "flatten the folders")
        elif is_folder:
            folder = (Path(entry.path), rel, depth + 1)
        elif not name.endswith(RECORD_SUFFIX):
            yield _suffix_finding(rel, name)
        else:
            yield Listed(rel, entry)


def read_document(file: RecordFile) -> Document | Finding:
    """Parse one record file, or say why it is refused."""
    try:
        return read_bytes(file.raw)
    except ReadError as exc:
        return exc.rule.at(file.path, exc.position.line, exc.position.col, exc.message, exc.hint)
