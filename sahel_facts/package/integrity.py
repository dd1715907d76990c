"""Checks of a built package that frictionless does not make: ``categories`` and ``uniqueKeys``
when it is built, and each file against its declared ``hash`` when it is read."""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Callable, Iterator
from typing import Any


def missing_values(schema: dict[str, Any], field: dict[str, Any]) -> set[str]:
    """The cells that are missing values in ``field``: its own ``missingValues``, else its schema's (strings or
    labelled objects), else the empty cell."""
    declared = field.get("missingValues", schema.get("missingValues", [""]))
    return {str(m["value"]) if isinstance(m, dict) else str(m) for m in declared}


def problems(descriptor: dict[str, Any], read: Callable[[str], bytes]) -> Iterator[str]:
    """What breaks the descriptor's categories or unique keys; ``read`` gives a resource's bytes by path."""
    for resource in descriptor["resources"]:
        schema = resource.get("schema")
        if not schema:
            continue
        rows = list(csv.DictReader(io.StringIO(read(resource["path"]).decode("utf-8"), newline="")))
        missing = {f["name"]: missing_values(schema, f) for f in schema["fields"]}
        for described in schema["fields"]:
            allowed = described.get("categories")
            if allowed is None:
                continue
            values = {str(c["value"]) if isinstance(c, dict) else str(c) for c in allowed}
            for number, row in enumerate(rows, 2):
                cell = row.get(described["name"], "")
                if cell not in missing[described["name"]] and cell not in values:
                    yield f"{resource['path']}:{number}: {described['name']} '{cell}' is not one of its categories"
        for key in schema.get("uniqueKeys", []):
            seen: dict[tuple[str, ...], int] = {}
            for number, row in enumerate(rows, 2):
                values_ = tuple(row.get(name, "") for name in key)
                if any(cell in missing.get(name, {""}) for name, cell in zip(key, values_, strict=True)):
                    continue  # nulls are unique (uniqueNulls defaults to true)
                if values_ in seen:
                    yield f"{resource['path']}:{number}: {key} repeats row {seen[values_]}"
                seen.setdefault(values_, number)


def hash_problem(data: bytes, declared: str | None) -> str | None:
    """Why ``data`` is not the file whose ``hash`` (``ALGORITHM:HEX``, md5 when bare) a descriptor gives, or None."""
    if declared is None:
        return None
    algorithm, _, expected = declared.rpartition(":")
    actual = hashlib.new(algorithm or "md5", data, usedforsecurity=False).hexdigest()
    if actual == expected.lower():
        return None
    return f"has {algorithm or 'md5'} {actual}, not the {declared} its descriptor gives"
