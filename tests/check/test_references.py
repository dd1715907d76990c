"""X303: every reference resolves, including claimants written as IDs."""

from __future__ import annotations

from sahel_facts.validate import validate
from tests.conftest import MINIMAL, line_of

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
