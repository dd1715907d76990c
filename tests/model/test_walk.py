"""Walking a record for what it refers to and what dates it holds."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from sahel_facts.model.dates import EDTF
from sahel_facts.model.walk import _date_plan, _plan, dates, references


def _references_one_by_one(model: BaseModel, loc: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """The walk as it was written first, a generator an item: what the faster walk must give."""
    for name, ref in _plan(type(model)):
        value = getattr(model, name)
        items = enumerate(value) if isinstance(value, tuple) else ((None, value),)
        for index, item in items:
            here = (*loc, name) if index is None else (*loc, name, index)
            if isinstance(item, BaseModel):
                yield from _references_one_by_one(item, here)
            elif ref is not None and isinstance(item, str):
                yield here, item, ref


def _dates_one_by_one(model: BaseModel, loc: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    for name in _date_plan(type(model)):
        value = getattr(model, name)
        items = enumerate(value) if isinstance(value, tuple) else ((None, value),)
        for index, item in items:
            here = (*loc, name) if index is None else (*loc, name, index)
            if isinstance(item, BaseModel):
                yield from _dates_one_by_one(item, here)
            elif isinstance(item, EDTF):
                yield here, item


def test_the_walks_find_what_walking_item_by_item_finds(repository):
    """Every record of the repository: the same references and dates, in the same order, at the same places."""
    assert repository.corpus.entries
    found = 0
    for entry in repository.corpus.entries:
        record = entry.record
        assert list(references(record)) == list(_references_one_by_one(record)), entry.path
        assert list(references(record, ("x",))) == list(_references_one_by_one(record, ("x",))), entry.path
        assert list(dates(record)) == list(_dates_one_by_one(record)), entry.path
        found += any(len(loc) > 1 for loc, _ in dates(record)) + any(len(loc) > 2 for loc, *_ in references(record))
    assert found  # nested models were walked
