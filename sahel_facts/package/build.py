"""Build the versioned data package of a fact tree: folder, zip and checksum, reproducibly.

``DIR/sahel-facts-VERSION/`` holds ``datapackage.json``, one CSV a table and
``records.json``; beside it, ``sahel-facts-VERSION.zip`` and its ``.sha256``. The same
input gives the same bytes: rows in key order, fixed zip timestamps and permissions,
and ``created`` taken from ``SOURCE_DATE_EPOCH`` or the last commit of the data, never
the clock.
Nothing is written unless the tree validates, and an earlier build is replaced only
once the new one is complete.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import shutil
import subprocess
import tempfile
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from ..errors import SahelFactsError
from ..findings import Finding
from ..model.records import Record
from ..model.sources import Source
from ..validate import validate
from ..version import __version__
from . import integrity
from .descriptor import NAME, descriptor, table_schema
from .tables import all_tables, tables

RECORDS = "records.json"
#: The earliest time a zip entry can carry.
_ZIP_EPOCH = datetime(1980, 1, 1, tzinfo=timezone.utc)


class BuildError(SahelFactsError):
    """The package was not built: the tree has findings, or its date cannot be fixed."""

    def __init__(self, message: str, findings: list[Finding] | None = None):
        super().__init__(message)
        self.findings = findings or []


@dataclass(frozen=True)
class Built:
    """Where a build put the package, and the zip's checksum."""

    folder: Path
    zip: Path
    sha256: str


def created_time(root: Path) -> datetime:
    """When the data was last changed: ``SOURCE_DATE_EPOCH``, else the last commit that touched
    ``facts/`` or ``sources/`` (so that committing code, or a release registry, does not re-date it)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is None:
        try:
            done = subprocess.run(
                ["git", "-C", str(root), "log", "-1", "--format=%ct", "--", "facts", "sources"],
                capture_output=True,
                text=True,
                timeout=30,
            )
        except (OSError, subprocess.TimeoutExpired):
            done = None
        epoch = done.stdout.strip() if done and done.returncode == 0 else None
    if not epoch:
        raise BuildError(f"{root} is not in a git checkout with commits: set SOURCE_DATE_EPOCH to date the build")
    try:
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc)
    except (ValueError, OverflowError, OSError):
        raise BuildError(f"SOURCE_DATE_EPOCH must be whole seconds since 1970, not {epoch!r}") from None


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
    resources.append(
        _resource(
            "records",
            RECORDS,
            files[RECORDS],
            title="Every record as the sahel_facts loader reads it",
            format="json",
            mediatype="application/json",
        )
    )
    sources = [r for r in records if isinstance(r, Source)]
    described = descriptor(version, created, resources, sources)
    files["datapackage.json"] = (json.dumps(described, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    found = list(integrity.problems(described, files.__getitem__))
    if found:
        raise BuildError("the package breaks its own schema: " + "; ".join(found[:5]))
    return files


def write_zip(path: Path, folder_name: str, files: dict[str, bytes], created: datetime) -> None:
    """A zip of ``files`` under ``folder_name/``, the same bytes for the same input."""
    stamp = max(created, _ZIP_EPOCH).timetuple()[:6]
    with zipfile.ZipFile(path, "w") as archive:
        for name in sorted(files, key=lambda n: (n != "datapackage.json", n)):
            info = zipfile.ZipInfo(f"{folder_name}/{name}", date_time=stamp)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, files[name], compresslevel=9)


def build(root: Path | str, out: Path | str, version: str = __version__) -> Built:
    """Validate ``root`` and write its package under ``out``; raise :class:`BuildError` instead of writing a bad one."""
    root, out = Path(root), Path(out)
    result = validate(root)
    if not result.ok:
        raise BuildError(f"{len(result.findings)} findings: fix them first (sahel-facts validate)", result.findings)
    created = created_time(root)
    files = package_files([e.record for e in result.corpus.entries], version, created)
    name = f"{NAME}-{version}"
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=out, prefix=".building-") as staging:
        stage = Path(staging)
        (stage / name).mkdir()
        for filename, data in files.items():
            (stage / name / filename).write_bytes(data)
        write_zip(stage / f"{name}.zip", name, files, created)
        digest = hashlib.sha256((stage / f"{name}.zip").read_bytes()).hexdigest()
        (stage / f"{name}.zip.sha256").write_text(f"{digest}  {name}.zip\n", encoding="utf-8")
        _replace(stage / name, out / name)
        os.replace(stage / f"{name}.zip", out / f"{name}.zip")
        os.replace(stage / f"{name}.zip.sha256", out / f"{name}.zip.sha256")
    return Built(out / name, out / f"{name}.zip", digest)


def _replace(new: Path, target: Path) -> None:
    """Put folder ``new`` at ``target``, moving any earlier one aside until the new one is in place."""
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}.old-{os.getpid()}")
        os.replace(target, old)
    os.replace(new, target)
    if old is not None:
        shutil.rmtree(old)
