"""Find every reference a record makes to other records, wherever it is nested."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

from pydantic import BaseModel

from ..read.safe_yaml import Loc
from .ids import RefTo
from .introspect import ref_of


@cache
def _plan(cls: type[BaseModel]) -> tuple[tuple[str, RefTo | None], ...]:
    """For each field of ``cls``: the reference marker it carries, if any."""
    return tuple((name, ref_of(info)) for name, info in cls.model_fields.items())


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
