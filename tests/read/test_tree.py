"""Walking facts/: regular files only, nothing outside ROOT."""

from __future__ import annotations

import os

from sahel_facts.findings import Finding
from sahel_facts.read.tree import RecordFile, walk


def test_walk_reads_yaml_files_in_order(make_tree):
    root = make_tree()
    found = list(walk(root))
    assert all(isinstance(item, RecordFile) for item in found)
    assert [f.path for f in found] == sorted(f.path for f in found)
    assert "facts/countries/NER.yaml" in [f.path for f in found]


def test_symlinks_are_findings_not_followed(make_tree, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside") / "secret.yaml"
    outside.write_text("id: country:XXX\n")
    root = make_tree()
    os.symlink(outside, root / "facts/countries/XXX.yaml")
    os.symlink(outside.parent, root / "facts/linked-dir")
    findings = [item for item in walk(root) if isinstance(item, Finding)]
    assert {(f.path, f.check) for f in findings} == {
        ("facts/countries/XXX.yaml", "R110"),
        ("facts/linked-dir", "R110"),
    }


def test_yml_suffix_and_oversized_files(make_tree):
    root = make_tree({"facts/countries/FRA.yml": "id: country:FRA\n"})
    with open(root / "facts/countries/BIG.yaml", "wb") as big:
        big.truncate(50 * 1024 * 1024)
    findings = {f.path: f for f in walk(root) if isinstance(f, Finding)}
    assert findings["facts/countries/FRA.yml"].check == "R111"
    assert findings["facts/countries/BIG.yaml"].check == "R101"
    assert "52,428,800 bytes" in findings["facts/countries/BIG.yaml"].message
