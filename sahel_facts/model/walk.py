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
    found: Found = ([], [])
    _walk(model, loc, (True, False), found)
    return iter(found[0])


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
    found: Found = ([], [])
    _walk(model, loc, (False, True), found)
    return iter(found[1])


#: What a walk finds: the references, and the dates.
Found = tuple[list[tuple[Loc, str, RefTo]], list[tuple[Loc, EDTF]]]
#: How to walk the fields of a class (:func:`_walked`): each field's name, the reference marker of a field
#: whose references are wanted, and whether the dates of the field are wanted.
Plan = tuple[tuple[str, RefTo | None, bool], ...]


@cache
def _walked(cls: type[BaseModel], refs: bool, days: bool) -> Plan:
    """The fields of ``cls`` a walk for its references (``refs``) and dates (``days``) looks at."""
    ref_fields = dict(_plan(cls)) if refs else {}
    date_fields = set(_date_plan(cls)) if days else set()
    return tuple(
        (name, ref_fields.get(name), name in date_fields)
        for name in cls.model_fields
        if name in ref_fields or name in date_fields
    )


def _walk(model: BaseModel, loc: Loc, wants: tuple[bool, bool], found: Found) -> None:
    """Add to ``found`` the references (``wants[0]``) and dates (``wants[1]``) in ``model`` and its nested models.

    One function call a model, not a generator an item: a record's walk costs a few
    microseconds, for every record of a run.
    """
    refs, days = found
    for name, ref, dated in _walked(type(model), *wants):
        value = getattr(model, name)
        if value is None:
            continue
        if isinstance(value, tuple):
            for index, item in enumerate(value):
                if isinstance(item, BaseModel):
                    _walk(item, (*loc, name, index), wants, found)
                    continue
                if ref is not None and isinstance(item, str):
                    refs.append(((*loc, name, index), item, ref))
                if dated and isinstance(item, EDTF):
                    days.append(((*loc, name, index), item))
        elif isinstance(value, BaseModel):
            _walk(value, (*loc, name), wants, found)
        else:
            if ref is not None and isinstance(value, str):
                refs.append(((*loc, name), value, ref))
            if dated and isinstance(value, EDTF):
                days.append(((*loc, name), value))
