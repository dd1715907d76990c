"""The package's tables as Parquet files, for DuckDB, Polars, Spark and pandas.

:func:`parquet_files` turns the package's files (``datapackage.json`` and its CSVs) into
one Parquet file a tabular resource, ``TABLE.parquet``, typed by the resource's Table
Schema (read from the descriptor, so new kinds and tables need no change here):

======================  ==============================
Table Schema type       Parquet (Arrow) type
======================  ==============================
``string``              ``string``
``integer``             ``int64``
``number``              ``double``
``boolean``             ``bool``
``date``                ``date32`` (a day)
``array`` (JSON text)   ``list<string>``
======================  ==============================

A missing value is null, as :mod:`.resources` reads it: a cell the schema declares
missing (the empty cell is "not given"), and the word ``unknown`` in every column whose
field admits it, so that DuckDB, Polars or Spark count an unknown value as missing,
never as a value. The CSVs and ``records.json`` keep which
missing value is which. Each field carries its description, and each file the table's
keys, in the Arrow schema stored with it; a required field that cannot be unknown is a
column that is never null.

The bytes depend only on the package and the pyarrow version: one row group, fixed
compression, no timestamps. pyarrow is optional (the ``parquet`` extra):
:func:`unavailable` says why the tables cannot be written.
"""

from __future__ import annotations

import csv
import importlib
import io
import json
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from ..errors import SahelFactsError
from .resources import DESCRIPTOR, missing_values, tabular

#: The pip extra that installs pyarrow.
EXTRA = "parquet"
#: What the folder of Parquet tables adds to the package folder's name: ``sahel-facts-VERSION-parquet``.
SUFFIX = "-parquet"
#: The compression of every column: read by DuckDB, Polars, Spark and pandas alike.
COMPRESSION = "zstd"


class ParquetError(SahelFactsError):
    """The package's tables cannot be written as Parquet: a cell that is not of its column's type."""


def unavailable() -> str | None:
    """Why Parquet tables cannot be written here (pyarrow is not installed), or None when they can."""
    try:
        importlib.import_module("pyarrow.parquet")
    except ImportError as exc:
        return f"pyarrow is not installed ({exc}): pip install 'sahel-facts[{EXTRA}]'"
    return None


def _array(text: str) -> list[str]:
    items = json.loads(text)
    if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
        raise ValueError(f"{text!r} is not a JSON array of strings")
    return items


#: How a cell's text becomes its value, by Table Schema type.
CASTS: dict[str, Callable[[str], Any]] = {
    "string": str,
    "integer": int,
    "number": float,
    "boolean": lambda text: {"true": True, "false": False}[text.lower()],
    "date": date.fromisoformat,
    "array": _array,
}


def columns(resource: Mapping[str, Any], data: bytes) -> dict[str, list[Any]]:
    """Column -> its values (None where missing), from a resource's CSV; ParquetError naming the cell otherwise."""
    fields = resource["schema"]["fields"]
    missing = missing_values(resource)
    where = resource["path"]
    unknown_types = sorted({f.get("type", "string") for f in fields} - set(CASTS))
    if unknown_types:
        raise ParquetError(f"{where}: no Parquet type for Table Schema type {', '.join(unknown_types)}")
    reader = csv.reader(io.StringIO(data.decode("utf-8"), newline=""))
    names = [f["name"] for f in fields]
    if next(reader, []) != names:
        raise ParquetError(f"{where}: the header is not the fields its schema lists")
    values: dict[str, list[Any]] = {name: [] for name in names}
    for line, cells in enumerate(reader, start=2):
        if len(cells) != len(fields):
            raise ParquetError(f"{where}, line {line}: {len(cells)} cells, not {len(fields)}")
        for f, cell in zip(fields, cells, strict=True):
            try:
                value = None if cell in missing[f["name"]] else CASTS[f.get("type", "string")](cell)
            except (ValueError, KeyError) as exc:
                raise ParquetError(
                    f"{where}, line {line}, column {f['name']}: {cell!r} is not a {f.get('type')} ({exc})"
                ) from None
            values[f["name"]].append(value)
    return values


def parquet_files(files: Mapping[str, bytes]) -> dict[str, bytes]:
    """``TABLE.parquet`` -> its bytes, for every tabular resource of the package ``files`` (by name).

    Needs pyarrow (see :func:`unavailable`).
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    types = {
        "string": pa.string(),
        "integer": pa.int64(),
        "number": pa.float64(),
        "boolean": pa.bool_(),
        "date": pa.date32(),
        "array": pa.list_(pa.string()),
    }
    described = json.loads(files[DESCRIPTOR])
    written = {}
    for resource in tabular(described):
        schema = resource["schema"]
        values = columns(resource, files[resource["path"]])
        missing = missing_values(resource)
        arrow = pa.schema(
            [
                pa.field(
                    f["name"],
                    types[f.get("type", "string")],
                    nullable=not (f.get("constraints", {}).get("required") and missing[f["name"]] <= {""}),
                    metadata={"description": f.get("description", "")},
                )
                for f in schema["fields"]
            ],
            metadata={"sahel-facts": json.dumps(_about(described, resource), ensure_ascii=False, sort_keys=True)},
        )
        table = pa.table([pa.array(values[f.name], type=f.type) for f in arrow], schema=arrow)
        buffer = io.BytesIO()
        pq.write_table(table, buffer, compression=COMPRESSION, row_group_size=max(1, table.num_rows))
        written[f"{resource['name']}.parquet"] = buffer.getvalue()
    return written


def _about(described: Mapping[str, Any], resource: Mapping[str, Any]) -> dict[str, Any]:
    """What a Parquet file says of itself: its package and version, its table, title and keys."""
    schema = resource["schema"]
    return {
        "package": described.get("name"),
        "version": described.get("version"),
        "table": resource["name"],
        "title": resource.get("title", ""),
        "primaryKey": schema.get("primaryKey", []),
        "foreignKeys": schema.get("foreignKeys", []),
    }
