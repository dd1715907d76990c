"""JSON Schemas (Draft 2020-12) for each record family, generated from the models.

The schemas under ``schema/`` are committed so that editors and other tools can check
records without Python; a test fails when they drift from the models. Regenerate them
with ``sahel-facts schema``. An installed library carries the same files (the build
copies them into ``sahel_facts/_schema/``): :func:`shipped` reads them.
"""

from __future__ import annotations

import json
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from pydantic.json_schema import GenerateJsonSchema

from .model.kinds import FAMILIES, Family

DRAFT = "https://json-schema.org/draft/2020-12/schema"
#: Where an installed library keeps the JSON Schemas, inside the ``sahel_facts`` package.
SHIPPED = "_schema"


class _Generator(GenerateJsonSchema):
    """Pydantic's generator, stamping the dialect pydantic leaves out."""

    def generate(self, schema: Any, mode: Any = "validation") -> dict[str, Any]:
        body = super().generate(schema, mode=mode)
        return {"$schema": DRAFT, **body}


def family_schema(family: Family) -> dict[str, Any]:
    """The JSON Schema of one family's records."""
    body = family.adapter.json_schema(schema_generator=_Generator)
    return {
        "$schema": body.pop("$schema"),
        "$id": f"urn:sahel-facts:schema:{family.name}",
        "title": f"sahel-facts {family.name} record",
        "description": f"One {family.name} record of sahel-facts: one YAML file under facts/.",
        **body,
    }


def render(family: Family) -> str:
    """The committed text of a family's schema."""
    return json.dumps(family_schema(family), indent=2, ensure_ascii=False) + "\n"


def write(root: Path) -> list[Path]:
    """Write every family's schema under ``root``; return the paths written."""
    written = []
    for family in FAMILIES.values():
        path = root / family.schema_file
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(render(family), encoding="utf-8")
        written.append(path)
    return written


def drifted(root: Path) -> list[str]:
    """The schema files under ``root`` that differ from what the models generate."""
    stale = []
    for family in FAMILIES.values():
        path = root / family.schema_file
        if not path.is_file() or path.read_text(encoding="utf-8") != render(family):
            stale.append(family.schema_file)
    return stale


def metaschema_errors(root: Path) -> list[str]:
    """Problems of the committed schemas under ``root`` as Draft 2020-12 documents."""
    from jsonschema import Draft202012Validator

    problems = []
    for family in FAMILIES.values():
        path = root / family.schema_file
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            problems.append(f"{family.schema_file}: cannot be read as JSON ({exc})")
            continue
        for error in Draft202012Validator(Draft202012Validator.META_SCHEMA).iter_errors(document):
            where = "/".join(str(p) for p in error.absolute_path) or "(top)"
            problems.append(f"{family.schema_file}: {where}: {error.message}")
    return problems


def problems(root: Path) -> list[str]:
    """Every committed schema under ROOT that is stale or not valid Draft 2020-12, as a line to print."""
    stale = [f"{name}: differs from the models; run 'sahel-facts schema' to regenerate it" for name in drifted(root)]
    return stale + metaschema_errors(root)


def shipped() -> dict[str, Traversable]:
    """The JSON Schemas this installation carries: file name (``claim.schema.json``...) -> the file, to
    ``read_text()`` or open; empty in a checkout that was never installed (the schemas are under ``schema/``)."""
    folder = resources.files("sahel_facts") / SHIPPED
    if not folder.is_dir():
        return {}
    return {item.name: item for item in sorted(folder.iterdir(), key=lambda i: i.name) if item.name.endswith(".json")}
