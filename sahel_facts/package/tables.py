"""The tables of the data package, derived from the models, and the way back.

Every record family has a base table of the fields all its kinds share (``entities``,
``sources``, ``claims``); every kind has a table of its own fields keyed by the same
ID (``claim_withdrawal``, ``entity_facility``...); a list of objects becomes a child
table keyed by its owner's ID and the item's index (``evidence``, ``person_roles``,
``distance_measures``). Nested objects are flattened with their field name as a
prefix (``count_value``, ``coordinates_lat``); an EDTF column is followed by two
derived date columns, ``*_earliest`` and ``*_latest``; a list of strings is a JSON
array. Two missing values are kept apart: an empty cell is a value not given, and the
word ``unknown`` a value the sources do not know, in any column whose field admits it
(typed columns too: the descriptor declares ``unknown`` a missing value of those
columns). An unknown nested object is ``unknown`` in every one of its columns, an
unknown date in its ``_earliest`` and ``_latest`` columns too; a nested object whose
cells are all empty is absent.

:func:`tables` writes records into rows; :func:`records` reads rows back into the
same records, so a test can prove the tables lose nothing.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Literal, get_args, get_origin

from pydantic import BaseModel

from ..model.base import UNKNOWN
from ..model.claims import ClaimBase
from ..model.dates import EDTF
from ..model.entities import EntityBase
from ..model.evidence import Evidence
from ..model.introspect import bare, members, ref_of, sequence_item, split
from ..model.kinds import KINDS, FamilyName
from ..model.records import Record
from ..model.sources import Source

Row = dict[str, str]


@dataclass(frozen=True)
class Column:
    """One CSV column and where its value lives in a record."""

    name: str
    """The column's name in the CSV header."""
    path: tuple[str, ...]
    """Attribute names from the row's object to the value."""
    type: str
    """Table Schema type: string, number, integer, date or array."""
    description: str = ""
    required: bool = False
    enum: tuple[str, ...] | None = None
    ref: tuple[str, ...] | None = None
    """ID prefixes of the records the column points at."""
    derived: str | None = None
    """For a computed column, what it derives from its EDTF column: earliest or latest."""
    json_text: bool = False
    """True when the cell holds a JSON array or the word unknown (a Known list)."""
    known: bool = False
    """True when the cell may be the word unknown: its field, or the nested object or date it belongs to, admits it."""


@dataclass(frozen=True)
class Nest:
    """A nested object flattened into its parent's row under ``prefix``."""

    path: tuple[str, ...]
    model: type[BaseModel]
    known: bool
    optional: bool


@dataclass
class Layout:
    """How one model's fields spread over columns, nested objects and child tables."""

    columns: list[Column] = field(default_factory=list)
    nests: list[Nest] = field(default_factory=list)
    children: dict[str, type[BaseModel]] = field(default_factory=dict)
    """Field name of a list of objects -> the item model."""


@dataclass(frozen=True)
class Table:
    """A table of the package: its resource name, columns, keys and where its rows come from."""

    name: str
    title: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[tuple[str, str, str], ...]
    """(column, table, column) triples."""
    unique_keys: tuple[tuple[str, ...], ...] = ()


def _scalar_type(annotation: Any) -> tuple[str, tuple[str, ...] | None]:
    plain = bare(annotation)
    if get_origin(plain) is Literal:
        return "string", tuple(get_args(plain))
    if plain is int:
        return "integer", None
    if plain is float or float in members(plain):
        return "number", None
    return "string", None


@cache
def layout(model: type[BaseModel], skip: frozenset[str] = frozenset()) -> Layout:
    """How ``model``'s fields (but ``skip``) become columns, nests and child tables."""
    result = Layout()
    for name, info in model.model_fields.items():
        if name in skip:
            continue
        members, optional, known = split(info.annotation)
        required = info.is_required() and not optional
        description = (info.description or "").split("\n")[0]
        found = ref_of(info)
        ref = found.prefixes if found else None
        base = bare(members[0]) if len(members) == 1 else None
        if isinstance(base, type) and issubclass(base, BaseModel):
            result.nests.append(Nest((name,), base, known, optional))
        elif sequence_item(base) is not None:
            item = bare(sequence_item(base))
            if isinstance(item, type) and issubclass(item, BaseModel):
                result.children[name] = item
            else:
                column = Column(name, (name,), "array", description, required, ref=ref, json_text=known, known=known)
                if known:
                    column = Column(name, (name,), "string", description, required, json_text=True, known=True)
                result.columns.append(column)
        elif base is EDTF:
            result.columns.append(Column(name, (name,), "string", description, required, known=known))
            for bound in ("earliest", "latest"):
                result.columns.append(
                    Column(
                        f"{name}_{bound}", (name,), "date", f"{bound} day {name} can mean", derived=bound, known=known
                    )
                )
        else:
            kind, enum = _scalar_type(members[0] if len(members) == 1 else info.annotation)
            result.columns.append(Column(name, (name,), kind, description, required, enum, ref, known=known))
    return result


def _flat_columns(
    model: type[BaseModel], skip: frozenset[str] = frozenset(), prefix: tuple[str, ...] = (), known: bool = False
) -> list[Column]:
    """All columns of ``model`` with nested objects flattened, their names prefixed (``known``: inside an
    object that may be unknown, so that every column may say so)."""
    plan = layout(model, skip)
    columns = [
        Column(
            "_".join((*prefix, c.name)),
            (*prefix, *c.path),
            c.type,
            c.description,
            c.required and not prefix,
            c.enum,
            c.ref,
            c.derived,
            c.json_text,
            c.known or known,
        )
        for c in plan.columns
    ]
    for nest in plan.nests:
        columns.extend(_flat_columns(nest.model, frozenset(), (*prefix, *nest.path), known or nest.known))
    return columns


def _owner(owner: str) -> list[Column]:
    """The key columns of a child table: its owner's ID and the item's place in the list."""
    return [
        Column(owner, (owner,), "string", f"ID of the {owner.removesuffix('_id')} this row belongs to", True),
        Column("index", ("index",), "integer", "Place of the item in its list, from 0", True),
    ]


ID = Column("id", ("id",), "string", "The record's ID", True)


ENTITY_BASE = frozenset(EntityBase.model_fields)
CLAIM_BASE = frozenset(ClaimBase.model_fields)
EVIDENCE = Evidence


def _fk(columns: Iterable[Column]) -> tuple[tuple[str, str, str], ...]:
    keys = []
    for column in columns:
        if column.ref is None or column.type != "string":
            continue
        targets = {kind.family.table for prefix in column.ref for kind in KINDS.with_prefix(prefix)}
        if len(targets) == 1:
            keys.append((column.name, targets.pop(), "id"))
    return tuple(keys)


def all_tables() -> tuple[Table, ...]:
    """Every table of the package, in the order the descriptor lists them (derived from the kind registry)."""
    return _all_tables(KINDS.version)


@cache
def _all_tables(version: int) -> tuple[Table, ...]:
    result: list[Table] = []

    def add(
        name: str,
        title: str,
        columns: list[Column],
        key: tuple[str, ...],
        extra_fk: tuple[tuple[str, str, str], ...] = (),
        unique: tuple[tuple[str, ...], ...] = (),
    ) -> None:
        result.append(Table(name, title, tuple(columns), key, (*extra_fk, *_fk(columns)), unique))

    def add_kinds(family: Literal["entity", "claim"], base: frozenset[str], base_table: str) -> None:
        """A table of each kind's own fields, and one for each of its lists of objects."""
        for model in KINDS.models(family):
            kind = KINDS.of_model(model).name
            own = _flat_columns(model, base | {"id", "kind"})
            unique = model.unique_fields
            add(
                f"{family}_{kind}",
                f"The fields of {kind} {base_table}",
                [ID, *own],
                ("id",),
                (("id", base_table, "id"),),
                unique,
            )
            for child, item in layout(model, base).children.items():
                owner = f"{kind}_id"
                add(
                    f"{kind}_{child}",
                    f"{child} of {kind} {base_table}",
                    [*_owner(owner), *_flat_columns(item)],
                    (owner, "index"),
                    ((owner, base_table, "id"),),
                )

    entity_kind = Column("kind", ("kind",), "string", "What sort of entity", True, KINDS.names("entity"))
    add(
        "entities",
        "Every entity, with the fields all kinds share",
        [ID, entity_kind, *_flat_columns(EntityBase, frozenset({"id", "kind"}))],
        ("id",),
    )
    add_kinds("entity", ENTITY_BASE, "entities")
    add("sources", "Every source document", _flat_columns(Source), ("id",))
    claim_kind = Column("kind", ("kind",), "string", "What sort of claim", True, KINDS.names("claim"))
    base = _flat_columns(ClaimBase, frozenset({"id", "kind", "evidence"}))
    add("claims", "Every claim, with the fields all kinds share", [ID, claim_kind, *base], ("id",))
    add(
        "evidence",
        "The evidence of every claim",
        [*_owner("claim_id"), *_flat_columns(EVIDENCE)],
        ("claim_id", "index"),
        (("claim_id", "claims", "id"),),
    )
    add_kinds("claim", CLAIM_BASE, "claims")
    return tuple(result)


# ---------------------------------------------------------------- records -> rows


def _cell(value: Any, column: Column) -> str:
    if value is None:
        return ""
    if value == UNKNOWN and column.known:
        return UNKNOWN  # the field, or the date or object it belongs to, is unknown
    if column.derived:
        bound = getattr(value, column.derived) if isinstance(value, EDTF) else None
        return bound.isoformat() if bound else ""  # empty: an open end
    if column.type == "array" or (column.json_text and isinstance(value, (list, tuple))):
        return json.dumps(list(value), ensure_ascii=False, separators=(",", ":"))
    if isinstance(value, float):
        return repr(value)
    return str(value)


def _get(obj: Any, path: tuple[str, ...]) -> Any:
    for step in path:
        if obj is None or isinstance(obj, str):
            return obj  # an absent nested object (its columns are empty), or an unknown one (they say so)
        obj = obj[step] if isinstance(obj, dict) else getattr(obj, step)
    return obj


def _row(obj: Any, columns: Iterable[Column]) -> Row:
    return {c.name: _cell(_get(obj, c.path), c) for c in columns}


def tables(records: Iterable[Record]) -> dict[str, list[Row]]:
    """The rows of every table for ``records``, each table sorted by its key."""
    by_name = {t.name: t for t in all_tables()}
    rows: dict[str, list[Row]] = {t.name: [] for t in all_tables()}
    for record in records:
        kind = record.kind
        if isinstance(record, EntityBase):
            base, own, children = "entities", f"entity_{kind}", layout(type(record), ENTITY_BASE).children
        elif isinstance(record, ClaimBase):
            base, own, children = "claims", f"claim_{kind}", layout(type(record), CLAIM_BASE).children
            for index, item in enumerate(record.evidence):
                evidence_columns = by_name["evidence"].columns[2:]
                rows["evidence"].append({"claim_id": record.id, "index": str(index), **_row(item, evidence_columns)})
        else:
            base, own, children = "sources", None, {}
        rows[base].append(_row(record, by_name[base].columns))
        if own:
            rows[own].append(_row(record, by_name[own].columns))
        for child in children:
            table = by_name[f"{kind}_{child}"]
            owner = table.columns[0].name
            for index, item in enumerate(getattr(record, child)):
                rows[table.name].append({owner: record.id, "index": str(index), **_row(item, table.columns[2:])})
    for name, table_rows in rows.items():
        key = by_name[name].primary_key
        table_rows.sort(key=lambda r: tuple(int(r[k]) if k == "index" else r[k] for k in key))
    return rows


# ---------------------------------------------------------------- rows -> records


def _value(text: str, column: Column) -> Any:
    if text == "":
        return None
    if text == UNKNOWN and column.known:
        return UNKNOWN
    if column.type == "array" or (column.json_text and text.startswith("[")):
        return json.loads(text)
    if column.type == "integer":
        return int(text)
    if column.type == "number":
        return int(text) if text.lstrip("-").isdigit() else float(text)
    return text


def _put(target: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    for step in path[:-1]:
        target = target.setdefault(step, {})
    target[path[-1]] = value


def _unflatten(row: Row, model: type[BaseModel], skip: frozenset[str], prefix: tuple[str, ...] = ()) -> dict[str, Any]:
    plan = layout(model, skip)
    data: dict[str, Any] = {}
    for column in plan.columns:
        if column.derived:
            continue
        value = _value(row.get("_".join((*prefix, column.name)), ""), column)
        if value is not None:
            data[column.name] = value
    for nest in plan.nests:
        where = (*prefix, *nest.path)
        cells = [row.get(c.name, "") for c in _flat_columns(nest.model, frozenset(), where)]
        if nest.known and cells and all(cell == UNKNOWN for cell in cells):
            data[nest.path[-1]] = UNKNOWN
            continue
        inner = _unflatten(row, nest.model, frozenset(), where)
        if inner:
            data[nest.path[-1]] = inner
    return data


def records(rows: dict[str, list[Row]]) -> Iterator[Record]:
    """The records the tables hold, validated by the models: the inverse of :func:`tables`."""
    by_name = {t.name: t for t in all_tables()}
    children: dict[str, dict[str, list[Row]]] = defaultdict(lambda: defaultdict(list))
    for table in all_tables():
        if table.primary_key[-1:] == ("index",):
            for row in rows.get(table.name, []):
                children[table.name][row[table.columns[0].name]].append(row)
    own_rows = {
        name: {r["id"]: r for r in rows.get(name, [])} for name in by_name if name.startswith(("entity_", "claim_"))
    }
    families: tuple[tuple[str, FamilyName, str | None, frozenset[str]], ...] = (
        ("entities", "entity", "entity_", ENTITY_BASE),
        ("sources", "source", None, frozenset()),
        ("claims", "claim", "claim_", CLAIM_BASE),
    )
    for base, family, prefix, skip in families:
        for row in rows.get(base, []):
            data = _unflatten(row, _model_of(family, row.get("kind")), frozenset())
            if prefix:
                model = _model_of(family, row["kind"])
                data.update(
                    _unflatten(own_rows[f"{prefix}{row['kind']}"].get(row["id"], {}), model, skip | {"kind", "id"})
                )
                lists = dict(layout(model, skip).children)
                if family == "claim":
                    lists["evidence"] = Evidence
                for child, item in lists.items():
                    held_in = "evidence" if child == "evidence" else f"{row['kind']}_{child}"
                    items = sorted(children[held_in].get(row["id"], []), key=lambda r: int(r["index"]))
                    data[child] = [_unflatten(r, item, frozenset()) for r in items]
            record: Record = KINDS.adapter(family).validate_python(data)
            yield record


def _model_of(family: str, kind: str | None) -> type[BaseModel]:
    return KINDS["source" if family == "source" else str(kind)].model
