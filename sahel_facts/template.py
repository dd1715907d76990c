"""New-record templates: every field of a kind, explained, ready to fill in.

Generated from the models, so a template never drifts from what validation expects.
Required fields are written out empty (validation says so until they are filled);
optional ones are commented out, with what they hold and the values they take.
"""

from __future__ import annotations

import difflib
import os
import textwrap
from pathlib import Path
from typing import Literal, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from .errors import SahelFactsError
from .folders import NEW_FILE, FolderError, held, refusal
from .model.base import UNKNOWN
from .model.dates import EDTF
from .model.ids import ANY_ID, split_id
from .model.introspect import is_unknown, members, ref_of, sequence_item
from .model.kinds import KINDS
from .model.records import field_order, schema_line

WIDTH = 88
EDTF_HINT = "EDTF: 2024-05-01, 2024-05, 2024-05~ (about), 2024-05-03/2024-05-06, 2023-07-26/.. (still going on)"


class NewRecordError(SahelFactsError):
    """A new record that cannot be started: an unknown kind, a malformed or used ID, or an unsafe place."""


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
    if any(sequence_item(m) is not None for m in found) and not _item_model(info):
        parts.append("a list")
    return "; ".join(parts)


def _nested_model(info: FieldInfo) -> type[BaseModel] | None:
    found = [m for m in members(info.annotation) if isinstance(m, type) and issubclass(m, BaseModel)]
    return found[0] if found else None


def _item_model(info: FieldInfo) -> type[BaseModel] | None:
    for member in members(info.annotation):
        item = sequence_item(member)
        if item is not None and isinstance(members(item)[0], type) and issubclass(members(item)[0], BaseModel):
            return members(item)[0]  # type: ignore[no-any-return]
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
            shown = "[]" if default in ([], ()) else (default if isinstance(default, str) else "")
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
    registered = KINDS[kind]
    path = registered.path(record_id)
    values = {"id": record_id} if registered.family.name == "source" else {"id": record_id, "kind": kind}
    header = [
        schema_line(path, registered.family),
        *_comment((registered.model.__doc__ or "").split("\n")[0], ""),
        *_comment(
            "Fill in every required field; uncomment the optional ones you use and delete the rest. "
            "Then run: sahel-facts validate",
            "",
        ),
    ]
    return path, "\n".join([*header, *_fields(registered.model, "", values)]) + "\n"


def full_id(kind: str, record_id: str) -> str:
    """``record_id`` with its kind's prefix (which may be left out), checked; NewRecordError if it is not one."""
    if kind not in KINDS:
        close = difflib.get_close_matches(kind, KINDS.names(), n=1)
        hint = f" (did you mean {close[0]}?)" if close else ""
        raise NewRecordError(f"unknown KIND {kind!r}{hint}; one of: {', '.join(KINDS.names())}")
    prefix = KINDS[kind].prefix
    full = record_id if ":" in record_id else f"{prefix}:{record_id}"
    if not ANY_ID.match(full) or split_id(full)[0] != prefix:
        slug = "ISO alpha-3 code" if prefix == "country" else "words-joined-by-hyphens"
        raise NewRecordError(f"{full!r} is not an ID for a {kind}: use {prefix}:{slug}")
    return full


def create(root: Path, kind: str, record_id: str) -> str:
    """Write a new record file of ``kind`` under ``root`` from its template; return its path relative to ``root``.

    Refuses (NewRecordError) an unknown kind, a malformed ID, an ID whose file exists,
    and a symbolic link or a file anywhere on the way: nothing is written outside ``root``.
    """
    record_id = full_id(kind, record_id)
    if not (root / "facts").is_dir() or (root / "facts").is_symlink():
        raise NewRecordError(f"{root}: not a fact tree (it has no facts/ folder)")
    path, text = template(kind, record_id)
    target = root / path
    try:
        with held(target.parent, under=root, create=True) as folder:
            try:
                fd = os.open(target.name, NEW_FILE, 0o666, dir_fd=folder)
            except FileExistsError:
                if os.path.islink(target):
                    raise refusal(target, target.name, folder, "record file") from None
                raise NewRecordError(f"{record_id} is already used ({path}); IDs are never reused") from None
            except OSError as exc:
                raise NewRecordError(f"cannot write {path}: {exc.strerror or exc}") from None
    except FolderError as exc:
        raise NewRecordError(str(exc)) from None
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    return path
