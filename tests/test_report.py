"""Output formats: text lines, JSON, and GitHub annotations with the step summary."""

from __future__ import annotations

import io
import json
import os

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


#: A folder and a file named to forge report lines, and keys that would: newlines, a bidi override, a line separator.
FORGERIES = {
    "facts/countries/a\nfacts/x.yaml:1:1: R100 forged.yaml": b"id: country:NER\n",
    "facts/countries/b\n::error file=x.yaml::forged.yaml": b"id: country:NER\n",
    "facts/countries/FRA.yaml": b'"k\\nfacts/y.yaml:1:1: R100 forged": 1\n"k\\nfacts/y.yaml:1:1: R100 forged": 2\n',
    "facts/countries/BEL.yaml": b'"\\u202ek": 1\n"\\u202ek": 2\n',
    "facts/countries/DEU.yaml": b'"\\u2028k": 1\n"\\u2028k": 2\n',
}
_RAW = ("\n", "\r", "\u202e", "\u2028")


def _forged(make_tree):
    result = validate(make_tree(FORGERIES))
    assert len(result.findings) == 5
    return result


def _utf8_stream():
    """A strict UTF-8 text stream, like a CI log written to a file."""
    return io.TextIOWrapper(io.BytesIO(), encoding="utf-8", newline="")


def _written(stream) -> str:
    stream.flush()
    return stream.buffer.getvalue().decode("utf-8")


def test_a_name_or_key_cannot_forge_a_line_of_text(make_tree):
    result = _forged(make_tree)
    out = _utf8_stream()
    write_text(result, out)
    lines = _written(out).split("\n")
    assert lines.pop() == ""
    assert len(lines) == len(result.findings) + 1
    assert not any(line.startswith(("facts/x.yaml", "facts/y.yaml", "::")) for line in lines)
    assert "facts/countries/a\\nfacts:1:1: R113" in _written(out)  # the folder, its file not read
    assert "facts/countries/b\\n::error file=x.yaml::forged.yaml:1:1: R113" in _written(out)
    assert not any(raw in "".join(lines) for raw in _RAW[2:])
    assert "\\u202ek" in _written(out) and "\\u2028k" in _written(out)


def test_a_name_or_key_cannot_forge_an_annotation(make_tree, tmp_path_factory, monkeypatch):
    summary = tmp_path_factory.mktemp("summary") / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    result = _forged(make_tree)
    out = _utf8_stream()
    write_github(result, out)
    lines = _written(out).splitlines()
    assert len(lines) == len(result.findings) + 1
    assert all(line.startswith("::error file=facts/countries/") for line in lines[:-1])
    assert not any(raw in _written(out) for raw in _RAW[2:])
    rows = summary.read_text(encoding="utf-8").splitlines()
    assert len([row for row in rows if row.startswith("| facts/")]) == len(result.findings)


def test_json_escapes_what_is_invisible_and_decodes_to_the_very_name(make_tree):
    result = _forged(make_tree)
    out = _utf8_stream()
    write_json(result, out)
    text = _written(out)
    assert not any(raw in text for raw in _RAW[2:])
    assert "\\u202e" in text
    paths = [f["path"] for f in json.loads(text)["findings"]]
    assert "facts/countries/a\nfacts" in paths


def test_a_name_that_is_not_utf8_is_printed_in_every_format(make_tree, tmp_path_factory, monkeypatch):
    summary = tmp_path_factory.mktemp("summary") / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    root = make_tree()
    with open(os.fsencode(root / "facts/countries") + b"/N\xe9R.yaml", "wb") as out:
        out.write(b"id: country:NER\n")
    result = validate(root)
    for write in (write_text, write_json, write_github):
        stream = _utf8_stream()
        write(result, stream)
        assert "facts/countries/N\\xe9R.yaml" in _written(stream).replace("\\\\", "\\")
    assert "N\\xe9R.yaml" in summary.read_text(encoding="utf-8")
