"""The files of a built package, read as untrusted input: from its folder or from its zip.

Only regular files are read: a symbolic link, a FIFO, a device or a folder where a
package file should be is refused without being opened for reading (no read can
hang). Paths stay inside the package (no absolute paths, no ``..``, no URLs), and
zip members likewise; a zip member that is a link, is encrypted or appears twice is
refused. Nothing is read past its size, the size its descriptor declares, or the
package's budget of :data:`MAX_PACKAGE_BYTES`, so memory stays in proportion to the
files the loader needs (the descriptor and ``records.json``), not to what a hostile
package claims. Every problem is a :class:`LoadError` naming the package and the file.
"""

from __future__ import annotations

import errno
import os
import stat
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

from ..errors import SahelFactsError
from ..read.safe_yaml import Position, ReadError
from ..read.tree import read_regular_file

#: Most bytes the loader reads from one package, all files together.
MAX_PACKAGE_BYTES = 256 << 20
#: Most bytes of a package's descriptor.
MAX_DESCRIPTOR_BYTES = 64 << 20
#: Most a zip member may expand, relative to its compressed size, once over 1 MiB.
MAX_RATIO = 100
#: Most bytes of a zip's central directory (its list of members), read before any member.
MAX_ZIP_DIRECTORY_BYTES = 1 << 20
_NOT_READABLE = (zipfile.BadZipFile, OSError, EOFError, zlib.error, RuntimeError, NotImplementedError)


class LoadError(SahelFactsError):
    """A package or tree that cannot be loaded, and why."""


def located(where: str, path: str, position: Position | None, message: str) -> LoadError:
    """The error for a problem in file ``path`` of the package at ``where``, at ``position`` if known."""
    place = f"{path}:{position.line}:{position.col}" if position else path
    return LoadError(f"{where}: {place}: {message}")


def inside(path: str, where: str) -> str:
    """``path`` if it is a plain relative path inside the package, else a LoadError."""
    pure = PurePosixPath(path)
    if (
        not path
        or "://" in path
        or path.startswith(("/", "\\"))
        or pure.is_absolute()
        or ".." in pure.parts
        or "\\" in path
        or "\0" in path
    ):
        raise LoadError(f"{where}: resource path {path!r} leaves the package (only relative paths inside it are read)")
    return path


class Files:
    """The files of one package by path relative to its descriptor, read within a budget."""

    def __init__(self, where: str):
        self.where = where
        """The package as the user named it, for messages."""
        self.left = MAX_PACKAGE_BYTES
        """Bytes the package may still have read."""

    def size(self, path: str) -> int:
        """The size of file ``path``, found without reading it."""
        raise NotImplementedError

    def _read(self, path: str, size: int) -> bytes:
        raise NotImplementedError

    def read(self, path: str, limit: int = MAX_PACKAGE_BYTES) -> bytes:
        """The bytes of file ``path``: refused, unread, when it is over ``limit`` or the package's budget."""
        size = self.size(path)
        if size > limit:
            raise LoadError(f"{self.where}: {path} is {size:,} bytes, over the {limit:,}-byte limit")
        if size > self.left:
            raise LoadError(
                f"{self.where}: {path} is {size:,} bytes: with the {MAX_PACKAGE_BYTES - self.left:,} read before it, "
                f"over the package's {MAX_PACKAGE_BYTES:,}-byte limit"
            )
        data = self._read(path, size)
        if len(data) != size:
            raise LoadError(f"{self.where}: {path} changed size while it was read")
        self.left -= size
        return data


class FolderFiles(Files):
    """The files of a package folder: regular files only, never through a link."""

    def __init__(self, folder: Path, where: str):
        super().__init__(where)
        self.folder = folder.resolve()

    def _path(self, path: str) -> Path:
        target = self.folder.joinpath(*PurePosixPath(inside(path, self.where)).parts)
        if target.resolve() != target:  # a link on the way, or one that leaves the folder
            raise LoadError(f"{self.where}: {path} leaves the package folder or passes through a symbolic link")
        return target

    def size(self, path: str) -> int:
        target = self._path(path)
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        try:
            fd = os.open(target, flags)
        except OSError as exc:
            raise self._error(path, exc) from None
        try:
            info = os.fstat(fd)
        finally:
            os.close(fd)
        if not stat.S_ISREG(info.st_mode):
            raise LoadError(f"{self.where}: {path} is not a regular file: refused")
        return info.st_size

    def _read(self, path: str, size: int) -> bytes:
        try:
            return read_regular_file(self._path(path), size)
        except OSError as exc:
            raise self._error(path, exc) from None
        except ReadError:  # over the size just found: it grew
            raise LoadError(f"{self.where}: {path} changed size while it was read") from None

    def _error(self, path: str, exc: OSError) -> LoadError:
        if exc.errno == errno.ELOOP:
            return LoadError(f"{self.where}: {path} is a symbolic link: a package's files are read only as themselves")
        return LoadError(f"{self.where}: cannot read {path}: {exc.strerror or exc}")


class ZipFiles(Files):
    """The files of a package inside a zip: the one folder that holds ``descriptor``, or the top."""

    def __init__(self, archive: zipfile.ZipFile, where: str, descriptor: str):
        super().__init__(where)
        self.archive = archive
        seen: set[str] = set()
        for info in archive.infolist():
            inside(info.filename, where)
            if info.filename in seen:
                raise LoadError(f"{where}: {info.filename} is in the zip twice: refused")
            seen.add(info.filename)
            kind = stat.S_IFMT(info.external_attr >> 16) if info.create_system == 3 else 0
            if kind and not stat.S_ISREG(kind) and not stat.S_ISDIR(kind):
                raise LoadError(f"{where}: {info.filename} is a link or special file, not a regular file: refused")
        top = [name for name in seen if PurePosixPath(name).name == descriptor and len(PurePosixPath(name).parts) <= 2]
        if len(top) != 1:
            raise LoadError(f"{where}: expected one {descriptor} at the top of the zip, found {len(top)}")
        folder = PurePosixPath(top[0]).parent
        self.prefix = "" if str(folder) == "." else f"{folder}/"

    def _member(self, path: str) -> zipfile.ZipInfo:
        name = self.prefix + inside(path, self.where)
        try:
            return self.archive.getinfo(name)
        except KeyError:
            raise LoadError(f"{self.where}: the zip has no {name}") from None

    def size(self, path: str) -> int:
        info = self._member(path)
        if info.is_dir():
            raise LoadError(f"{self.where}: {info.filename} is a folder, not a file")
        if info.flag_bits & 0x1:
            raise LoadError(f"{self.where}: {info.filename} is encrypted: refused")
        if info.file_size > 1 << 20 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise LoadError(
                f"{self.where}: {info.filename} would expand to {info.file_size:,} bytes: refused as a zip bomb"
            )
        return info.file_size

    def _read(self, path: str, size: int) -> bytes:
        info = self._member(path)
        try:
            with self.archive.open(info) as stream:
                return stream.read(size + 1)  # the member stops at its stated size; a CRC error if it lies
        except _NOT_READABLE as exc:  # corrupt, cut off, or compressed in a way zipfile cannot read
            raise LoadError(f"{self.where}: {info.filename} cannot be read: {exc}") from None


@contextmanager
def open_zip(path: Path) -> Iterator[zipfile.ZipFile]:
    """The zip at ``path`` (the user's own path: a link to it is followed), if it is a regular file.

    Its central directory is measured first and refused over :data:`MAX_ZIP_DIRECTORY_BYTES`,
    so a zip of millions of tiny members does not fill memory with their entries.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise LoadError(f"{path}: cannot open: {exc.strerror or exc}") from None
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise LoadError(f"{path}: not a regular file: refused")
        try:
            end = getattr(zipfile, "_EndRecData")(handle)  # noqa: B009 - zipfile's own reader of the end record
            if end and end[5] > MAX_ZIP_DIRECTORY_BYTES:
                raise LoadError(
                    f"{path}: the zip lists {end[5]:,} bytes of members, "
                    f"over the {MAX_ZIP_DIRECTORY_BYTES:,}-byte limit"
                )
            handle.seek(0)
            archive = zipfile.ZipFile(handle)
        except _NOT_READABLE as exc:
            raise LoadError(f"{path}: not a readable zip ({exc})") from None
        with archive:
            yield archive
