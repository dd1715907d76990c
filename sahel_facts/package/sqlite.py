"""The package as one SQLite database, for Datasette and anything else that reads SQLite.

:func:`database` turns the package's files (``datapackage.json`` and its CSVs) into the
bytes of a SQLite file: one table a tabular resource, with the columns, types, primary
and foreign keys its Table Schema declares (read from the descriptor, so new kinds and
tables come with no change here); a full-text index, ``claims_fts``; and the views of
:mod:`.views`. Cells are typed: ``integer`` columns hold integers, ``number`` columns
reals, dates their ISO text, arrays their JSON text. A missing value is NULL, as
:mod:`.resources` reads it: the Table Schema's ``missingValues`` (the empty cell), and
``unknown`` in every column that admits it, so that SQL counts an unknown value as
missing, as pandas and R do.

The database is made in memory and serialised: the same package gives the same bytes
(with the same SQLite library), and :mod:`.build` swaps the file in with the others.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from collections.abc import Iterable, Mapping
from typing import Any

from ..errors import SahelFactsError
from . import views
from .resources import DESCRIPTOR, missing_values, tabular

#: The SQLite type of each Table Schema type (dates as ISO text, arrays as JSON text).
TYPES = {"integer": "INTEGER", "number": "REAL", "boolean": "INTEGER"}
#: The full-text index: one row a claim (its rowid is the claim's), over these texts.
FTS = "claims_fts"
FTS_COLUMNS = ("summary", "notes", "quotes")


class DatabaseError(SahelFactsError):
    """The package's tables do not make a sound database: a key that points nowhere, a cell of the wrong type."""


def quoted(name: str) -> str:
    """An SQL identifier, double-quoted."""
    return '"' + name.replace('"', '""') + '"'


def create_table(resource: Mapping[str, Any]) -> str:
    """The ``CREATE TABLE`` of a resource: its fields typed, its primary and foreign keys."""
    schema = resource["schema"]
    parts = [f"{quoted(f['name'])} {TYPES.get(f.get('type', 'string'), 'TEXT')}" for f in schema["fields"]]
    key = schema.get("primaryKey")
    if key:
        parts.append("PRIMARY KEY (" + ", ".join(map(quoted, [key] if isinstance(key, str) else key)) + ")")
    for foreign in schema.get("foreignKeys", []):
        fields = foreign["fields"]
        target = foreign["reference"]
        table = target.get("resource") or resource["name"]  # "" refers to the resource itself
        parts.append(
            "FOREIGN KEY ("
            + ", ".join(map(quoted, [fields] if isinstance(fields, str) else fields))
            + f") REFERENCES {quoted(table)} ("
            + ", ".join(map(quoted, [target["fields"]] if isinstance(target["fields"], str) else target["fields"]))
            + ")"
        )
    return f"CREATE TABLE {quoted(resource['name'])} (\n  " + ",\n  ".join(parts) + "\n)"


def _typed(text: str, kind: str) -> Any:
    if kind == "integer":
        return int(text)
    if kind == "number":
        return float(text)
    if kind == "boolean":
        return int(text.lower() in ("true", "1", "yes"))
    return text


def rows(resource: Mapping[str, Any], data: bytes) -> Iterable[tuple[Any, ...]]:
    """The typed rows of a resource's CSV, in the file's order."""
    fields = resource["schema"]["fields"]
    missing = missing_values(resource)
    reader = csv.reader(io.StringIO(data.decode("utf-8"), newline=""))
    header = next(reader, [])
    if header != [f["name"] for f in fields]:
        raise DatabaseError(f"{resource['path']}: the header is not the fields its schema lists")
    for line, cells in enumerate(reader, start=2):
        try:
            yield tuple(
                None if cell in missing[f["name"]] else _typed(cell, f.get("type", "string"))
                for f, cell in zip(fields, cells, strict=True)
            )
        except ValueError as exc:
            raise DatabaseError(f"{resource['path']}, line {line}: {exc}") from None


def database(files: Mapping[str, bytes]) -> bytes:
    """The bytes of the SQLite database of a package, given its files by name."""
    described = json.loads(files[DESCRIPTOR])
    connection = sqlite3.connect(":memory:")
    try:
        for resource in tabular(described):
            connection.execute(create_table(resource))
            marks = ", ".join("?" * len(resource["schema"]["fields"]))
            connection.executemany(
                f"INSERT INTO {quoted(resource['name'])} VALUES ({marks})", rows(resource, files[resource["path"]])
            )
        broken = connection.execute("PRAGMA foreign_key_check").fetchmany(3)
        if broken:
            shown = "; ".join(f"{table} row {rowid} -> {target}" for table, rowid, target, _ in broken)
            raise DatabaseError(f"foreign keys point at rows that do not exist: {shown}")
        _index_text(connection)
        for statement in views.create_views({r["name"]: _columns(r) for r in tabular(described)}):
            connection.execute(statement)
        connection.commit()
        connection.execute("VACUUM")
        return connection.serialize()
    except sqlite3.Error as exc:  # a table or key the descriptor declares that SQLite cannot make
        raise DatabaseError(f"the package's tables do not make a SQLite database: {exc}") from None
    finally:
        connection.close()


def _columns(resource: Mapping[str, Any]) -> tuple[str, ...]:
    return tuple(f["name"] for f in resource["schema"]["fields"])


def _index_text(connection: sqlite3.Connection) -> None:
    """Fill ``claims_fts``: a claim's summary, its notes, and its evidence's quotes (in their order)."""
    connection.execute(
        f"CREATE VIRTUAL TABLE {FTS} USING fts5({', '.join(FTS_COLUMNS)}, tokenize='unicode61 remove_diacritics 2')"
    )
    connection.execute(
        f"INSERT INTO {FTS} (rowid, {', '.join(FTS_COLUMNS)}) "
        "SELECT c.rowid, c.summary, c.notes, (SELECT group_concat(quote, char(10)) FROM "
        '(SELECT e.quote FROM evidence e WHERE e.claim_id = c.id ORDER BY e."index")) '
        "FROM claims c ORDER BY c.rowid"
    )
