"""The Data Package v2 descriptor: package metadata and a Table Schema for each table.

Every resource is a table, so that tabular tools (``frictionless index``, publishing to
SQL) take the package whole. ``records.json``, the loader's file, is declared beside
them under the custom property :data:`RECORDS_PROPERTY` (Data Package v2 allows custom
properties, ``namespace:name``), as a Data Resource with its size and hash. Missing
values are labelled (Table Schema v2): an empty cell is "not given", and in every
column that admits it the word ``unknown`` is "unknown", so tools read both as missing
and can tell them apart, and typed columns stay typed.

Writing: :func:`descriptor` makes the whole ``datapackage.json``. Reading:
:class:`ReadDescriptor` is what the loader relies on in a descriptor it is given,
checked (each resource's ``name`` and ``path`` strings, ``bytes`` a whole number,
``hash`` a hex digest, names unique), with everything else kept as written.
"""

from __future__ import annotations

import uuid
from collections import Counter
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..model.base import UNKNOWN
from ..model.sources import Source
from .tables import Column, Table

PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
NAME = "sahel-facts"
#: The descriptor's custom property that declares ``records.json`` (not a table, so not a resource).
RECORDS_PROPERTY = "sahel-facts:records"
#: An empty cell: the record does not give the value.
NOT_GIVEN = {"value": "", "label": "not given"}
#: The word unknown: the record says the value is not known (the sources do not give it).
UNKNOWN_GIVEN = {"value": UNKNOWN, "label": "unknown"}
#: The namespace of the package's version IDs: one stable UUID per version.
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_DNS, "sahel-facts.invalid")
LICENSES = [
    {
        "name": "CC-BY-4.0",
        "path": "https://creativecommons.org/licenses/by/4.0/",
        "title": "Creative Commons Attribution 4.0 International",
    }
]
DESCRIPTION = (
    "Hand-curated facts about military deployments, withdrawals, expulsion orders, bases, "
    "distances and dates in Africa's Sahel. Every claim carries its evidence: the source, the "
    "passage that supports it (verbatim where the source is archived), and who asserts it.\n\n"
    "Tables: `entities`, `sources` and `claims` hold the fields every record of the family has; "
    "`entity_KIND` and `claim_KIND` the fields of one kind, keyed by `id`; `evidence`, "
    "`person_roles` and `distance_measures` the items of lists, keyed by owner and `index`. "
    "Dates are EDTF strings with derived `_earliest` and `_latest` days. An empty cell is a value not "
    "given; `unknown`, in the columns that admit it, a value the sources do not know: both are declared "
    "missing values, labelled apart. `records.json` (declared under `sahel-facts:records`, not a table) "
    "holds every record as the sahel_facts loader reads it."
)


def field_descriptor(column: Column) -> dict[str, Any]:
    """The Table Schema field of one column.

    A column that may say ``unknown`` declares it a missing value of its own, beside the
    empty cell; when its field is required, the empty cell is no missing value there (a
    typed column cannot cast it, a string column needs a character), so that the column
    is still never empty and may still be unknown.
    """
    described: dict[str, Any] = {"name": column.name, "type": column.type}
    if column.description:
        described["description"] = column.description
    if column.type == "date":
        described["format"] = "default"
    constraints: dict[str, Any] = {}
    if column.known:
        described["missingValues"] = [UNKNOWN_GIVEN] if column.required else [NOT_GIVEN, UNKNOWN_GIVEN]
        if column.required and column.type == "string":
            constraints["minLength"] = 1
    elif column.required:
        constraints["required"] = True
    if column.enum:
        constraints["enum"] = list(column.enum)
        described["categories"] = list(column.enum)
    if constraints:
        described["constraints"] = constraints
    return described


def table_schema(table: Table) -> dict[str, Any]:
    """The Table Schema of one table: fields, keys and the values that count as missing."""
    schema: dict[str, Any] = {
        "fields": [field_descriptor(c) for c in table.columns],
        "missingValues": [NOT_GIVEN],
        "primaryKey": list(table.primary_key),
    }
    if table.foreign_keys:
        schema["foreignKeys"] = [
            {"fields": [column], "reference": {"resource": resource, "fields": [target]}}
            for column, resource, target in table.foreign_keys
        ]
    if table.unique_keys:
        schema["uniqueKeys"] = [list(key) for key in table.unique_keys]
    return schema


def package_sources(sources: list[Source]) -> list[dict[str, str]]:
    """The package's ``sources``: each source document's title (or publisher) and address where known."""
    listed = []
    for source in sources:
        title = source.title if source.title != "unknown" else f"{source.publisher} ({source.id})"
        entry = {"title": title}
        if source.url != "unknown":
            entry["path"] = source.url
        listed.append(entry)
    return listed


def descriptor(
    version: str, created: datetime, resources: list[dict[str, Any]], sources: list[Source], records: dict[str, Any]
) -> dict[str, Any]:
    """The whole ``datapackage.json``: ``resources`` the tables, ``records`` the Data Resource of ``records.json``."""
    return {
        "$schema": PROFILE,
        "name": NAME,
        "id": str(uuid.uuid5(NAMESPACE, version)),
        "title": "sahel-facts: military deployments and withdrawals in the Sahel",
        "description": DESCRIPTION,
        "version": version,
        "created": created.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="seconds") + "Z",
        "keywords": ["sahel", "niger", "chad", "military", "deployments", "withdrawals", "bases"],
        "licenses": LICENSES,
        "contributors": [{"title": "sahel-facts contributors", "roles": ["creator"]}],
        "sources": package_sources(sources),
        "resources": resources,
        RECORDS_PROPERTY: records,
    }


#: A Data Package resource hash: a hex digest, after its algorithm and a colon (no algorithm: md5).
HASH = r"^(?:(?:md5|sha1|sha256|sha512):)?[0-9a-fA-F]+$"


class ReadResource(BaseModel):
    """A resource of a descriptor being read: its name, its path in the package, and what it must be."""

    model_config = ConfigDict(extra="allow", frozen=True)
    name: str
    path: str
    bytes: int | None = Field(default=None, ge=0, strict=True)
    """The file's size in bytes, if declared."""
    hash: str | None = Field(default=None, pattern=HASH)
    """The file's digest, ``ALGORITHM:HEX`` (md5 when no algorithm is given), if declared."""


class ReadDescriptor(BaseModel):
    """A descriptor being read: its version, if given, and its resources, each named once."""

    model_config = ConfigDict(extra="allow", frozen=True)
    version: str | None = None
    resources: tuple[ReadResource, ...]
    records: ReadResource | None = Field(default=None, alias=RECORDS_PROPERTY)
    """``records.json`` as a package of this layout declares it; older packages list it as a resource."""

    @model_validator(mode="after")
    def _names_unique(self) -> ReadDescriptor:
        twice = sorted(name for name, count in Counter(r.name for r in self.resources).items() if count > 1)
        if twice:
            raise ValueError(f"resource names are given twice: {', '.join(twice)}")
        return self

    def resource(self, name: str) -> ReadResource | None:
        """The resource called ``name``, if there is one."""
        return next((r for r in self.resources if r.name == name), None)
