"""IDs: prefixes, slugs, and the reference types built on them."""

from __future__ import annotations

from typing import Annotated

import pytest
from pydantic import TypeAdapter, ValidationError

from sahel_facts.model.ids import ANY_ID, EntityRef, RefTo, split_id


@pytest.mark.parametrize("good", ["country:NER", "org:us-africom", "claim:a-1-b", "facility:air-base-101"])
def test_good_ids(good):
    assert ANY_ID.match(good)


@pytest.mark.parametrize(
    "bad",
    [
        "country:ner",
        "country:NIGER",
        "org:US-Africom",
        "org:-x",
        "org:x-",
        "org:a--b",
        "org:",
        "team:x",
        "org:x y",
        "org:\u0430frica",
        "org:a_b",
    ],
)
def test_bad_ids(bad):
    assert not ANY_ID.match(bad)


def test_a_reference_accepts_only_its_families():
    adapter = TypeAdapter(EntityRef)
    assert adapter.validate_python("place:niamey") == "place:niamey"
    with pytest.raises(ValidationError):
        adapter.validate_python("claim:x")
    with pytest.raises(ValidationError):
        TypeAdapter(Annotated[str, RefTo("org")]).validate_python("org:" + "a" * 100)


def test_a_malformed_reference_says_what_form_it_expects():
    with pytest.raises(ValidationError) as caught:
        TypeAdapter(Annotated[str, RefTo("org", "country")]).validate_python("Niger")
    [error] = caught.value.errors()
    assert error["type"] == "id_form"
    assert "not a valid ID here (expected org:some-slug or country:ISO)" in error["msg"]


def test_unknown_prefix_is_a_programming_error():
    with pytest.raises(ValueError, match="unknown ID prefixes"):
        RefTo("team")


def test_split_id():
    assert split_id("org:us-africom") == ("org", "us-africom")
