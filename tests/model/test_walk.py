"""Walking records: the quick walk of reference targets finds exactly what the full walk finds."""

from __future__ import annotations

from collections import Counter

from hypothesis import given

from sahel_facts.model.claims import Withdrawal
from sahel_facts.model.walk import reference_targets, references
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
