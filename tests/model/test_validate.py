"""From a parsed file to a record, or to findings written for the person editing it."""

from __future__ import annotations

import pytest

from sahel_facts.findings import Finding
from sahel_facts.model.claims import Deployment
from sahel_facts.model.validate import to_record
from sahel_facts.read.safe_yaml import read_bytes

CLAIM = "facts/claims/deployment/x.yaml"
GOOD = """\
id: claim:x
kind: deployment
summary: A force was deployed.
force: org:a
country: country:NER
evidence:
  - source: source:s
    claimant: the source
"""


def findings(text: str, path: str = CLAIM) -> list[Finding]:
    result = to_record(path, read_bytes(text.encode()))
    assert isinstance(result, list), result
    return result


def test_a_good_record_is_typed_and_frozen():
    record = to_record(CLAIM, read_bytes(GOOD.encode()))
    assert isinstance(record, Deployment)
    assert record.rank == "normal" and record.status == "active"
    with pytest.raises(AttributeError):  # frozen all the way down: its lists are tuples
        record.evidence.append(record.evidence[0])  # type: ignore[attr-defined]
    with pytest.raises(ValueError, match="frozen"):
        record.summary = "changed"  # type: ignore[misc]
    assert hash(record) == hash(to_record(CLAIM, read_bytes(GOOD.encode())))


def test_unknown_field_with_a_suggestion():
    unknown, missing = sorted(findings(GOOD.replace("summary:", "sumary:")), key=lambda f: f.check)
    assert (unknown.line, unknown.col, unknown.check) == (3, 1, "M201")
    assert unknown.hint == "did you mean 'summary'?"
    assert (missing.line, missing.check, missing.message) == (1, "M202", "missing required field 'summary'")


def test_every_error_of_a_record_is_reported_at_its_key():
    text = GOOD.replace("country: country:NER", "country: NER").replace("claimant: the source", "claimnt: x")
    text += "date: 2024-02-30\nvalid: 2024-06/2024-05\n"
    got = {(f.line, f.col, f.check) for f in findings(text)}
    assert got == {
        (5, 1, "M203"),  # country is not an ID
        (8, 5, "M201"),  # unknown claimnt
        (7, 5, "M202"),  # claimant missing: placed at the evidence item
        (9, 1, "M204"),  # not a calendar date
        (10, 1, "M205"),  # interval ends before it starts
    }


def test_reference_messages_name_the_expected_form():
    [f] = findings(GOOD.replace("force: org:a", "force: country:NER"))
    assert f.message == "force: 'country:NER' is not a valid ID here (expected org:some-slug)"
    assert f.check == "M203"


def test_unknown_kind_lists_the_kinds():
    [f] = findings(GOOD.replace("kind: deployment", "kind: deploy"))
    assert (f.line, f.check) == (2, "M206")
    assert "deployment" in f.hint and "withdrawal" in f.hint


def test_record_level_rules_point_at_the_field_they_name():
    [f] = findings(GOOD + "rank: preferred\n")
    assert (f.line, f.check) == (9, "M203")
    assert "rank_reason" in f.message


def test_a_file_outside_the_known_folders():
    [f] = findings(GOOD, "facts/misc/x.yaml")
    assert f.check == "X302"


@pytest.mark.parametrize(("nan", "says"), [(".nan", "valid number"), ("nan", "finite number"), ("NaN", "finite")])
def test_nan_coordinates_are_refused_at_the_key(nan, says):
    text = f"""\
id: place:x
kind: place
name: X
category: city
country: country:NER
coordinates:
  lat: {nan}
  lon: 2
  precision: city
  source: source:s
"""
    [f] = findings(text, "facts/places/x.yaml")
    assert (f.line, f.col, f.check) == (7, 3, "M203")
    assert says in f.message


def test_an_empty_required_field_says_so():
    [f] = findings(GOOD.replace("summary: A force was deployed.", "summary:"))
    assert (f.line, f.check, f.message) == (3, "M203", "'summary' is empty")


SOURCE = """\
id: source:s
kind: news_article
title: A title
publisher: unknown
authors: unknown
url: unknown
published: 2024-05-03
language: en
"""


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        # a field that takes a value or "unknown": only the value's errors, once each, at their keys
        (("authors: unknown", 'authors: [""]'), {(5, 11, "M203", "authors.0: text is empty", None)}),
        (
            ("authors: unknown", "authors: 7"),
            {(5, 1, "M203", "authors: expected a list, not '7'", "or 'unknown', when the sources do not say")},
        ),
        (
            ("url: unknown", "url: not a url"),
            {
                (
                    6,
                    1,
                    "M203",
                    "url: 'not a url' is not a web address (http:// or https://, no spaces)",
                    "or 'unknown', when the sources do not say",
                )
            },
        ),
        (
            ("language: en", "language: English"),
            {(8, 1, "M203", "language: 'English' is not a BCP 47 language tag (en, fr, en-GB)", None)},
        ),
    ],
)
def test_a_value_of_the_wrong_form_is_told_in_words_once(change, expected):
    got = findings(SOURCE.replace(*change), "facts/sources/s.yaml")
    assert {(f.line, f.col, f.check, f.message, f.hint) for f in got} == expected


def test_a_vague_count_without_its_text_is_located_not_a_crash():
    text = GOOD.replace("kind: deployment", "kind: troop_count") + "as_of: 2024-05\ncount:\n  qualifier: vague\n"
    got = findings(text, "facts/claims/troop_count/x.yaml")
    assert {(f.line, f.col, f.check, f.message) for f in got} == {
        (10, 1, "M202", "missing required field 'count.text'"),
        (10, 1, "M202", "missing required field 'count.unit'"),
    }
