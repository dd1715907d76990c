"""Hostile records: hidden characters and look-alike IDs give clear, located findings."""

from __future__ import annotations

import textwrap

import pytest

from sahel_facts.validate import validate
from tests.conftest import MINIMAL

ORG = "facts/organisations/test-force.yaml"


@pytest.mark.parametrize(
    ("name", "check", "says"),
    [
        ('"Test\\0Force"', "M203", "U+0000"),  # NUL, escaped in a double-quoted string
        ('"Test\\x1bForce"', "M203", "U+001B"),  # an escape character
        ('"Test\\u202eecroF"', "M203", "U+202E"),  # a right-to-left override
        ('"Test\\u2066Force"', "M203", "U+2066"),  # a bidi isolate
    ],
)
def test_hidden_characters_in_text(make_tree, name, check, says):
    text = MINIMAL[ORG].replace("name: Test Force", f"name: {name}")
    [finding] = validate(make_tree({ORG: text})).findings
    assert (finding.path, finding.line, finding.check) == (ORG, 4, check)
    assert says in finding.message


def test_a_raw_nul_byte_is_refused_by_the_reader(make_tree):
    raw = MINIMAL[ORG].replace("name: Test Force", "name: Test\0Force")
    [finding] = validate(make_tree({ORG: textwrap.dedent(raw).lstrip().encode()})).findings
    assert (finding.path, finding.line, finding.col, finding.check) == (ORG, 3, 11, "R102")


@pytest.mark.parametrize(
    "lookalike", ["org:test-f\u043erce", "org:test-force\u200b", "org:TEST-force", "org:test_force"]
)
def test_an_id_built_to_look_like_another(make_tree, lookalike):
    claim = "facts/claims/deployment/test-deployment.yaml"
    text = MINIMAL[claim].replace("force: org:test-force", f'force: "{lookalike}"')
    [finding] = validate(make_tree({claim: text})).findings
    assert (finding.line, finding.check) == (5, "M203")
    assert "not a valid ID" in finding.message


def test_names_may_hold_any_script(make_tree):
    text = MINIMAL[ORG].replace("name: Test Force", "name: Forces armées nigériennes — القوات")
    assert validate(make_tree({ORG: text})).findings == []
