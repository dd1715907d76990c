"""X303: every reference resolves, including claimants written as IDs."""

from __future__ import annotations

import os

import pytest

from sahel_facts.validate import validate
from tests.conftest import MINIMAL, found, line_of

CLAIM = "facts/claims/deployment/test-deployment.yaml"


def test_missing_target_is_found_at_its_key(make_tree):
    text = MINIMAL[CLAIM].replace("force: org:test-force", "force: org:no-such-force")
    [f] = validate(make_tree({CLAIM: text})).findings
    assert (f.path, f.line, f.col, f.check) == (CLAIM, 5, 1, "X303")
    assert "org:no-such-force" in f.message and "organisation" in f.message


def test_nested_references_are_followed(make_tree):
    text = MINIMAL[CLAIM].replace("source: source:test-source", "source: source:gone")
    [f] = validate(make_tree({CLAIM: text})).findings
    assert (f.line, f.col, f.check) == (9, 5, "X303")


def test_claimant_written_as_an_id_must_exist(make_tree):
    text = MINIMAL[CLAIM].replace("claimant: the source", "claimant: person:nobody")
    [f] = validate(make_tree({CLAIM: text})).findings
    assert (f.line, f.col, f.check) == (10, 5, "X303")
    ok = MINIMAL[CLAIM].replace("claimant: the source", "claimant: org:test-force")
    assert validate(make_tree({CLAIM: ok})).findings == []


def test_a_reference_in_the_real_dataset_to_a_missing_id(dataset):
    path = "facts/claims/deployment/russian-troops-air-base-101.yaml"
    root = dataset({path: ("force: org:russian-armed-forces", "force: org:no-such-force")})
    [f] = validate(root).findings
    assert (f.path, f.line, f.check) == (path, line_of(root / path, "force:"), "X303")
    assert "expected an organisation" in f.message


def test_a_reference_to_a_record_with_its_own_findings_is_not_reported_again(make_tree):
    country = MINIMAL["facts/countries/NER.yaml"].replace("iso_alpha2: NE", "iso_alpha2: ne")
    [f] = validate(make_tree({"facts/countries/NER.yaml": country})).findings
    assert (f.path, f.check) == ("facts/countries/NER.yaml", "M203")


ORG = "facts/organisations/test-force.yaml"


@pytest.mark.parametrize(
    "broken",
    [
        pytest.param(MINIMAL[ORG].replace("id: org:test-force", 'id: "org:test-force\\n"'), id="id-line-break"),
        pytest.param(MINIMAL[ORG].replace("id: org:test-force", "id: org:Test-Force"), id="id-malformed"),
        pytest.param(MINIMAL[ORG].replace("id: org:test-force", "id: 5"), id="id-not-text"),
        pytest.param(MINIMAL[ORG].replace("id: org:test-force\n", ""), id="id-missing"),
        pytest.param(
            MINIMAL[ORG].replace("id: org:test-force", "id: org:other-force").replace("armed_forces", "nope"),
            id="other-id-and-broken",
        ),
        pytest.param(MINIMAL[ORG].replace("kind: organisation", "kind: person"), id="wrong-kind"),
        pytest.param("- a list\n", id="not-a-mapping"),
        pytest.param(b"id: [unclosed\n", id="invalid-yaml"),
        pytest.param(b"x" * (1 << 20) + b"\n", id="too-large"),
    ],
)
def test_a_file_refused_on_its_own_leaves_no_dangling_reference_behind(make_tree, broken):
    findings = validate(make_tree({ORG: broken})).findings
    assert findings and {f.path for f in findings} == {ORG}, [str(f) for f in findings]


def test_a_refused_yml_file_or_link_leaves_no_dangling_reference_behind(make_tree, tmp_path):
    root = make_tree({ORG: None, ORG.replace(".yaml", ".yml"): MINIMAL[ORG]})
    assert [f.check for f in validate(root).findings] == ["R111"]
    (root / ORG.replace(".yaml", ".yml")).rename(tmp_path / "elsewhere.yaml")
    os.symlink(tmp_path / "elsewhere.yaml", root / ORG)
    assert [(f.path, f.check) for f in validate(root).findings] == [(ORG, "R110")]


def test_a_linked_folder_leaves_no_dangling_reference_into_it(make_tree, tmp_path):
    root = make_tree()
    folder = root / "facts/organisations"
    folder.rename(tmp_path / "organisations")
    os.symlink(tmp_path / "organisations", folder)
    assert [(f.path, f.check) for f in validate(root).findings] == [("facts/organisations", "R110")]


def test_a_reference_to_a_record_that_is_not_refused_is_still_reported(make_tree):
    # A broken organisation does not hide references to other organisations that do not exist.
    org = MINIMAL[ORG].replace("armed_forces", "nope")
    claim = MINIMAL[CLAIM].replace("force: org:test-force", "force: org:no-such-force")
    assert sorted(found(validate(make_tree({ORG: org, CLAIM: claim})))) == [(CLAIM, 5, "X303"), (ORG, 5, "M203")]


@pytest.mark.parametrize(
    ("claimant", "says", "hint"),
    [
        ("country:no-such", "looks like a country ID but is not one", "did you mean 'country:NER'?"),
        ("country:ner", "looks like a country ID but is not one", "did you mean 'country:NER'?"),
        ("Country:NER", "looks like a country ID but is not one", "did you mean 'country:NER'?"),
        ("org:test_force", "looks like an organisation ID but is not one", "did you mean 'org:test-force'?"),
        ("org:test-forc", "no such record exists", "did you mean 'org:test-force'?"),
        ("person:x", "no such record exists", "name an existing entity, or describe the claimant in words"),
    ],
)
def test_a_claimant_that_looks_like_an_id_must_resolve(make_tree, claimant, says, hint):
    text = MINIMAL[CLAIM].replace("claimant: the source", f"claimant: '{claimant}'")
    [f] = validate(make_tree({CLAIM: text})).findings
    assert (f.path, f.line, f.col, f.check) == (CLAIM, 10, 5, "X303")
    assert says in f.message and f.hint == hint


@pytest.mark.parametrize("claimant", ["officials in Niger", "org: the army", "the source", "countryside:x"])
def test_a_claimant_in_words_is_not_an_id(make_tree, claimant):
    text = MINIMAL[CLAIM].replace("claimant: the source", f"claimant: '{claimant}'")
    assert validate(make_tree({CLAIM: text})).findings == []


def test_a_missing_target_gets_the_closest_id_as_a_hint(make_tree):
    text = MINIMAL[CLAIM].replace("force: org:test-force", "force: org:tset-force")
    [f] = validate(make_tree({CLAIM: text})).findings
    assert f.check == "X303" and f.hint == "did you mean 'org:test-force'?"
