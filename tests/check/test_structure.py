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
    assert ("facts/countries/NIG.yaml", 2, "X302") in codes(result)
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
    assert codes(result) == [("facts/claims/withdrawal/test-deployment.yaml", 2, "X302")]


def test_schema_line_missing_or_wrong(make_tree):
    country = MINIMAL["facts/countries/NER.yaml"]
    wrong = "# yaml-language-server: $schema=../schema/entity.schema.json\n" + country
    result = validate(
        make_tree(
            {
                "facts/countries/NER.yaml": wrong,
                "facts/countries/TCD.yaml": (
                    country.replace("NER", "TCD").replace("Niger", "Chad").replace("NE", "TD")
                ).encode(),
            }
        )
    )
    assert codes(result) == [("facts/countries/NER.yaml", 1, "X304"), ("facts/countries/TCD.yaml", 1, "X304")]
    assert result.findings[0].hint == "make line 1: # yaml-language-server: $schema=../../schema/entity.schema.json"


def test_every_repository_file_points_at_its_schema():
    from sahel_facts.model.records import family_for_path, schema_line
    from tests.conftest import REPO

    files = sorted(REPO.glob("facts/**/*.yaml"))
    assert files
    for path in files:
        rel = path.relative_to(REPO).as_posix()
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == schema_line(rel, family_for_path(rel)), rel
        assert (REPO / rel).parent.joinpath(first.split("=", 1)[1]).resolve().is_file(), rel
