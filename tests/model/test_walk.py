"""Walking records: the quick walk of reference targets finds exactly what the full walk finds, and the walks of
references and dates find what walking item by item finds."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

from hypothesis import given
from pydantic import BaseModel

from sahel_facts.model.claims import Withdrawal
from sahel_facts.model.dates import EDTF
from sahel_facts.model.walk import _date_plan, _plan, dates, reference_targets, references
from tests.strategies import trees


def _quick(record) -> Counter[str]:
    found: list[str] = []
    reference_targets(record, found)
    return Counter(found)


def _full(record) -> Counter[str]:
    return Counter(target for _, target, _ in references(record))


def test_the_repository_s_records_give_the_same_targets_both_ways(repository):
    for entry in repository.corpus.entries:
        assert _quick(entry.record) == _full(entry.record), entry.path


@given(trees())
def test_generated_records_give_the_same_targets_both_ways(tree):
    for record in tree.records:
        assert _quick(record) == _full(record)


def test_targets_come_from_fields_tuples_and_nested_models_and_an_absent_reference_is_skipped():
    withdrawal = Withdrawal.model_validate(
        {
            "id": "claim:leave",
            "kind": "withdrawal",
            "summary": "French troops left.",
            "force": "org:french-armed-forces",
            "country": "country:MLI",
            "stage": "completed",
            "extent": "all",
            "date": "2022-04-19",
            "supersedes": ["claim:a", "claim:b"],
            "evidence": [{"source": "source:s1", "locator": "p. 1", "claimant": "org:french-armed-forces"}],
        }
    )
    assert withdrawal.facility is None
    expected = ["org:french-armed-forces", "country:MLI", "claim:a", "claim:b", "source:s1"]
    assert _quick(withdrawal) == _full(withdrawal) == Counter(expected)


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
