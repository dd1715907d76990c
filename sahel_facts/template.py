"""New-record templates: every field of a kind, explained, ready to fill in.

Generated from the models, so a template never drifts from what validation expects.
Required fields are written out empty (validation says so until they are filled);
optional ones are commented out, with what they hold and the values they take.
"""

from __future__ import annotations

import textwrap
from typing import Literal, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from .model.base import UNKNOWN
from .model.dates import EDTF
from .model.ids import PREFIXES
from .model.introspect import is_unknown, members, ref_of
from .model.records import CLAIM_KINDS, MODEL_OF_KIND, family_of, field_order, record_path, schema_line
from .model.sources import Source

WIDTH = 88
EDTF_HINT = "EDTF: 2024-05-01, 2024-05, 2024-05~ (about), 2024-05-03/2024-05-06, 2023-07-26/.. (still going on)"


def models() -> dict[str, type[BaseModel]]:
    """Every kind ``sahel-facts new`` can write, with its model."""
    return {**MODEL_OF_KIND, "source": Source}


def _hint(info: FieldInfo) -> str:
    """What a field takes, in a few words."""
    found = members(info.annotation)
    literals = [v for m in found if get_origin(m) is Literal for v in get_args(m) if v != UNKNOWN]
    parts = []
    ref = ref_of(info)
    if ref:
        parts.append("an ID such as " + " or ".join(f"{p}:..." for p in ref.prefixes))
    elif literals:
        parts.append("one of: " + ", ".join(literals))
    elif EDTF in found:
        parts.append(EDTF_HINT)
    if any(map(is_unknown, found)):
        parts.append("or unknown")
    if any(get_origin(m) is list for m in found) and not _item_model(info):
        parts.append("a list")
    return "; ".join(parts)


def _nested_model(info: FieldInfo) -> type[BaseModel] | None:
    found = [m for m in members(info.annotation) if isinstance(m, type) and issubclass(m, BaseModel)]
    return found[0] if found else None


def _item_model(info: FieldInfo) -> type[BaseModel] | None:
    for member in members(info.annotation):
        if get_origin(member) is list:
            item = members(get_args(member)[0])[0]
            if isinstance(item, type) and issubclass(item, BaseModel):
                return item
    return None


def _comment(text: str, indent: str) -> list[str]:
    return textwrap.wrap(text, WIDTH, initial_indent=f"{indent}# ", subsequent_indent=f"{indent}# ")


def _fields(model: type[BaseModel], indent: str, values: dict[str, str], first: str = "") -> list[str]:
    lines: list[str] = []
    for name in field_order(model):
        info = model.model_fields[name]
        lead = first if not lines else indent
        about = " ".join((info.description or "").split())
        hint = _hint(info)
        if name in values:
            lines.append(f"{lead}{name}: {values[name]}")
            continue
        comment = _comment(
            f"{about} ({'required' if info.is_required() else 'optional'}{': ' + hint if hint else ''})", lead
        )
        lines += comment
        lead = indent
        item, nested = _item_model(info), _nested_model(info)
        if not info.is_required():
            default = info.get_default()
            shown = "[]" if default == [] else (default if isinstance(default, str) else "")
            lines.append(f"{lead}# {name}: {shown}".rstrip())
        elif item is not None:
            lines.append(f"{lead}{name}:")
            lines += _fields(item, indent + "    ", {}, first=indent + "  - ")
        elif nested is not None:
            lines.append(f"{lead}{name}:")
            lines += _fields(nested, indent + "  ", {})
        else:
            lines.append(f"{lead}{name}:")
    return lines


def template(kind: str, record_id: str) -> tuple[str, str]:
    """The path (relative to ROOT) and text of a new record of ``kind`` with ``record_id``."""
    model = models()[kind]
    family = family_of(record_id)
    assert family is not None
    path = record_path(record_id, kind)
    values = {"id": record_id} if kind == "source" else {"id": record_id, "kind": kind}
    header = [
        schema_line(path, family),
        *_comment((model.__doc__ or "").split("\n")[0], ""),
        *_comment(
            "Fill in every required field; uncomment the optional ones you use and delete the rest. "
            "Then run: sahel-facts validate",
            "",
        ),
    ]
    return path, "\n".join([*header, *_fields(model, "", values)]) + "\n"


def family_prefixes(kind: str) -> tuple[str, ...]:
    """The ID prefixes a record of ``kind`` may have."""
    if kind == "source" or kind in CLAIM_KINDS:
        return ("source",) if kind == "source" else ("claim",)
    return tuple(prefix for prefix, family in PREFIXES.items() if family == kind)
