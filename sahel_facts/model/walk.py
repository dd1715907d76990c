"""Find every reference a record makes to other records, and every date it holds, wherever nested."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import Any, get_args

from pydantic import BaseModel

from ..read.safe_yaml import Loc
from .dates import EDTF
from .ids import RefTo
from .introspect import ref_of


def _holds_model(annotation: Any) -> bool:
    """True when a model can be anywhere inside ``annotation`` (through unions, tuples, Annotated)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return True
    return any(_holds_model(arg) for arg in get_args(annotation))


@cache
def _plan(cls: type[BaseModel]) -> tuple[tuple[str, RefTo | None], ...]:
    """Each field of ``cls`` that can hold a reference, or a model that may: its name and reference marker.

    Fields of neither kind (a summary, a date) are left out, so that walking a record costs
    only what its references and nested models do.
    """
    planned = ((name, ref_of(info), info.annotation) for name, info in cls.model_fields.items())
    return tuple((name, ref) for name, ref, annotation in planned if ref is not None or _holds_model(annotation))


def references(model: BaseModel, loc: Loc = ()) -> Iterator[tuple[Loc, str, RefTo]]:
    """Each ``(location, target ID, marker)`` of a reference in ``model`` and its nested models."""
    for name, ref in _plan(type(model)):
        value = getattr(model, name)
        items = enumerate(value) if isinstance(value, tuple) else ((None, value),)
        for index, item in items:
            here = (*loc, name) if index is None else (*loc, name, index)
            if isinstance(item, BaseModel):
                yield from references(item, here)
            elif ref is not None and isinstance(item, str):
                yield here, item, ref


def _holds_date(annotation: Any) -> bool:
    """True when an EDTF value can be anywhere inside ``annotation`` (Interval is ``Annotated[EDTF, ...]``)."""
    if isinstance(annotation, type) and issubclass(annotation, EDTF):
        return True
    return any(_holds_date(arg) for arg in get_args(annotation))


@cache
def _date_plan(cls: type[BaseModel]) -> tuple[str, ...]:
    """The fields of ``cls`` that can hold a date, or a model that may."""
    return tuple(
        name for name, info in cls.model_fields.items() if _holds_date(info.annotation) or _holds_model(info.annotation)
    )


def dates(model: BaseModel, loc: Loc = ()) -> Iterator[tuple[Loc, EDTF]]:
    """Each ``(location, date)`` in ``model`` and its nested models."""
    for name in _date_plan(type(model)):
        value = getattr(model, name)
        items = enumerate(value) if isinstance(value, tuple) else ((None, value),)
        for index, item in items:
            here = (*loc, name) if index is None else (*loc, name, index)
            if isinstance(item, BaseModel):
                yield from dates(item, here)
            elif isinstance(item, EDTF):
                yield here, item


@cache
def _contents_plan(cls: type[BaseModel]) -> tuple[tuple[str, RefTo | None, bool], ...]:
    """Each field of ``cls`` that :func:`references` or :func:`dates` walks: its name, its reference marker, and
    whether :func:`dates` walks it."""
    refs, days = dict(_plan(cls)), set(_date_plan(cls))
    return tuple((name, refs.get(name), name in days) for name in cls.model_fields if name in refs or name in days)


def contents(model: BaseModel) -> tuple[list[tuple[Loc, str, RefTo]], list[tuple[Loc, EDTF]]]:
    """``(list(references(model)), list(dates(model)))``, in one walk of the model."""
    found: tuple[list[tuple[Loc, str, RefTo]], list[tuple[Loc, EDTF]]] = ([], [])
    _walk(model, (), found)
    return found


def _walk(model: BaseModel, loc: Loc, found: tuple[list[tuple[Loc, str, RefTo]], list[tuple[Loc, EDTF]]]) -> None:
    refs, days = found
    for name, ref, dated in _contents_plan(type(model)):
        value = getattr(model, name)
        if value is None:
            continue
        if isinstance(value, tuple):
            for index, item in enumerate(value):
                if isinstance(item, BaseModel):
                    _walk(item, (*loc, name, index), found)
                    continue
                if ref is not None and isinstance(item, str):
                    refs.append(((*loc, name, index), item, ref))
                if dated and isinstance(item, EDTF):
                    days.append(((*loc, name, index), item))
        elif isinstance(value, BaseModel):
            _walk(value, (*loc, name), found)
        else:
            if ref is not None and isinstance(value, str):
                refs.append(((*loc, name), value, ref))
            if dated and isinstance(value, EDTF):
                days.append(((*loc, name), value))
