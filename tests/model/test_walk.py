"""Walking a record for what it refers to and what dates it holds."""

from __future__ import annotations

from sahel_facts.model.walk import contents, dates, references


def test_one_walk_finds_the_references_and_dates_two_walks_find(repository):
    """Every record of the repository: the same references and dates, in the same order, with the same places."""
    assert repository.corpus.entries
    for entry in repository.corpus.entries:
        found = contents(entry.record)
        assert found == (list(references(entry.record)), list(dates(entry.record))), entry.path
        assert [type(value) for _, value in found[1]] == [type(value) for _, value in dates(entry.record)]
