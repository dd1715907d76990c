"""Walking facts/: regular files only, nothing outside ROOT, nothing skipped silently, bounded."""

from __future__ import annotations

import os
import threading

import pytest

from sahel_facts.findings import Finding
from sahel_facts.read.tree import MAX_FOLDER_DEPTH, RecordFile, read_regular_file, walk
from sahel_facts.validate import validate


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


#: Files and folders under facts/ that are not records, each with the rule and the name its hint suggests.
NOT_RECORDS = {
    "x.YAML": ("R111", "x.yaml"),
    "x.Yaml": ("R111", "x.yaml"),
    "x.json": ("R111", "x.yaml"),
    "x.yaml.txt": ("R111", "x.yaml"),
    "x.yaml~": ("R111", "x.yaml"),
    "x.yml": ("R111", "x.yaml"),
    "README": ("R111", "move it out"),
    ".hidden.yaml": ("R113", "hidden.yaml"),
    ".DS_Store": ("R113", "DS_Store"),
    "x.yaml ": ("R113", "x.yaml"),
    " x.yaml": ("R113", "x.yaml"),
    "a\tb.yaml": ("R113", "rename it"),
    "\u202eb.yaml": ("R113", "rename it"),
    ".hidden-folder/x.yaml": ("R113", "hidden-folder"),
    "x.yaml /x.yaml": ("R113", "x.yaml"),
}


@pytest.mark.parametrize("name", sorted(NOT_RECORDS))
def test_nothing_under_facts_is_skipped_silently(make_tree, name):
    check, suggested = NOT_RECORDS[name]
    root = make_tree({f"facts/countries/{name}": b"id: country:NER\n"})
    [finding] = validate(root).findings
    assert (finding.path, finding.line, finding.col, finding.check) == (
        "facts/countries/" + name.split("/")[0],
        1,
        1,
        check,
    )
    assert suggested in finding.hint


def test_a_file_name_that_is_not_utf8_is_a_finding(make_tree):
    root = make_tree()
    os.mkdir(os.fsencode(root / "facts/countries") + b"/\xff-folder")
    for name in (b"/\xff\xfe.yaml", b"/\xff-folder/NER.yaml"):
        with open(os.fsencode(root / "facts/countries") + name, "wb") as out:
            out.write(b"id: country:NER\n")
    result = validate(root)
    assert [(f.path, f.check) for f in result.findings] == [
        ("facts/countries/\\xff-folder", "R113"),
        ("facts/countries/\\xff\\xfe.yaml", "R113"),
    ]
    assert all(f.path.encode("utf-8") for f in result.findings)  # no lone surrogate left to crash a writer


def _in_a_thread(function):
    """``function()``'s result, or a failure if it does not return within a generous bound (a guard, not a timing)."""
    box = []
    worker = threading.Thread(target=lambda: box.append(function()), daemon=True)
    worker.start()
    worker.join(60)
    assert box, "did not return: it hangs"
    return box[0]


@pytest.mark.parametrize("name", ["F.yaml", "F.json"])
def test_a_fifo_under_facts_is_a_finding_never_opened_for_reading(make_tree, name):
    root = make_tree()
    os.mkfifo(root / "facts/countries" / name)
    [finding] = _in_a_thread(lambda: validate(root).findings)
    assert (finding.path, finding.check) == (f"facts/countries/{name}", "R112" if name == "F.yaml" else "R111")


def test_folders_nested_past_python_recursion_are_one_finding(make_tree):
    root = make_tree()
    deep = str(root / "facts")
    for _ in range(1100):  # beyond Python's recursion limit, within the system's path length; made in a loop
        deep += "/a"  # (pathlib's and os.makedirs' parents=True recurse)
        os.mkdir(deep)
    with open(deep + "/x.yaml", "w") as out:
        out.write("id: country:NER\n")
    try:
        [finding] = validate(root).findings
    finally:  # removed in a loop too: shutil.rmtree, which cleans tmp_path, recurses
        os.remove(deep + "/x.yaml")
        while deep != str(root / "facts"):
            os.rmdir(deep)
            deep = os.path.dirname(deep)
    assert finding.check == "R114"
    assert finding.path == "facts" + "/a" * (MAX_FOLDER_DEPTH + 1)


def test_the_walk_stops_at_its_entry_cap_with_a_finding(make_tree):
    root = make_tree()
    everything = list(walk(root))
    assert all(isinstance(item, RecordFile) for item in everything)
    entries = sum(len(dirs) + len(files) for _, dirs, files in os.walk(root / "facts"))
    assert [type(i) for i in walk(root, max_entries=entries)] == [type(i) for i in everything]
    stopped = list(walk(root, max_entries=entries - 1))
    assert [(f.path, f.check) for f in stopped if isinstance(f, Finding)] == [("facts", "R114")]


def test_a_file_over_its_cap_is_an_oserror_every_reader_catches(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * 101)
    with pytest.raises(OSError, match="101 bytes, over the 100-byte limit"):
        read_regular_file(path, 100)
    assert read_regular_file(path, 101) == b"x" * 101


def test_an_oversized_source_snapshot_is_a_finding_not_a_crash(dataset):
    root = dataset()
    source = root / "facts/sources/russian-troops-deployed-to-niger-airbase.yaml"
    snapshot = root / "sources/russian-troops-deployed-to-niger-airbase.txt"
    assert snapshot.name in source.read_text()
    with open(snapshot, "r+b") as grown:
        grown.truncate(40 << 20)
    [finding] = validate(root).findings
    assert (finding.path, finding.check) == ("facts/sources/russian-troops-deployed-to-niger-airbase.yaml", "E402")
    assert "over the 33,554,432-byte limit" in finding.message


def test_read_beneath_reads_through_folders_and_refuses_a_link_at_any_depth(tmp_path):
    from sahel_facts.read.tree import read_beneath

    (tmp_path / "facts/claims/kind").mkdir(parents=True)
    (tmp_path / "facts/claims/kind/a.yaml").write_bytes(b"id: x\n")
    assert read_beneath(tmp_path, "facts/claims/kind/a.yaml") == b"id: x\n"
    os.symlink(tmp_path / "facts/claims", tmp_path / "facts/linked")
    os.symlink(tmp_path / "facts/claims/kind/a.yaml", tmp_path / "facts/claims/kind/b.yaml")
    for through in ("facts/linked/kind/a.yaml", "facts/claims/kind/b.yaml"):
        with pytest.raises(OSError):
            read_beneath(tmp_path, through)
    with pytest.raises(OSError):
        read_beneath(tmp_path, "facts/claims/kind/missing.yaml")
