"""Turn a parsed record file into a typed record, or into findings at the right lines.

Pydantic reports every error of a record at once; each becomes one finding placed at
the offending key (or, for a missing field, at the mapping that lacks it), with a
message written for the person who edits the YAML rather than for a Python programmer.
Pydantic's locations name the union members it tried (``literal['unknown']``,
``function-after[...]``, the kind); those are dropped by walking the location along
the file's own data, and a field that fails in every member is reported once.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from ..findings import Finding, rule
from ..read.safe_yaml import Document, Loc
from .base import FORMS
from .base import shown as _shown
from .kinds import KINDS, Family
from .records import FILE_LOCATION, Record, family_for_path
from .suggest import Suggester

UNKNOWN_FIELD = rule("M201", "unknown-field", "every field is one the model declares")
MISSING_FIELD = rule("M202", "missing-field", "every required field is given")
FIELD_VALUE = rule("M203", "field-value", "every value has the type, form and range its field needs")
EDTF_DATE = rule("M204", "edtf-date", "dates are valid EDTF of the supported subset")
INTERVAL_ORDER = rule("M205", "interval-order", "an interval does not end before it starts")
KIND = rule("M206", "kind", "the kind is one the family knows")

#: The rule of each pydantic error type; anything else is M203.
_RULES = {
    "extra_forbidden": UNKNOWN_FIELD,
    "missing": MISSING_FIELD,
    "edtf": EDTF_DATE,
    "interval_order": INTERVAL_ORDER,
    "union_tag_invalid": KIND,
    "union_tag_not_found": KIND,
}
#: Error types of a container, said by the errors of its items where there are any.
_CONTAINERS = ("too_short", "tuple_type", "list_type", "model_type")


def _model_at(family: Family, data: dict[str, Any], loc: Loc) -> type[BaseModel] | None:
    """The model of the mapping at ``loc`` of a record, for 'did you mean' hints."""
    kind = data.get("kind")
    model: Any = KINDS["source"].model if family.name == "source" else None
    if model is None and isinstance(kind, str) and kind in KINDS:
        model = KINDS[kind].model
    for step in loc:
        if model is None or isinstance(step, int):
            continue
        field = model.model_fields.get(step) if isinstance(model, type) and issubclass(model, BaseModel) else None
        model = _model_in(field.annotation) if field else None
    return model if isinstance(model, type) and issubclass(model, BaseModel) else None


@cache
def _fields_of(model: type[BaseModel]) -> Suggester:
    """The 'did you mean' index of a model's field names, built once a model."""
    return Suggester(model.model_fields)


def _model_in(annotation: Any) -> Any:
    """The model class inside ``tuple[M, ...]`` or ``M | None``, if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def data_path(data: Any, loc: tuple[Any, ...], missing: bool = False) -> Loc:
    """``loc`` as a path in the file's data: pydantic's union-member steps dropped.

    A step is kept when it is a key of the mapping or an index of the list reached so
    far; with ``missing``, the last step (the absent field's name) is kept too.
    """
    path: list[str | int] = []
    value = data
    for index, step in enumerate(loc):
        if (isinstance(value, dict) and isinstance(step, str) and step in value) or (
            isinstance(value, list) and isinstance(step, int) and 0 <= step < len(value)
        ):
            path.append(step)
            value = value[step] if isinstance(value, dict) else value[int(step)]
        elif missing and index == len(loc) - 1 and isinstance(step, str):
            path.append(step)
    return tuple(path)


def _message(error: ErrorDetails, family: Family, data: dict[str, Any], loc: Loc) -> tuple[str, str | None]:
    kind = error["type"]
    where = ".".join(str(p) for p in loc)
    if kind == "extra_forbidden":
        model = _model_at(family, data, loc[:-1])
        return f"unknown field '{_shown(where)}'", (_fields_of(model).hint(str(loc[-1])) if model else None)
    if kind == "missing":
        return f"missing required field '{where}'", None
    if error.get("input", "") is None and loc:
        return f"'{where}' is empty", "fill it in, or delete the line if the field is optional"
    if kind == "union_tag_invalid":
        return f"unknown kind '{_shown(data.get('kind'))}'", "kind is one of: " + ", ".join(KINDS.names(family.name))
    if kind == "union_tag_not_found":
        return "missing required field 'kind'", None
    if kind == "id_form":
        return f"{where}: {error['msg']}", "IDs are a prefix and a slug: org:us-africom, country:NER"
    if kind == "string_pattern_mismatch":
        meaning = FORMS.get(str(error.get("ctx", {}).get("pattern")), "of the form the field needs")
        return f"{where}: '{_shown(error['input'])}' is not {meaning}", None
    if kind in ("tuple_type", "list_type"):
        return f"{where}: expected a list, not '{_shown(error['input'])}'", None
    if kind == "model_type":
        return f"{where}: expected a mapping of its fields, not '{_shown(error['input'])}'", None
    text = error["msg"].removeprefix("Value error, ")
    return (f"{where}: {text}" if where else text), None


def _field_named(data: dict[str, Any], loc: Loc, message: str) -> Loc:
    """Narrow a record-level error to the first field of that mapping its message names."""
    value: Any = data
    for step in loc:
        value = value.get(step) if isinstance(value, dict) else value[int(step)] if isinstance(value, list) else None
    if isinstance(value, dict):
        for key in value:
            if re.search(rf"\b{re.escape(key)}\b", message):
                return (*loc, key)
    return loc


def _literal_member(loc: tuple[Any, ...]) -> bool:
    """True for an error inside a union's ``Literal`` or ``None`` member: the least useful of a field's errors."""
    return any(isinstance(step, str) and (step.startswith("literal[") or step == "none") for step in loc)


def to_record(path: str, document: Document) -> Record | list[Finding]:
    """The typed record held in ``document``, or the findings that stop it being one."""
    family = family_for_path(path)
    if family is None:
        return [FILE_LOCATION.at(path, 1, 1, "not in a kind's folder of facts/", "see CONTRIBUTING: facts/<folder>/")]
    try:
        record: Record = family.adapter.validate_python(document.data)
        return record
    except ValidationError as exc:
        errors = sorted(exc.errors(include_url=False), key=lambda e: _literal_member(tuple(e["loc"])))
        located = [(data_path(document.data, tuple(e["loc"]), missing=e["type"] == "missing"), e) for e in errors]
        inner = {loc[:end] for loc, _ in located for end in range(len(loc))}
        knowable = {loc for loc, error in located if _literal_member(tuple(error["loc"]))}
        findings: dict[Loc, Finding] = {}
        for loc, error in located:
            if loc in inner and (error["type"] in _CONTAINERS or _literal_member(tuple(error["loc"]))):
                continue  # a field failing because its items did: the items' findings say why
            if error["type"].startswith("union_tag"):
                loc = ("kind",)
            elif error["type"] == "value_error":
                loc = _field_named(document.data, loc, error["msg"])
            if loc in findings:
                continue  # one finding a place: the other union members failed there too
            position = document.locate(loc)
            message, hint = _message(error, family, document.data, loc)
            if loc in knowable and hint is None and not _literal_member(tuple(error["loc"])):
                hint = "or 'unknown', when the sources do not say"
            findings[loc] = _RULES.get(error["type"], FIELD_VALUE).at(path, position.line, position.col, message, hint)
        return list(findings.values())
