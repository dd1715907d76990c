"""The corpus's shortcuts give what the plain Python they stand for gives."""

from __future__ import annotations

from sahel_facts.check.corpus import Corpus, attribute, has_field
from sahel_facts.model.base import RecordBase
from sahel_facts.model.claims import ClaimBase

NAMES = ("valid", "country", "coordinates", "evidence", "parent", "when", "kind", "id", "nothing_of_the_sort", "_x")


def test_attribute_is_getattr_with_none(repository):
    for entry in repository.corpus.entries:
        for name in NAMES:
            assert attribute(entry.record, name) == getattr(entry.record, name, None), (entry.path, name)
    assert attribute(None, "valid") is None


def test_has_field_is_model_fields(repository):
    for entry in repository.corpus.entries:
        for name in NAMES:
            assert has_field(type(entry.record), name) == (name in type(entry.record).model_fields)
    assert not has_field(str, "valid")


def test_of_lists_what_the_corpus_holds_when_asked(repository, tmp_path):
    """Asked before any record is added, and again after: each time, the entries of the model, in file order."""

    corpus = Corpus(tmp_path)
    assert list(corpus.of(ClaimBase)) == []
    for entry in repository.corpus.entries:
        corpus.add(entry)
    claims = [(e, e.record) for e in repository.corpus.entries if isinstance(e.record, ClaimBase)]
    assert claims and list(corpus.of(ClaimBase)) == claims
    assert [e for e, _ in corpus.of(RecordBase)] == repository.corpus.entries
