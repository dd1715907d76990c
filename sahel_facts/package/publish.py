"""Put a build's files into the output folder: staged beside them, then swapped in under a lock.

Each build writes its items (the package folder, the zip and its ``.sha256``) into a
staging folder ``DIR/.building-*`` of its own, then takes ``DIR/.sahel-facts-build.lock``
and renames them over the old ones, one after the other. So swaps are serialised; a
build killed before its swap leaves the previous set untouched (the next build removes
its staging folder), and one killed during the swap, a few renames long, leaves a set
the next build replaces whole. An item given as ``None`` is removed (an output this
build does not make, so that none is left from an earlier build). Nothing is written or deleted through a
symbolic link: every step holds the output folder's file descriptor, and an item that
is a link, or not the kind of thing it should be, is refused before anything moves.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import secrets
import shutil
import stat
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from ..folders import FOLDER, NEW_FILE, FolderError, refusal

#: The lock a build of DIR holds while it swaps in its items.
LOCK = ".sahel-facts-build.lock"
#: The lock a build of DIR holds while it makes or removes staging folders.
STAGES = ".sahel-facts-stages.lock"
#: How a build's staging folder's name starts.
STAGING = ".building-"
#: The file in a staging folder its build holds locked while it lives.
OWNER = ".owner"
#: How long a build waits for another to release the lock, in seconds, before giving up.
LOCK_WAIT = 300.0

#: An item: a file's bytes, a folder's files by name, or None for a folder to remove.
Item = bytes | Mapping[str, bytes] | None


def publish(out: Path, folder: int, items: Mapping[str, Item]) -> None:
    """Replace ``items`` (by name) in the held output ``folder`` (shown as ``out``) with these contents."""
    try:
        with _locked(out, folder, STAGES):
            _clear_stale(folder)
            stage, stage_fd, owner = _new_stage(folder)
        try:
            for name, content in items.items():
                if content is not None:
                    _write(stage_fd, name, content)
            with _locked(out, folder, LOCK):
                for name, content in items.items():
                    _check(out / name, name, folder, not isinstance(content, bytes))
                for name, content in items.items():
                    if content is None:
                        _remove(folder, stage_fd, name)
                    else:
                        _swap(folder, stage_fd, name, isinstance(content, Mapping))
        finally:
            with contextlib.suppress(OSError, FolderError), _locked(out, folder, STAGES):
                shutil.rmtree(stage, dir_fd=folder)
            os.close(stage_fd)
            os.close(owner)
    except OSError as exc:
        raise FolderError(f"{out}: the build cannot be written there ({exc.strerror or exc})") from None


@contextmanager
def _locked(out: Path, folder: int, lock: str) -> Iterator[None]:
    """Hold the output folder's ``lock``, waiting at most :data:`LOCK_WAIT` seconds for it."""
    try:
        fd = os.open(lock, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC, 0o666, dir_fd=folder)
    except OSError:
        raise refusal(out / lock, lock, folder, "file") from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise FolderError(f"{out / lock} is not a file")
        deadline = time.monotonic() + LOCK_WAIT
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise FolderError(
                        f"{out / lock}: another build has held it for {LOCK_WAIT:.0f} seconds; "
                        "if none is running, try again"
                    ) from None
                time.sleep(0.05)
        yield
    finally:
        os.close(fd)


def _new_stage(folder: int) -> tuple[str, int, int]:
    """Make a staging folder, holding its owner lock: (name, folder descriptor, owner descriptor)."""
    while True:
        name = STAGING + secrets.token_hex(8)
        try:
            os.mkdir(name, 0o700, dir_fd=folder)
            break
        except FileExistsError:
            continue
    stage_fd = os.open(name, FOLDER, dir_fd=folder)
    owner = os.open(OWNER, NEW_FILE, 0o600, dir_fd=stage_fd)
    fcntl.flock(owner, fcntl.LOCK_EX | fcntl.LOCK_NB)
    return name, stage_fd, owner


def _clear_stale(folder: int) -> None:
    """Remove the staging folders of builds that died: their owner lock is free (or never made)."""
    for name in os.listdir(folder):
        if not name.startswith(STAGING):
            continue
        try:
            stage_fd = os.open(name, FOLDER, dir_fd=folder)
        except OSError:
            continue  # not a folder: not one of ours
        try:
            if _alive(stage_fd):
                continue
        finally:
            os.close(stage_fd)
        shutil.rmtree(name, dir_fd=folder)


def _alive(stage_fd: int) -> bool:
    """Whether a live build holds this staging folder's owner lock."""
    try:
        owner = os.open(OWNER, os.O_RDWR | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC, dir_fd=stage_fd)
    except OSError:
        return False  # its build died before locking it (stages are made and removed under STAGES)
    try:
        fcntl.flock(owner, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(owner)
    return False


def _write(folder: int, name: str, content: bytes | Mapping[str, bytes]) -> None:
    """Write an item into the held staging ``folder``."""
    if isinstance(content, Mapping):
        os.mkdir(name, dir_fd=folder)
        inner = os.open(name, FOLDER, dir_fd=folder)
        try:
            for filename, data in content.items():
                _write(inner, filename, data)
        finally:
            os.close(inner)
        return
    with open(os.open(name, NEW_FILE, 0o666, dir_fd=folder), "wb") as handle:
        handle.write(content)


def _check(path: Path, name: str, folder: int, is_folder: bool) -> None:
    """Refuse to replace what is at ``name`` unless it is missing, or the same kind of thing and no link."""
    with contextlib.suppress(FileNotFoundError):
        mode = os.stat(name, dir_fd=folder, follow_symlinks=False).st_mode
        if not (stat.S_ISDIR(mode) if is_folder else stat.S_ISREG(mode)):
            raise refusal(path, name, folder, "folder" if is_folder else "file")


def _swap(folder: int, stage: int, name: str, is_folder: bool) -> None:
    """Move the staged ``name`` into the output folder; an old folder goes into the stage, to be removed with it."""
    if is_folder:
        _remove(folder, stage, name)
    os.replace(name, name, src_dir_fd=stage, dst_dir_fd=folder)


def _remove(folder: int, stage: int, name: str) -> None:
    """Move the folder ``name``, if there is one, into the stage, to be removed with it."""
    with contextlib.suppress(FileNotFoundError):
        os.rename(name, ".old-" + name, src_dir_fd=folder, dst_dir_fd=stage)
