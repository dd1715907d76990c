"""X301 duplicate IDs and X302 file locations: each catches a bad tree and passes a good one."""

from __future__ import annotations

from sahel_facts.validate import validate
from tests.conftest import MINIMAL


def codes(result):
    return [(f.path, f.line, f.check) for f in result.findings]


def test_the_minimal_tree_passes(make_tree):
    assert validate(make_tree()).findings == []


def test_duplicate_id_names_both_files(make_tree):
    copy = MINIMAL["facts/countries/NER.yaml"]
    result = validate(make_tree({"facts/countries/NIG.yaml": copy}))
    duplicate = [f for f in result.findings if f.check == "X301"]
    assert len(duplicate) == 1
    assert duplicate[0].path == "facts/countries/NIG.yaml"
    assert "facts/countries/NER.yaml" in duplicate[0].message


def test_file_named_after_another_slug(make_tree):
    result = validate(
        make_tree(
            {
                "facts/countries/NIG.yaml": MINIMAL["facts/countries/NER.yaml"]
                .replace("NER", "NIG")
                .replace("id: country:NIG", "id: country:TCD")
            }
        )
    )
    assert ("facts/countries/NIG.yaml", 1, "X302") in codes(result)
    [f] = [f for f in result.findings if f.check == "X302"]
    assert f.hint == "git mv facts/countries/NIG.yaml facts/countries/TCD.yaml"


def test_claim_in_another_kinds_folder(make_tree):
    claim = MINIMAL["facts/claims/deployment/test-deployment.yaml"]
    result = validate(
        make_tree(
            {
                "facts/claims/deployment/test-deployment.yaml": None,
                "facts/claims/withdrawal/test-deployment.yaml": claim,
            }
        )
    )
    assert codes(result) == [("facts/claims/withdrawal/test-deployment.yaml", 1, "X302")]
