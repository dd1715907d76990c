"""The walk of a tree, kept between runs by its folders' stats, and the stat of each record file.

Adding, removing or renaming an entry of a folder (a file, a folder, a link) changes the
folder's mtime and ctime, and replacing a folder changes its inode: so while every folder
under ``facts/`` (``facts/`` itself included) has the *key* it had (inode, device, mtime
and ctime), the walk lists what it listed, and its files and findings are the last
run's. A key is taken before the walk, and kept only when the folder had not changed in
the :data:`~sahel_facts.incremental.store.RACY_NS` before the run began (a change in the
same tick of the file system's clock as the walk would leave the key as it was). An edit
of a file in place does not change its folder: each file's own stat says whether it did.

Folders are opened without following a link and each file's stat taken relative to its
folder (``fstatat``): the cheapest way to take 100,000 stats from Python.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..findings import Finding
from ..read.tree import MAX_ENTRIES, MAX_FOLDER_DEPTH, OPEN_FOLDER, RecordFile, _read

#: A folder's key: inode, device, mtime and ctime (ns).
Key = tuple[int, int, int, int]
#: Every folder the walk may enter, by its path relative to ROOT, with its key, parents before children.
Folders = tuple[tuple[str, Key], ...]
#: The record files of each folder, by the folder's path relative to ROOT.
Groups = tuple[tuple[str, tuple[str, ...]], ...]


def key(info: os.stat_result) -> Key | None:
    """The key of a folder from its stat (not following a link); None when it is not a folder."""
    if not stat.S_ISDIR(info.st_mode):
        return None
    return info.st_ino, info.st_dev, info.st_mtime_ns, info.st_ctime_ns


def folders(root: Path, settled: int) -> Folders | None:
    """Every folder under ``root/facts`` the walk may enter (a few more do no harm), with its key, taken now;
    None when one changed at or after ``settled`` (ns), cannot be listed, or there are too many to keep.

    Links are never followed, and the folders are bounded as the walk's are (depth and entries).
    """
    found: list[tuple[str, Key]] = []
    todo = [("facts", 0)]
    budget = MAX_ENTRIES
    while todo:
        rel, depth = todo.pop()
        try:
            info = os.lstat(root / rel)
            with os.scandir(root / rel) as entries:
                listed = [(entry.name, entry.is_dir(follow_symlinks=False)) for entry in entries]
        except OSError:
            return None
        folder = key(info)
        if folder is None or max(info.st_mtime_ns, info.st_ctime_ns) >= settled:
            return None
        found.append((rel, folder))
        budget -= len(listed)
        if budget < 0:
            return None
        if depth < MAX_FOLDER_DEPTH:
            todo.extend((f"{rel}/{name}", depth + 1) for name, is_folder in sorted(listed, reverse=True) if is_folder)
    return tuple(found)


def unchanged(root: Path, kept: Folders) -> bool:
    """True when every folder of ``kept`` has its key still (the walk would list what it listed)."""
    for rel, before in kept:
        try:
            if key(os.lstat(root / rel)) != before:
                return False
        except OSError:
            return False
    return True


def groups(paths: Iterable[str]) -> Groups:
    """The record files at ``paths`` (relative to ROOT), grouped by folder."""
    found: dict[str, list[str]] = {}
    for path in paths:
        found.setdefault(path.rpartition("/")[0], []).append(path)
    return tuple((folder, tuple(files)) for folder, files in found.items())


def stats(root: Path, grouped: Groups, kept: dict[str, Key]) -> Iterator[tuple[str, os.stat_result | None]]:
    """Each file's stat (not following a link; None if it cannot be taken), a folder at a time.

    Raises :class:`FolderChanged` when a folder opened is not the one of ``kept``'s key (when it has one).
    """
    for folder, paths in grouped:
        try:
            fd = os.open(root / folder, OPEN_FOLDER)
        except OSError:
            if folder in kept:
                raise FolderChanged(folder) from None
            yield from ((path, None) for path in paths)
            continue
        try:
            before = kept.get(folder)
            if before is not None and key(os.fstat(fd)) != before:
                raise FolderChanged(folder)
            skip = len(folder) + 1
            for path in paths:
                try:
                    yield path, os.stat(path[skip:], dir_fd=fd, follow_symlinks=False)
                except OSError:
                    yield path, None
        finally:
            os.close(fd)


class FolderChanged(Exception):  # noqa: N818 (not an error: the caller walks the tree again)
    """A folder is not what its kept key says: the kept walk cannot be used."""


def read(root: Path, path: str) -> RecordFile | Finding:
    """The bytes of the record file at ``path`` (relative to ``root``), or the finding the walk gives it."""
    return _read(root / path, path)
