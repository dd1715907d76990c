"""Reading the models' annotations: what a field may hold, and what it refers to.

Used wherever code is derived from the models (tables, templates, references), so
that all of them read ``X | None``, ``Known[X]``, ``tuple[X, ...]`` and ``RefTo`` markers alike.
"""

from __future__ import annotations

import types
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic.fields import FieldInfo

from .base import UNKNOWN
from .ids import RefTo


def bare(annotation: Any) -> Any:
    """``annotation`` without its ``Annotated`` layers."""
    while get_origin(annotation) is Annotated:
        annotation = get_args(annotation)[0]
    return annotation


def members(annotation: Any) -> list[Any]:
    """The alternatives of a union (flattened, ``Annotated`` removed); a non-union is its own one member."""
    annotation = bare(annotation)
    if get_origin(annotation) in (Union, types.UnionType):
        return [m for arg in get_args(annotation) for m in members(arg)]
    return [annotation]


def is_unknown(member: Any) -> bool:
    """True for ``Literal["unknown"]``, the member ``Known[...]`` adds."""
    return get_origin(member) is Literal and get_args(member) == (UNKNOWN,)


def split(annotation: Any) -> tuple[list[Any], bool, bool]:
    """The members other than None and "unknown", and whether None and "unknown" are admitted."""
    found = members(annotation)
    rest = [m for m in found if m is not type(None) and not is_unknown(m)]
    return rest, type(None) in found, any(map(is_unknown, found))


def sequence_item(annotation: Any) -> Any | None:
    """The item type of ``tuple[X, ...]`` or ``list[X]`` (``Annotated`` removed); None for anything else."""
    annotation = bare(annotation)
    if get_origin(annotation) in (list, tuple):
        args = get_args(annotation)
        if args and (get_origin(annotation) is list or (len(args) == 2 and args[1] is Ellipsis)):
            return args[0]
    return None


def ref_in(annotation: Any) -> RefTo | None:
    """The RefTo marker anywhere inside ``annotation`` (through Optional, list, Annotated)."""
    if get_origin(annotation) is Annotated:
        found = next((m for m in annotation.__metadata__ if isinstance(m, RefTo)), None)
        if found:
            return found
    return next((r for r in map(ref_in, get_args(annotation)) if r), None)


def ref_of(info: FieldInfo) -> RefTo | None:
    """The RefTo marker of a field: in its metadata (a top-level ``Ref``) or inside its annotation."""
    return next((m for m in info.metadata if isinstance(m, RefTo)), None) or ref_in(info.annotation)
