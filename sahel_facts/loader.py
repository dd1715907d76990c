"""Load a fact base: the bundled package, a built package (folder, descriptor or zip), or a fact tree.

A package is untrusted input. Resource paths must stay inside the package (no absolute
paths, no ``..``, no URLs), zip members likewise, and nothing is read past a size cap,
so a zip bomb stops at the cap instead of filling memory. Every file read is checked
against the ``hash`` and ``bytes`` its descriptor gives. Any problem is a
:class:`LoadError` naming the file.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
import zlib
from collections.abc import Callable
from functools import cache
from importlib import resources
from pathlib import Path, PurePosixPath
from typing import Any

from pydantic import BaseModel, ConfigDict, TypeAdapter, ValidationError

from .errors import SahelFactsError
from .factbase import FactBase
from .model.kinds import KINDS

#: Most bytes read from any one file of a package.
MAX_FILE_BYTES = 1 << 30
#: Most a zip member may expand, relative to its compressed size, once over 1 MiB.
MAX_RATIO = 100
DESCRIPTOR = "datapackage.json"
RECORDS = "records"


class LoadError(SahelFactsError):
    """A package or tree that cannot be loaded, and why."""


def _records_file() -> TypeAdapter[Any]:
    """Validates ``records.json``: a name, a version and every record, told apart by ``kind``."""
    return _records_adapter(KINDS.version)


@cache
def _records_adapter(version: int) -> TypeAdapter[Any]:
    """Built once per state of the kind registry (building it costs more than reading a small package)."""
    record = KINDS.any_record()

    class RecordsFile(BaseModel):
        model_config = ConfigDict(extra="forbid")
        name: str
        version: str
        records: tuple[record, ...]  # type: ignore[valid-type]

    return TypeAdapter(RecordsFile)


def _inside(path: str, where: str) -> str:
    """``path`` if it is a plain relative path inside the package, else a LoadError."""
    pure = PurePosixPath(path)
    if "://" in path or path.startswith(("/", "\\")) or pure.is_absolute() or ".." in pure.parts or "\\" in path:
        raise LoadError(f"{where}: resource path {path!r} leaves the package (only relative paths inside it are read)")
    return path


def _check_bytes(data: bytes, resource: dict[str, Any], where: str) -> bytes:
    expected = resource.get("hash")
    if isinstance(expected, str) and expected.startswith("sha256:"):
        actual = hashlib.sha256(data).hexdigest()
        if actual != expected.removeprefix("sha256:"):
            raise LoadError(f"{where}: {resource['path']} has sha256 {actual}, not the {expected} its descriptor gives")
    if "bytes" in resource and resource["bytes"] != len(data):
        raise LoadError(f"{where}: {resource['path']} is {len(data)} bytes, not the {resource['bytes']} declared")
    return data


def _check_sizes(described: dict[str, Any], size: Callable[[str], int], where: str) -> None:
    """Every resource is the size its descriptor declares (found without reading it)."""
    for resource in described["resources"]:
        if isinstance(resource, dict) and isinstance(resource.get("path"), str) and "bytes" in resource:
            actual = size(_inside(resource["path"], where))
            if actual != resource["bytes"]:
                raise LoadError(
                    f"{where}: {resource['path']} is {actual:,} bytes, not the {resource['bytes']:,} "
                    "its descriptor declares"
                )


def from_package(read: Callable[[str], bytes], where: str, size: Callable[[str], int] | None = None) -> FactBase:
    """The fact base of a package whose files ``read`` returns by path relative to its descriptor.

    With ``size`` (a file's size by path), every resource's declared size is checked too.
    """
    try:
        described = json.loads(read(DESCRIPTOR))
    except (ValueError, UnicodeDecodeError) as exc:
        raise LoadError(f"{where}: {DESCRIPTOR} is not valid JSON ({exc})") from None
    if not isinstance(described, dict) or not isinstance(described.get("resources"), list):
        raise LoadError(f"{where}: {DESCRIPTOR} has no list of resources")
    if size is not None:
        _check_sizes(described, size, where)
    resource = next((r for r in described["resources"] if isinstance(r, dict) and r.get("name") == RECORDS), None)
    if resource is None or not isinstance(resource.get("path"), str):
        raise LoadError(f"{where}: no '{RECORDS}' resource with a path: not a sahel-facts package")
    data = _check_bytes(read(_inside(resource["path"], where)), resource, where)
    try:
        parsed = _records_file().validate_json(data)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        place = ".".join(map(str, first["loc"]))
        raise LoadError(
            f"{where}: {resource['path']} is not valid: {place}: {first['msg']} ({exc.error_count()} errors)"
        ) from None
    if described.get("version") not in (None, parsed.version):
        raise LoadError(f"{where}: descriptor version {described.get('version')} but records say {parsed.version}")
    return FactBase(parsed.records, parsed.version, where)


def _folder_reader(folder: Path) -> tuple[Callable[[str], bytes], Callable[[str], int]]:
    base = folder.resolve()

    def inside(path: str) -> Path:
        target = (folder / path).resolve()
        if base not in target.parents:
            raise LoadError(f"{folder}: {path} leaves the package folder")
        return target

    def size(path: str) -> int:
        try:
            return inside(path).stat().st_size
        except OSError as exc:
            raise LoadError(f"{folder}: cannot read {path}: {exc.strerror or exc}") from None

    def read(path: str) -> bytes:
        target = inside(path)
        if size(path) > MAX_FILE_BYTES:
            raise LoadError(f"{folder}: {path} is over {MAX_FILE_BYTES:,} bytes")
        try:
            with open(target, "rb") as handle:
                data = handle.read(MAX_FILE_BYTES + 1)
        except OSError as exc:
            raise LoadError(f"{folder}: cannot read {path}: {exc.strerror or exc}") from None
        if len(data) > MAX_FILE_BYTES:
            raise LoadError(f"{folder}: {path} is over {MAX_FILE_BYTES:,} bytes")
        return data

    return read, size


def _zip_reader(archive: zipfile.ZipFile, where: str) -> tuple[Callable[[str], bytes], Callable[[str], int]]:
    """A reader of the package inside a zip, and the size of a member by path, without expanding it."""
    for info in archive.infolist():
        _inside(info.filename, where)
    descriptors = [i.filename for i in archive.infolist() if PurePosixPath(i.filename).name == DESCRIPTOR]
    top = [d for d in descriptors if len(PurePosixPath(d).parts) <= 2]
    if len(top) != 1:
        raise LoadError(f"{where}: expected one {DESCRIPTOR} at the top of the zip, found {len(top)}")
    folder = str(PurePosixPath(top[0]).parent)

    def member(path: str) -> zipfile.ZipInfo:
        name = path if folder == "." else f"{folder}/{path}"
        try:
            return archive.getinfo(name)
        except KeyError:
            raise LoadError(f"{where}: the zip has no {name}") from None

    def read(path: str) -> bytes:
        info = member(path)
        name = info.filename
        if info.file_size > MAX_FILE_BYTES or (
            info.file_size > 1 << 20 and info.file_size > MAX_RATIO * max(info.compress_size, 1)
        ):
            raise LoadError(f"{where}: {name} would expand to {info.file_size:,} bytes: refused as a zip bomb")
        try:
            with archive.open(info) as stream:
                data = stream.read(MAX_FILE_BYTES + 1)
        except (zipfile.BadZipFile, OSError, EOFError, zlib.error) as exc:  # corrupt or cut-off members
            raise LoadError(f"{where}: {name} cannot be read: {exc}") from None
        if len(data) > MAX_FILE_BYTES:
            raise LoadError(f"{where}: {name} expands past {MAX_FILE_BYTES:,} bytes")
        return data

    return read, lambda path: member(path).file_size


def from_zip(path: Path) -> FactBase:
    """The fact base in a package zip (as ``sahel-facts build`` writes it)."""
    try:
        with zipfile.ZipFile(path) as archive:
            read, size = _zip_reader(archive, str(path))
            return from_package(read, str(path), size)
    except (zipfile.BadZipFile, OSError) as exc:
        raise LoadError(f"{path}: not a readable zip ({exc})") from None


def from_tree(root: Path) -> FactBase:
    """The fact base of a fact tree, after validating it: a tree with findings does not load."""
    from .validate import RootError, validate

    try:
        result = validate(root)
    except RootError as exc:
        raise LoadError(str(exc)) from None
    if not result.ok:
        shown = "\n".join(str(f) for f in result.findings[:10])
        raise LoadError(f"{root}: {len(result.findings)} findings; run sahel-facts validate:\n{shown}")
    return FactBase((e.record for e in result.corpus.entries), None, str(root))


def bundled() -> FactBase:
    """The data package shipped inside the installed library."""
    folder = resources.files("sahel_facts") / "_data"
    if not folder.joinpath(DESCRIPTOR).is_file():
        raise LoadError(
            "this installation has no bundled data package (sahel_facts/_data): install the wheel, "
            "or reinstall from a checkout so that its build step runs"
        )
    return from_package(lambda path: folder.joinpath(_inside(path, "bundled package")).read_bytes(), "bundled package")


def load_path(path: str | Path | None = None) -> FactBase:
    """Load the fact base at ``path``.

    ``path`` may be None (the package bundled with this installation, offline), a fact
    tree (a folder holding ``facts/``, or ``facts/`` itself), a built package folder,
    its ``datapackage.json``, or its zip. A released version is loaded by
    :func:`sahel_facts.load` with ``version``: see :mod:`sahel_facts.download`.
    """
    if path is None:
        return bundled()
    path = Path(path)
    if path.is_dir():
        if (path / "facts").is_dir():
            return from_tree(path)
        if path.name == "facts":
            return from_tree(path.parent)
        if (path / DESCRIPTOR).is_file():
            read, size = _folder_reader(path)
            return from_package(read, str(path), size)
        raise LoadError(f"{path}: neither a fact tree (no facts/) nor a package folder (no {DESCRIPTOR})")
    if path.suffix == ".zip":
        return from_zip(path)
    if path.name == DESCRIPTOR or path.suffix == ".json":
        read, size = _folder_reader(path.parent)
        return from_package(read, str(path), size)
    if not path.exists():
        raise LoadError(f"{path}: no such file or folder")
    raise LoadError(f"{path}: not a fact tree, package folder, {DESCRIPTOR} or zip")
