"""Output formats: text lines, JSON, and GitHub annotations with the step summary."""

from __future__ import annotations

import io
import json

from sahel_facts.findings import Finding
from sahel_facts.report import GITHUB_ANNOTATIONS, most_useful, write_github, write_json, write_text
from sahel_facts.validate import validate


def broken_tree(make_tree, count: int):
    files = {f"facts/countries/C{i:02d}.yaml": "a: 1\na: 2\n" for i in range(count)}
    return validate(make_tree(files))


def test_text_is_one_finding_a_line_and_a_count(make_tree):
    out = io.StringIO()
    write_text(broken_tree(make_tree, 2), out)
    lines = out.getvalue().splitlines()
    assert lines[0] == (
        "facts/countries/C00.yaml:3:1: R103 duplicate key 'a' (first at line 2) "
        "(hint: each key may appear once in a mapping)"
    )
    assert lines[-1] == "2 findings in 2 files (6 record files read)."


def test_json_carries_every_finding(make_tree):
    out = io.StringIO()
    write_json(broken_tree(make_tree, 3), out)
    document = json.loads(out.getvalue())
    assert document["ok"] is False
    assert len(document["findings"]) == 3
    assert document["findings"][0]["check_name"] == "duplicate-key"


def test_github_prints_ten_annotations_and_summarises_all(make_tree, tmp_path, monkeypatch):
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    out = io.StringIO()
    write_github(broken_tree(make_tree, 12), out)
    annotations = [line for line in out.getvalue().splitlines() if line.startswith("::error ")]
    assert len(annotations) == GITHUB_ANNOTATIONS
    assert annotations[0] == (
        "::error file=facts/countries/C00.yaml,line=3,col=1,title=R103::"
        "duplicate key 'a' (first at line 2) (hint: each key may appear once in a mapping)"
    )
    assert "2 more in the step summary" in out.getvalue()
    table = summary.read_text()
    assert table.count("| facts/countries/C") == 12


def test_github_escapes_what_would_break_a_command():
    finding = Finding("a,b:c.yaml", 1, 1, "X301", "50% off\nnext line")
    from sahel_facts import report

    assert report._escape_property(finding.path) == "a%2Cb%3Ac.yaml"
    assert report._escape_data(finding.message) == "50%25 off%0Anext line"


def test_most_useful_spreads_over_files():
    findings = [Finding("a", i, 1, "X301", "m") for i in range(1, 20)] + [Finding("b", 1, 1, "X301", "m")]
    chosen = most_useful(findings, 3)
    assert [f.path for f in chosen] == ["a", "b", "a"]
