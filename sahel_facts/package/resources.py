"""The tables of a built package, read from its descriptor: which resources are tables, and which cells are missing.

What is written from the package's files (the SQLite database, the Parquet tables)
reads them here, so that new kinds and tables need no change there, and every output
reads a missing value the same way: null for a cell its field declares missing (the
field's ``missingValues``, else the schema's; strings, or Table Schema v2 objects with a
``value`` and a ``label``; the empty cell is "not given"), and for the word ``unknown``
in every column whose field admits it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cache
from typing import Any

from ..model.base import UNKNOWN
from ..model.kinds import KINDS
from .tables import all_tables

DESCRIPTOR = "datapackage.json"


def tabular(described: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The resources of a descriptor that are tables: those with a Table Schema, in the descriptor's order."""
    return [r for r in described.get("resources", []) if isinstance(r, dict) and isinstance(r.get("schema"), dict)]


def _texts(declared: Iterable[Any]) -> frozenset[str]:
    """The cell texts of a ``missingValues`` list: strings, or (Table Schema v2) objects with a ``value``."""
    return frozenset(v if isinstance(v, str) else str(v.get("value")) for v in declared if isinstance(v, str | dict))


@cache
def _admits_unknown(version: int) -> dict[str, frozenset[str]]:
    """Table -> the columns whose field admits ``unknown``, for a state of the kind registry."""
    return {t.name: frozenset(c.name for c in t.columns if c.known) for t in all_tables()}


def missing_values(resource: Mapping[str, Any]) -> dict[str, frozenset[str]]:
    """Column -> the cell texts that are missing (null) in it: the field's ``missingValues`` (else the
    schema's), and ``unknown`` where the field admits it."""
    schema = resource["schema"]
    shared = _texts(schema.get("missingValues", [""]))
    unknown = _admits_unknown(KINDS.version).get(resource["name"], frozenset())
    found = {}
    for f in schema["fields"]:
        texts = _texts(f["missingValues"]) if isinstance(f.get("missingValues"), list) else shared
        found[f["name"]] = texts | {UNKNOWN} if f["name"] in unknown else texts
    return found
