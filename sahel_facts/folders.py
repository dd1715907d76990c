"""Folders to write into, opened without following a symbolic link anywhere on the way.

A fact tree comes from a pull request, so any folder in it may be a link to somewhere
else (a committed ``dist`` pointing at the user's home, say). Writers here hold a file
descriptor of the folder they write into, each step opened with ``O_NOFOLLOW``
relative to the one before, so nothing is written or deleted through a link, even
one put in place while they work. POSIX only (``dir_fd``).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import SahelFactsError

#: How a folder on the way is opened: as a folder, never through a link.
FOLDER = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
#: How a file is created in a held folder: new, never through a link.
NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC


class FolderError(SahelFactsError):
    """A place that is not written into: a symbolic link, not a folder, or not writable."""


def refusal(path: Path, name: str, folder: int, wanted: str = "folder") -> FolderError:
    """Why ``name`` in the held ``folder`` (shown as ``path``) cannot be used as a ``wanted``."""
    try:
        mode = os.stat(name, dir_fd=folder, follow_symlinks=False).st_mode
    except OSError as exc:
        return FolderError(f"{path}: cannot be used ({exc.strerror or exc})")
    if stat.S_ISLNK(mode):
        return FolderError(f"{path} is a symbolic link: nothing is written or deleted through one; remove it")
    return FolderError(f"{path} is not a {wanted}")


def _step(folder: int, name: str, path: Path, create: bool) -> int:
    """Open ``name`` in ``folder`` as a folder, making it first if ``create`` and it is missing."""
    try:
        return os.open(name, FOLDER, dir_fd=folder)
    except FileNotFoundError:
        if not create:
            raise FolderError(f"{path}: no such folder") from None
    except OSError:
        raise refusal(path, name, folder) from None
    try:
        os.mkdir(name, dir_fd=folder)
    except FileExistsError:
        pass  # made meanwhile: opening it checks what it is
    except OSError as exc:
        raise FolderError(f"{path}: cannot be made ({exc.strerror or exc})") from None
    try:
        return os.open(name, FOLDER, dir_fd=folder)
    except OSError:
        raise refusal(path, name, folder) from None


@contextmanager
def held(path: Path, under: Path | None = None, create: bool = False) -> Iterator[int]:
    """A file descriptor of folder ``path``, open while the block runs; FolderError if it cannot be had safely.

    Inside ``under`` (lexically), every folder from ``under`` down to ``path`` must be a
    real folder; elsewhere only ``path`` itself, as the folders above it are the caller's
    own choice. With ``create``, missing folders are made.
    """
    target = Path(os.path.abspath(path))
    base = Path(os.path.abspath(under)) if under is not None else None
    if base is not None and target.is_relative_to(base):
        start, parts = base, target.relative_to(base).parts
    else:
        start, parts = target.parent, (target.name,)
        if create:
            try:
                start.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise FolderError(f"{start}: cannot be made ({exc.strerror or exc})") from None
    try:
        fd = os.open(start, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError as exc:
        raise FolderError(f"{start}: cannot be opened as a folder ({exc.strerror or exc})") from None
    try:
        current = start
        for part in parts:
            current = current / part
            following = _step(fd, part, current, create)
            os.close(fd)
            fd = following
        yield fd
    finally:
        os.close(fd)
