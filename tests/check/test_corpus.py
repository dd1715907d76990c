"""The corpus's shortcuts give what the plain Python they stand for gives."""

from __future__ import annotations

from sahel_facts.check.corpus import attribute, has_field

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
