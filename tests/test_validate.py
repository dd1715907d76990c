"""The whole pipeline on real and hostile trees."""

from __future__ import annotations

import os

import pytest

from sahel_facts.read.safe_yaml import MAX_DEPTH
from sahel_facts.validate import RootError, validate
from tests.conftest import HOSTILE


def test_the_repository_facts_are_valid(repository):
    result = repository
    assert result.findings == []
    families = {type(e.record).__name__ for e in result.corpus.entries}
    assert {"Country", "Organisation", "Person", "Place", "Facility", "Source"} <= families
    assert len(result.corpus.entries) == result.files


def test_every_finding_of_every_file_in_one_pass(make_tree):
    result = validate(
        make_tree(
            {
                "facts/countries/TCD.yaml": "id: country:TCD\nkind: country\nname: Chad\niso_alpha2: td\nextra: 1\n",
                "facts/countries/FRA.yaml": "a: 1\na: 2\n",
            }
        )
    )
    assert [(f.path, f.line, f.check) for f in result.findings] == [
        ("facts/countries/FRA.yaml", 3, "R103"),
        ("facts/countries/TCD.yaml", 5, "M203"),
        ("facts/countries/TCD.yaml", 6, "M201"),
    ]


def test_not_a_fact_tree_is_a_usage_error(tmp_path):
    with pytest.raises(RootError, match="no such folder"):
        validate(tmp_path / "missing")
    with pytest.raises(RootError, match="no facts/ folder"):
        validate(tmp_path)


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_files_are_located_findings(make_tree, name):
    raw, check = HOSTILE[name]
    folder = "places" if name == "nan-coordinates" else "countries"
    result = validate(make_tree({f"facts/{folder}/{name}.yaml": raw}))
    [finding] = [f for f in result.findings if f.path.endswith(f"{name}.yaml")]
    assert finding.check == check
    assert finding.line >= 1 and finding.col >= 1


def test_a_50_megabyte_file_is_not_read(make_tree):
    root = make_tree()
    with open(root / "facts/countries/BIG.yaml", "wb") as big:
        big.write(b"id: country:BIG\n")
        big.truncate(50 * 1024 * 1024)
    [finding] = validate(root).findings
    assert (finding.path, finding.check) == ("facts/countries/BIG.yaml", "R101")


def test_a_symlink_out_of_the_tree_is_not_followed(make_tree, tmp_path_factory):
    outside = tmp_path_factory.mktemp("elsewhere") / "passwd.yaml"
    outside.write_text("id: country:XXX\nkind: country\nname: X\niso_alpha2: XX\n")
    root = make_tree()
    os.symlink(outside, root / "facts/countries/XXX.yaml")
    result = validate(root)
    assert [(f.path, f.check) for f in result.findings] == [("facts/countries/XXX.yaml", "R110")]
    assert "country:XXX" not in result.corpus.by_id


def test_nesting_past_the_readers_limit_is_a_located_finding(tmp_path):
    (tmp_path / "facts/countries").mkdir(parents=True)
    deep = "a: " + "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1) + "\n"
    (tmp_path / "facts/countries/NER.yaml").write_text(deep, encoding="utf-8")
    [finding] = validate(tmp_path).findings
    assert (finding.path, finding.line, finding.check) == ("facts/countries/NER.yaml", 1, "R108")


def test_no_parse_is_kept_once_a_record_is_made(make_tree):
    """Entries keep where their file is, not its parse; a cross-record finding is still placed at its key."""
    from sahel_facts.read.places import FilePlaces
    from tests.conftest import line_of

    deployment = "facts/claims/deployment/test-deployment.yaml"
    root = make_tree()
    path = root / deployment
    path.write_text(path.read_text().replace("force: org:test-force", "force: org:missing"))
    result = validate(root)
    assert all(isinstance(entry.places, FilePlaces) for entry in result.corpus.entries)
    [finding] = result.findings
    assert (finding.path, finding.line, finding.col, finding.check) == (deployment, line_of(path, "force:"), 1, "X303")
