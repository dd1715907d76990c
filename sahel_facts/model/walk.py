"""Find every reference a record makes to other records, and every date it holds, wherever nested."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import cache
from operator import itemgetter
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


#: For a model class: a getter of its fields that hold only references (a string, a tuple of them, or
#: None) from its ``__dict__``, and the fields that may hold a model, each with its marker.
_TargetPlan = tuple[Callable[[dict[str, Any]], tuple[Any, ...]] | None, tuple[tuple[str, RefTo | None], ...]]
_target_plans: dict[type[BaseModel], _TargetPlan] = {}


def _target_plan(cls: type[BaseModel]) -> _TargetPlan:
    fields = cls.model_fields
    plain = [name for name, ref in _plan(cls) if ref is not None and not _holds_model(fields[name].annotation)]
    nested = tuple((name, ref) for name, ref in _plan(cls) if name not in plain)
    getter = None if not plain else itemgetter(*plain) if len(plain) > 1 else lambda fields: (fields[plain[0]],)
    _target_plans[cls] = planned = (getter, nested)
    return planned


def reference_targets(model: BaseModel, into: list[str]) -> None:
    """Append to ``into`` the target ID of each reference in ``model`` and its nested models.

    The targets :func:`references` yields (each as often; fields of plain references first),
    without their locations or markers: the quick walk for a check that needs only the IDs
    (it takes about a third of the time).
    """
    cls = type(model)
    plain, nested = _target_plans.get(cls) or _target_plan(cls)
    fields = model.__dict__
    if plain is not None:
        for value in plain(fields):
            if type(value) is str:
                into.append(value)
            elif type(value) is tuple:
                into.extend(value)
    for name, ref in nested:
        value = fields[name]
        for item in value if isinstance(value, tuple) else (value,):
            if isinstance(item, BaseModel):
                reference_targets(item, into)
            elif ref is not None and isinstance(item, str):
                into.append(item)


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
