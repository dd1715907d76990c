"""Load a fact base: the bundled package, a built package (folder, descriptor or zip), or a fact tree.

A package is untrusted input (see :mod:`sahel_facts.package.files` for how its files
are read). Its JSON is read strictly (:mod:`sahel_facts.package.jsontext`: no key twice,
no NaN), each file it reads is checked against the ``bytes`` and ``hash`` its
descriptor gives, every record is validated by its model, and the records are held to
the validator's own rules that need nothing but the records (:data:`HELD_TO`: each ID
once, every reference to a record that exists). Any problem is a :class:`LoadError`
naming the package, the file, and the line and column or record where it can.
"""

from __future__ import annotations

import os
from dataclasses import replace
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, TypeAdapter, ValidationError

from .check.corpus import Corpus, Entry
from .check.references import ID_LIKE, REFERENCE
from .check.structure import DUPLICATE_ID
from .factbase import FactBase
from .heap import paused
from .model.kinds import KINDS
from .model.records import Record
from .model.walk import reference_targets
from .package import jsontext
from .package.descriptor import RECORDS_PROPERTY, ReadDescriptor, ReadResource
from .package.files import (
    MAX_DESCRIPTOR_BYTES,
    MAX_PACKAGE_BYTES,
    Files,
    FolderFiles,
    LoadError,
    ZipFiles,
    inside,
    located,
    open_zip,
)
from .package.integrity import hash_problem
from .read.safe_yaml import Document, Loc, Position

if TYPE_CHECKING:  # pragma: no cover
    from importlib.resources.abc import Traversable

__all__ = ["MAX_DESCRIPTOR_BYTES", "MAX_PACKAGE_BYTES", "LoadError", "from_files", "from_zip", "load_path"]

DESCRIPTOR = "datapackage.json"
RECORDS = "records"
#: The validator's rules a package is held to: those that need only the records. (The others
#: read archived sources, judge a file's place in a tree, or weigh data a release was built with.)
#: :func:`_plainly_held` is their quick test: a rule added here is added there.
HELD_TO = (DUPLICATE_ID, REFERENCE)
#: Most findings shown in one error.
SHOWN = 10


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


def _parse(files: Files, path: str, data: bytes, build: bool = True) -> Any:
    """The JSON in file ``path`` (or, without ``build``, None once it is found strict)."""
    try:
        return jsontext.parse(data) if build else jsontext.check(data)
    except jsontext.JSONError as exc:
        raise located(files.where, path, exc.position, exc.message) from None


def _invalid(files: Files, path: str, data: bytes, parsed: Any, exc: ValidationError) -> LoadError:
    """The error for a file that parsed but is not what its model expects: its first problem, placed."""
    first = exc.errors(include_url=False)[0]
    loc: Loc = tuple(first["loc"])
    what = ""
    if len(loc) > 1 and loc[0] == RECORDS and isinstance(loc[1], int):
        if len(loc) > 2 and loc[2] in KINDS:
            loc = (*loc[:2], *loc[3:])  # drop the tag that a kind's union puts in the location
        record = parsed[RECORDS][loc[1]]  # pydantic found it there, so it is there
        if isinstance(record, dict) and isinstance(record.get("id"), str):
            what = f"record {record['id']!r}, "
    position = Document({}, jsontext.positions(data)).locate(loc)
    count = exc.error_count()
    more = f" (and {count - 1} more problems)" if count > 1 else ""
    place = ".".join(map(str, loc)) or "the top level"
    return located(files.where, path, position, f"{what}{place}, is not valid: {first['msg']}{more}")


def _read_descriptor(files: Files, name: str) -> ReadDescriptor:
    data = files.read(name, MAX_DESCRIPTOR_BYTES)
    parsed = _parse(files, name, data)
    if not isinstance(parsed, dict):
        raise located(files.where, name, Position(1, 1), "a descriptor is a JSON object")
    try:
        return ReadDescriptor.model_validate(parsed)
    except ValidationError as exc:
        raise _invalid(files, name, data, parsed, exc) from None


def _read_resource(files: Files, resource: ReadResource) -> bytes:
    """The bytes of ``resource``, read no further than it declares, and checked against its hash."""
    declared = MAX_PACKAGE_BYTES if resource.bytes is None else resource.bytes
    data = files.read(resource.path, declared)
    problem = hash_problem(data, resource.hash)
    if problem:
        raise LoadError(f"{files.where}: {resource.path} {problem}")
    return data


def _check_sizes(files: Files, described: ReadDescriptor) -> None:
    """Every resource, and the records file, is where its path says and the size it declares (found without
    reading it)."""
    for resource in (*described.resources, *filter(None, [described.records])):
        size = files.size(inside(resource.path, files.where))
        if resource.bytes is not None and size != resource.bytes:
            raise LoadError(
                f"{files.where}: {resource.path} is {size:,} bytes, not the {resource.bytes:,} its descriptor declares"
            )


def _plainly_held(records: tuple[Record, ...]) -> bool:
    """True when no rule of :data:`HELD_TO` can find anything in ``records``: each ID once, every ID
    a record names (a reference, or a claimant written like an ID) one of theirs.

    The quick test of a well-formed package, made without the rules' corpus; where it fails, the
    rules themselves say what is wrong and where. It never passes what they would refuse.
    """
    ids = {record.id for record in records}
    if len(ids) != len(records):
        return False
    targets: list[str] = []
    claimants: set[str] = set()
    for record in records:
        reference_targets(record, targets)
        claimants.update(item.claimant for item in record.__dict__.get("evidence", ()))
    if not ids.issuperset(targets):
        return False
    return not any(ID_LIKE.fullmatch(claimant) for claimant in claimants - ids)


def _held_to_rules(files: Files, path: str, data: bytes, records: tuple[Record, ...]) -> None:
    """Raise a LoadError listing every finding of :data:`HELD_TO` among ``records``, placed in ``path``."""
    if _plainly_held(records):
        return

    def findings(documents: list[Document]) -> list[str]:
        corpus = Corpus(Path(files.where))
        for number, (record, document) in enumerate(zip(records, documents, strict=True), 1):
            corpus.add(Entry(f"{path} record {number}", document, record))  # an entry's path is its key
        return [str(replace(f, path=path)) for rule in HELD_TO if rule.run for f in rule.run(corpus)]

    if not findings([Document({}, {})] * len(records)):
        return
    where: list[dict[Loc, Position]] = [{} for _ in records]
    for loc, position in jsontext.positions(data).items():
        if len(loc) > 1 and loc[0] == RECORDS and isinstance(loc[1], int) and loc[1] < len(records):
            where[loc[1]][loc[2:]] = position
    found = findings([Document({}, positions) for positions in where])
    shown = "\n".join(found[:SHOWN]) + (f"\n... and {len(found) - SHOWN} more" if len(found) > SHOWN else "")
    raise LoadError(f"{files.where}: {len(found)} findings in the package, as the validator would report:\n{shown}")


def from_files(files: Files, descriptor: str = DESCRIPTOR) -> FactBase:
    """The fact base of a package whose files ``files`` reads, with its descriptor at path ``descriptor``.

    The cyclic collector is paused meanwhile (:mod:`sahel_facts.heap`): loading only builds.
    """
    with paused():
        return _from_files(files, descriptor)


def _from_files(files: Files, descriptor: str) -> FactBase:
    described = _read_descriptor(files, descriptor)
    _check_sizes(files, described)
    resource = described.records or described.resource(RECORDS)  # where this layout puts it, or older ones
    if resource is None:
        raise LoadError(
            f"{files.where}: neither '{RECORDS_PROPERTY}' nor a '{RECORDS}' resource declares the records: "
            "not a sahel-facts package"
        )
    data = _read_resource(files, resource)
    _parse(files, resource.path, data, build=False)  # refuses what pydantic's parser lets through: a key twice, NaN
    try:
        loaded = _records_file().validate_json(data)
    except ValidationError as exc:
        raise _invalid(files, resource.path, data, jsontext.parse(data), exc) from None
    _held_to_rules(files, resource.path, data, loaded.records)
    if described.version not in (None, loaded.version):
        raise LoadError(f"{files.where}: descriptor version {described.version} but records say {loaded.version}")
    return FactBase(loaded.records, loaded.version, files.where)


def from_zip(path: Path) -> FactBase:
    """The fact base in a package zip (as ``sahel-facts build`` writes it)."""
    with open_zip(path) as archive:
        return from_files(ZipFiles(archive, str(path), DESCRIPTOR))


def from_tree(root: Path) -> FactBase:
    """The fact base of a fact tree, after validating it: a tree with findings does not load."""
    from .validate import RootError, validate

    try:
        result = validate(root)
    except RootError as exc:
        raise LoadError(str(exc)) from None
    if not result.ok:
        shown = "\n".join(str(f) for f in result.findings[:SHOWN])
        raise LoadError(f"{root}: {len(result.findings)} findings; run sahel-facts validate:\n{shown}")
    return FactBase((e.record for e in result.corpus.entries), None, str(root))


class _Installed(Files):
    """The bundled package where it is not a folder on disk (installed inside a zip, say)."""

    def __init__(self, folder: Traversable):
        super().__init__("bundled package")
        self.folder = folder

    def size(self, path: str) -> int:
        return len(self._read(path, 0))

    def _read(self, path: str, size: int) -> bytes:
        return self.folder.joinpath(inside(path, self.where)).read_bytes()


def bundled() -> FactBase:
    """The data package shipped inside the installed library."""
    folder = resources.files("sahel_facts") / "_data"
    if not folder.joinpath(DESCRIPTOR).is_file():
        raise LoadError(
            "this installation has no bundled data package (sahel_facts/_data): install the wheel, "
            "or reinstall from a checkout so that its build step runs"
        )
    return from_files(FolderFiles(folder, "bundled package") if isinstance(folder, Path) else _Installed(folder))


def _given(path: object) -> Path:
    """``path`` as a Path, or a LoadError for what cannot name a file: not a path, empty, or with a NUL."""
    if not isinstance(path, (str, os.PathLike)):
        raise LoadError(f"a path is a str or os.PathLike, not {type(path).__name__}")
    text = os.fspath(path)
    if not isinstance(text, str):
        raise LoadError(f"a path is a str or os.PathLike of str, not {type(text).__name__}")
    if not text.strip():
        raise LoadError(f"{text!r} is an empty path: give a fact tree, package folder, descriptor or zip")
    if "\0" in text:
        raise LoadError(f"{text!r}: a path cannot hold a NUL character")
    return Path(text)


def load_path(path: str | Path | None = None) -> FactBase:
    """Load the fact base at ``path``.

    ``path`` may be None (the package bundled with this installation, offline), a fact
    tree (a folder holding ``facts/``, or ``facts/`` itself), a built package folder,
    its descriptor (``datapackage.json``, or another ``.json`` file that is one), or its
    zip. A released version is loaded by :func:`sahel_facts.load` with ``version``: see
    :mod:`sahel_facts.download`.
    """
    if path is None:
        return bundled()
    path = _given(path)
    if path.is_dir():
        if (path / "facts").is_dir():
            return from_tree(path)
        if path.name == "facts":
            return from_tree(path.parent)
        if os.path.lexists(path / DESCRIPTOR):
            return from_files(FolderFiles(path, str(path)))
        raise LoadError(f"{path}: neither a fact tree (no facts/) nor a package folder (no {DESCRIPTOR})")
    if not os.path.lexists(path):
        raise LoadError(f"{path}: no such file or folder")
    if path.suffix == ".zip":
        return from_zip(path)
    if path.suffix == ".json":
        return from_files(FolderFiles(path.parent, str(path)), path.name)
    raise LoadError(f"{path}: not a fact tree, package folder, descriptor (.json) or zip")
