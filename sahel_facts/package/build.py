"""Build the versioned data package of a fact tree: folder, zip, checksum, SQLite and Parquet, reproducibly.

``DIR/sahel-facts-VERSION/`` holds ``datapackage.json``, one CSV a table and
``records.json``; beside it, ``sahel-facts-VERSION.zip`` (the same files, the descriptor
at the zip's root, as Frictionless tools look for it) and its ``.sha256``, the same
tables as a SQLite database, ``sahel-facts-VERSION.sqlite`` (:mod:`.sqlite`), with its
Datasette metadata, ``sahel-facts-VERSION.metadata.json`` (:mod:`.datasette`), and
``sahel-facts-VERSION-parquet/``, the same tables as Parquet files (:mod:`.parquet`;
only where pyarrow is installed: otherwise the folder is not made, and one an earlier
build left is removed, so that it never passes for these data). The same
input gives the same bytes: rows in key order, fixed zip timestamps and permissions,
and ``created`` taken from ``SOURCE_DATE_EPOCH`` or the data's own dates, never the
clock and never git. Nothing is written unless the tree validates; the new files are
swapped in by :mod:`.publish`, under a lock and never through a symbolic link.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from ..errors import SahelFactsError
from ..findings import Finding
from ..folders import held
from ..model.base import UNKNOWN
from ..model.dates import bounds
from ..model.records import Record
from ..model.sources import Source
from ..validate import validate
from ..version import __version__
from . import integrity, parquet, sqlite
from .datasette import metadata_json
from .descriptor import NAME, descriptor, table_schema
from .publish import Item, publish
from .tables import all_tables, tables

RECORDS = "records.json"
#: The earliest and latest times a zip entry can carry.
_ZIP_EPOCH = datetime(1980, 1, 1, tzinfo=UTC)
_ZIP_END = datetime(2107, 12, 31, 23, 59, 58, tzinfo=UTC)
#: ``created`` of a package none of whose sources has a known date.
NO_DATE = _ZIP_EPOCH
#: What a version may be, as it names files: no separators, no leading dot.
VERSION = re.compile(r"[0-9A-Za-z][0-9A-Za-z.+_-]{0,63}")


class BuildError(SahelFactsError):
    """The package was not built: the tree has findings, or its version or date cannot be used."""

    def __init__(self, message: str, findings: list[Finding] | None = None):
        super().__init__(message)
        self.findings = findings or []


@dataclass(frozen=True)
class Built:
    """Where a build put the package, and the zip's checksum."""

    folder: Path
    zip: Path
    sha256: str
    sqlite: Path
    """The package's tables as a SQLite database."""
    metadata: Path
    """Datasette's metadata for it."""
    parquet: Path | None = None
    """The folder of Parquet tables; None when they were not written (see ``parquet_skipped``)."""
    parquet_skipped: str | None = None
    """Why no Parquet tables were written (pyarrow is not installed), or None."""


def created_time(records: Iterable[Record]) -> datetime:
    """When the package was made, from its input alone: ``SOURCE_DATE_EPOCH`` if set, else
    midnight UTC of the newest day a source was published, accessed or archived (the
    earliest day each of those dates can mean), else :data:`NO_DATE`. Never the clock,
    and never git: the tree's own git configuration could run programs of its choosing."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is not None:
        if not re.fullmatch(r"[0-9]{1,12}", epoch):
            raise BuildError(f"SOURCE_DATE_EPOCH must be whole seconds since 1970, not {epoch!r}")
        try:
            return datetime.fromtimestamp(int(epoch), tz=UTC)
        except (ValueError, OverflowError, OSError):
            raise BuildError(f"SOURCE_DATE_EPOCH {epoch} is beyond the dates Python can hold") from None
    days = [day for r in records if isinstance(r, Source) for day in map(_first_day, _source_dates(r)) if day]
    newest = max(days, default=None)
    return datetime(newest.year, newest.month, newest.day, tzinfo=UTC) if newest else NO_DATE


def _source_dates(source: Source) -> list[str]:
    dates = [source.published, source.accessed, source.snapshot.archived if source.snapshot else None]
    return [d for d in dates if d is not None and d != UNKNOWN]


def _first_day(text: str) -> date | None:
    """The earliest day an EDTF date can mean, or its latest for an interval open at the start."""
    earliest, latest = bounds(text)
    return earliest or latest


def records_json(version: str, records: Iterable[Record]) -> bytes:
    """``records.json``: the package's name and version, then one record a line."""
    lines = [json.dumps(r.model_dump(mode="json", exclude_none=True), ensure_ascii=False) for r in records]
    head = json.dumps({"name": NAME, "version": version}, ensure_ascii=False)[:-1]
    return (head + ', "records": [\n' + ",\n".join(lines) + "\n]}\n").encode("utf-8")


def _csv(columns: list[str], rows: list[dict[str, str]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def _resource(name: str, path: str, data: bytes, **extra: object) -> dict[str, object]:
    return {
        "name": name,
        "path": path,
        **extra,
        "encoding": "utf-8",
        "bytes": len(data),
        "hash": "sha256:" + hashlib.sha256(data).hexdigest(),
    }


def package_files(records: list[Record], version: str, created: datetime) -> dict[str, bytes]:
    """Every file of the package folder, by name, for ``records`` (sorted by ID)."""
    records = sorted(records, key=lambda r: r.id)
    files: dict[str, bytes] = {}
    resources = []
    rows = tables(records)
    for table in all_tables():
        data = _csv([c.name for c in table.columns], rows[table.name])
        files[f"{table.name}.csv"] = data
        resources.append(
            _resource(
                table.name,
                f"{table.name}.csv",
                data,
                type="table",
                title=table.title,
                format="csv",
                mediatype="text/csv",
                schema=table_schema(table),
            )
        )
    files[RECORDS] = records_json(version, records)
    loaders = _resource(
        "records",
        RECORDS,
        files[RECORDS],
        title="Every record as the sahel_facts loader reads it",
        format="json",
        mediatype="application/json",
    )
    sources = [r for r in records if isinstance(r, Source)]
    described = descriptor(version, created, resources, sources, loaders)
    files["datapackage.json"] = (json.dumps(described, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    found = list(integrity.problems(described, files.__getitem__))
    if found:
        raise BuildError("the package breaks its own schema: " + "; ".join(found[:5]))
    return files


def zip_bytes(files: dict[str, bytes], created: datetime) -> bytes:
    """A zip of ``files`` at its root, ``datapackage.json`` first: the same bytes for the same input."""
    stamp = min(max(created, _ZIP_EPOCH), _ZIP_END).timetuple()[:6]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sorted(files, key=lambda n: (n != "datapackage.json", n)):
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, files[name], compresslevel=9)
    return buffer.getvalue()


def build(root: Path | str, out: Path | str, version: str = __version__) -> Built:
    """Validate ``root`` and write its package under ``out``; raise :class:`BuildError` instead of writing a bad one.

    ``out`` and (inside ``root``) every folder down to it must be real folders, not links;
    :class:`~sahel_facts.folders.FolderError` otherwise, with nothing written.
    """
    root, out = Path(root), Path(out)
    if not VERSION.fullmatch(version):
        raise BuildError(f"{version!r} cannot name a package: use letters, digits, '.', '+', '_' and '-'")
    result = validate(root)
    if not result.ok:
        raise BuildError(f"{len(result.findings)} findings: fix them first (sahel-facts validate)", result.findings)
    records = [e.record for e in result.corpus.entries]
    created = created_time(records)
    files = package_files(records, version, created)
    name = f"{NAME}-{version}"
    zipped = zip_bytes(files, created)
    digest = hashlib.sha256(zipped).hexdigest()
    skipped = parquet.unavailable()
    items: dict[str, Item] = {
        name: files,
        f"{name}.zip": zipped,
        f"{name}.zip.sha256": f"{digest}  {name}.zip\n".encode(),
        f"{name}.sqlite": sqlite.database(files),
        f"{name}.metadata.json": metadata_json(files, name),
        name + parquet.SUFFIX: None if skipped else parquet.parquet_files(files),
    }
    with held(out, under=root, create=True) as folder:
        publish(out, folder, items)
    tables = None if skipped else out / (name + parquet.SUFFIX)
    return Built(
        out / name, out / f"{name}.zip", digest, out / f"{name}.sqlite", out / f"{name}.metadata.json", tables, skipped
    )
