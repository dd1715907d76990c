"""Datasette's metadata for the package's SQLite database, from the package's descriptor.

Written by the build beside the database as ``sahel-facts-VERSION.metadata.json``:
the title, description, licence and source of the package; a description of every
table (its resource's title) and of every column (its Table Schema field's description,
taken from the models' docstrings, as in the data dictionary) and of the views;
facets on the columns a reader filters by (kind, country, force...); the label a
foreign key is shown by (an entity's name, a source's title, a claim's summary);
full-text search on ``claims``; and the ``locations`` view's coordinates for the map.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from html import escape
from typing import Any

from . import views
from .resources import DESCRIPTOR, tabular
from .sqlite import FTS

#: Columns offered as facets wherever a table or view has them, in this order.
FACETS = ("kind", "country", "force", "actor", "category", "stage", "status", "rank")
#: The column a table's rows are labelled by, the first that it has.
LABELS = ("name", "title", "summary")
#: The tables searched through ``claims_fts``, whose rowids are theirs.
SEARCHED = ("claims",)


def _facets(columns: tuple[str, ...] | list[str]) -> list[str]:
    return [name for name in FACETS if name in columns]


def metadata(files: Mapping[str, bytes], database: str) -> dict[str, Any]:
    """Datasette's metadata for the package's database, which Datasette names ``database``."""
    described = json.loads(files[DESCRIPTOR])
    licence = (described.get("licenses") or [{}])[0]
    tables: dict[str, Any] = {}
    for resource in tabular(described):
        fields = resource["schema"]["fields"]
        columns = [f["name"] for f in fields]
        table: dict[str, Any] = {
            "description": resource.get("title", ""),
            "columns": {f["name"]: f["description"] for f in fields if f.get("description")},
        }
        if _facets(columns):
            table["facets"] = _facets(columns)
        label = next((name for name in LABELS if name in columns), None)
        if label:
            table["label_column"] = label
        if resource["name"] in SEARCHED:
            table["fts_table"] = FTS
            table["fts_pk"] = "rowid"
        tables[resource["name"]] = table
    for view, description in views.DESCRIPTIONS.items():
        columns = list(views.COLUMNS[view])
        tables[view] = {"description": description, "columns": views.COLUMNS[view]}
        if _facets(columns):
            tables[view]["facets"] = _facets(columns)
    tables[FTS] = {"hidden": True}
    return {
        "title": described.get("title", described.get("name", "")),
        "description_html": _html(described.get("description", "")),
        "license": licence.get("name", ""),
        "license_url": licence.get("path", ""),
        "source": f"{described.get('name', '')} {described.get('version', '')}".strip(),
        "databases": {database: {"tables": tables}},
    }


def _html(text: str) -> str:
    """Paragraphs of plain text as HTML, escaped; `code` spans kept as code."""
    paragraphs = [escape(p).replace("\n", " ") for p in text.split("\n\n") if p.strip()]
    parts = [p.split("`") for p in paragraphs]
    return "".join(
        "<p>" + "".join(f"<code>{s}</code>" if i % 2 else s for i, s in enumerate(pieces)) + "</p>" for pieces in parts
    )


def metadata_json(files: Mapping[str, bytes], database: str) -> bytes:
    """:func:`metadata` as the bytes of a JSON file, keys in a fixed order."""
    return (json.dumps(metadata(files, database), indent=2, ensure_ascii=False) + "\n").encode("utf-8")
