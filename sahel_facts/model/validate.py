"""Turn a parsed record file into a typed record, or into findings at the right lines.

Pydantic reports every error of a record at once; each becomes a finding placed at the
offending key (or, for a missing field, at the mapping that lacks it), with a message
written for the person who edits the YAML rather than for a Python programmer.
"""

from __future__ import annotations

import difflib
import re
from typing import Any

from pydantic import BaseModel, ValidationError

from ..findings import Finding
from ..read.safe_yaml import Document, Loc
from .records import FAMILIES, MODEL_OF_KIND, Family, Record, family_for_path

#: Check IDs of model findings, by pydantic error type; anything else is M203.
_CODES = {
    "extra_forbidden": "M201",
    "missing": "M202",
    "edtf": "M204",
    "interval_order": "M205",
    "union_tag_invalid": "M206",
    "union_tag_not_found": "M206",
}


def _fields_at(family: Family, data: dict[str, Any], loc: Loc) -> list[str]:
    """The field names allowed at ``loc`` of a record, for 'did you mean' hints."""
    model: Any = family.annotation
    if family.name != "source":
        kind = data.get("kind")
        model = MODEL_OF_KIND.get(kind) if isinstance(kind, str) else None
    for step in loc:
        if model is None or isinstance(step, int):
            continue
        field = model.model_fields.get(step) if isinstance(model, type) and issubclass(model, BaseModel) else None
        model = _model_in(field.annotation) if field else None
    return list(model.model_fields) if isinstance(model, type) and issubclass(model, BaseModel) else []


def _model_in(annotation: Any) -> Any:
    """The model class inside ``list[M]`` or ``M | None``, if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def _message(error: dict[str, Any], family: Family, data: dict[str, Any], loc: Loc) -> tuple[str, str | None]:
    kind = error["type"]
    where = ".".join(str(p) for p in loc)
    if kind == "extra_forbidden":
        allowed = _fields_at(family, data, loc[:-1])
        close = difflib.get_close_matches(str(loc[-1]), allowed, n=1)
        return f"unknown field '{where}'", (f"did you mean '{close[0]}'?" if close else None)
    if kind == "missing":
        return f"missing required field '{where}'", None
    if error.get("input", "") is None and loc:
        return f"'{where}' is empty", "fill it in, or delete the line if the field is optional"
    if kind == "union_tag_invalid":
        return f"unknown kind '{data.get('kind')}'", "kind is one of: " + error["ctx"]["expected_tags"].replace("'", "")
    if kind == "union_tag_not_found":
        return "missing required field 'kind'", None
    if kind == "string_pattern_mismatch" and ":" in error["ctx"]["pattern"]:
        expected = error["ctx"]["pattern"].strip("^$()?:").split(":")[0]
        return f"{where}: '{error['input']}' is not a valid ID here", f"expected an ID such as {expected}:some-slug"
    text = error["msg"].removeprefix("Value error, ")
    return (f"{where}: {text}" if where else text), None


def _field_named(data: dict[str, Any], loc: Loc, message: str) -> Loc:
    """Narrow a record-level error to the first field of that mapping its message names."""
    value: Any = data
    for step in loc:
        value = value[step] if isinstance(value, (dict, list)) else None
    if isinstance(value, dict):
        for key in value:
            if re.search(rf"\b{re.escape(key)}\b", message):
                return (*loc, key)
    return loc


def to_record(path: str, document: Document) -> Record | list[Finding]:
    """The typed record held in ``document``, or the findings that stop it being one."""
    family = family_for_path(path)
    if family is None:
        return [Finding(path, 1, 1, "X302", "not in a known folder of facts/", "see README: facts/<family>/...")]
    try:
        return family.adapter.validate_python(document.data)
    except ValidationError as exc:
        findings = []
        for error in exc.errors(include_url=False):
            loc: Loc = tuple(error["loc"])
            if family is not FAMILIES["source"] and loc and loc[0] == document.data.get("kind"):
                loc = loc[1:]  # drop the union member's tag
            if error["type"].startswith("union_tag"):
                loc = ("kind",)
            elif error["type"] == "value_error":
                loc = _field_named(document.data, loc, error["msg"])
            position = document.locate(loc)
            message, hint = _message(error, family, document.data, loc)
            findings.append(
                Finding(path, position.line, position.col, _CODES.get(error["type"], "M203"), message, hint)
            )
        return findings
