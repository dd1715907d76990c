"""Opening a built package zip with the tools its users run: the frictionless command and library, SQLite.

Shared by the tests that check the package opens in Frictionless tools and by any test
that reads a SQLite database made from it: :func:`validate`, :func:`index` and
:func:`publish` run the real tools; :func:`tables` reads the zip's CSVs with their Table
Schemas; :func:`logical` is what a cell means once its schema is applied (None for a
missing value, ``unknown`` included where the column declares it), and
:func:`sqlite_rows` what a SQLite table holds, in the same terms, so the two compare.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sahel_facts.package.integrity import missing_values

#: Longest a frictionless command may run, in seconds (a bound against a hang, not a speed test).
TIMEOUT = 600


def frictionless_command() -> str:
    """The frictionless command installed beside the running Python (the test extra installs it)."""
    return str(Path(sys.executable).with_name("frictionless"))


@dataclass(frozen=True)
class Table:
    """One tabular resource of a package: its name, Table Schema and rows as the CSV holds them."""

    name: str
    schema: dict[str, Any]
    rows: list[dict[str, str]]

    def field(self, name: str) -> dict[str, Any]:
        """The Table Schema field called ``name``."""
        return next(f for f in self.schema["fields"] if f["name"] == name)


def descriptor(package_zip: Path) -> dict[str, Any]:
    """The zip's ``datapackage.json``, which must be at the zip's root."""
    with zipfile.ZipFile(package_zip) as archive:
        return json.loads(archive.read("datapackage.json"))  # type: ignore[no-any-return]


def tables(package_zip: Path) -> dict[str, Table]:
    """Every resource of the zip, by name, with its rows read from the zip."""
    described = descriptor(package_zip)
    found = {}
    with zipfile.ZipFile(package_zip) as archive:
        for resource in described["resources"]:
            text = archive.read(resource["path"]).decode("utf-8")
            rows = list(csv.DictReader(io.StringIO(text, newline="")))
            found[resource["name"]] = Table(resource["name"], resource["schema"], rows)
    return found


def logical(table: Table, name: str, cell: str) -> Any:
    """What ``cell`` of column ``name`` means under its schema: None when it is a missing value, else typed."""
    field = table.field(name)
    if cell in missing_values(table.schema, field):
        return None
    kind = field.get("type", "any")
    if kind == "integer":
        return int(cell)
    if kind == "number":
        return float(cell)
    if kind in ("array", "object"):
        return json.loads(cell)
    return cell  # string, and date in its default form (yyyy-mm-dd), as SQLite keeps it


def validate(package_zip: Path) -> dict[str, Any]:
    """``frictionless validate --json ZIP``'s report (its exit code is checked against the report's verdict)."""
    done = subprocess.run(
        [frictionless_command(), "validate", "--json", str(package_zip)],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        cwd=package_zip.parent,
    )
    report: dict[str, Any] = json.loads(done.stdout)
    assert (done.returncode == 0) == report["valid"], done.stderr
    return report


def index(package_zip: Path, database: Path) -> subprocess.CompletedProcess[str]:
    """``frictionless index ZIP --database sqlite:///DATABASE``, as a user runs it."""
    return subprocess.run(
        [frictionless_command(), "index", str(package_zip), "--database", f"sqlite:///{database}"],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        cwd=package_zip.parent,
    )


def publish(package_zip: Path, database: Path) -> None:
    """Open the zip with ``frictionless.Package`` and publish it to a SQLite database."""
    from frictionless import Package

    Package(str(package_zip)).publish(f"sqlite:///{database}")


def sqlite_tables(database: Path) -> set[str]:
    """The names of the tables in a SQLite database."""
    with sqlite3.connect(database) as connection:
        return {name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def sqlite_rows(database: Path, table: Table) -> list[dict[str, Any]]:
    """The rows of ``table`` as SQLite holds them, in the terms of :func:`logical`, in the CSV's order of keys."""
    columns = [f["name"] for f in table.schema["fields"]]
    keys = ", ".join(f'"{c}"' for c in table.schema["primaryKey"])
    quoted = ", ".join(f'"{c}"' for c in columns)
    connection = sqlite3.connect(database)
    try:
        found = connection.execute(f'SELECT {quoted} FROM "{table.name}" ORDER BY {keys}').fetchall()
    finally:
        connection.close()
    arrays = {f["name"] for f in table.schema["fields"] if f.get("type") in ("array", "object")}
    return [
        {c: json.loads(v) if c in arrays and v is not None else v for c, v in zip(columns, row, strict=True)}
        for row in found
    ]


def csv_rows(table: Table) -> list[dict[str, Any]]:
    """The rows of ``table`` as its CSV and schema say, ordered by its primary key as SQLite orders them."""
    rows = [{name: logical(table, name, cell) for name, cell in row.items()} for row in table.rows]
    return sorted(rows, key=lambda row: tuple(row[k] for k in table.schema["primaryKey"]))
