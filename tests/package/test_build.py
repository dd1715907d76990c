"""sahel-facts build: a valid Data Package v2, reproducible to the byte, never half-written."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from sahel_facts import __version__
from sahel_facts.package import integrity
from sahel_facts.package.build import BuildError, build, created_time
from sahel_facts.package.tables import records
from tests.conftest import REPO


def test_layout_and_descriptor(built_package):
    folder = built_package.with_suffix("")
    assert folder.name == f"sahel-facts-{__version__}"
    described = json.loads((folder / "datapackage.json").read_text())
    assert described["$schema"] == "https://datapackage.org/profiles/2.0/datapackage.json"
    assert (described["name"], described["version"]) == ("sahel-facts", __version__)
    assert {"id", "created", "licenses", "sources", "contributors"} <= set(described)
    assert built_package.with_name(built_package.name + ".sha256").read_text().split() == [
        __import__("hashlib").sha256(built_package.read_bytes()).hexdigest(),
        built_package.name,
    ]
    evidence = next(r for r in described["resources"] if r["name"] == "evidence")
    assert evidence["schema"]["primaryKey"] == ["claim_id", "index"]
    assert {"fields": ["source"], "reference": {"resource": "sources", "fields": ["id"]}} in evidence["schema"][
        "foreignKeys"
    ]


def test_frictionless_validate_reports_no_errors(built_package):
    descriptor = built_package.with_suffix("") / "datapackage.json"
    done = subprocess.run(
        [str(Path(sys.executable).with_name("frictionless")), "validate", "--json", str(descriptor)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    report = json.loads(done.stdout)
    assert report["valid"], json.dumps(report["tasks"], indent=1)[:3000]
    assert done.returncode == 0


def test_two_builds_are_byte_identical(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1717200000")
    first, second = build(REPO, tmp_path / "a"), build(REPO, tmp_path / "b")
    assert first.zip.read_bytes() == second.zip.read_bytes()
    for path in sorted(first.folder.iterdir()):
        assert path.read_bytes() == (second.folder / path.name).read_bytes(), path.name
    assert json.loads((first.folder / "datapackage.json").read_text())["created"] == "2024-06-01T00:00:00Z"
    with zipfile.ZipFile(first.zip) as archive:
        assert {i.date_time for i in archive.infolist()} == {(2024, 6, 1, 0, 0, 0)}


def test_created_comes_from_the_last_commit_of_the_data_without_source_date_epoch(monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    stamp = subprocess.run(
        ["git", "-C", str(REPO), "log", "-1", "--format=%ct", "--", "facts", "sources"], capture_output=True, text=True
    )
    if stamp.returncode != 0:
        pytest.skip("not a git checkout")
    assert int(created_time(REPO).timestamp()) == int(stamp.stdout)


def test_no_date_no_build(tmp_path, monkeypatch, make_tree):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    with pytest.raises(BuildError, match="SOURCE_DATE_EPOCH"):
        build(make_tree(), tmp_path / "out")


def test_a_failed_build_leaves_the_previous_output_untouched(tmp_path, monkeypatch, dataset):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1717200000")
    root = dataset()
    out = tmp_path / "out"
    good = build(root, out)
    before = {p: p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}
    broken = root / "facts/countries/TCD.yaml"
    broken.write_text(broken.read_text().replace("iso_alpha2: TD", "iso_alpha2: td"))
    with pytest.raises(BuildError) as caught:
        build(root, out)
    assert [f.check for f in caught.value.findings] == ["M203"]
    after = {p: p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}
    assert after == before and good.zip.exists()


def test_every_table_reads_back_to_every_record(built_package, repository):
    folder = built_package.with_suffix("")
    described = json.loads((folder / "datapackage.json").read_text())
    rows = {
        r["name"]: list(csv.DictReader(io.StringIO((folder / r["path"]).read_text(), newline="")))
        for r in described["resources"]
        if r.get("type") == "table"
    }

    original = {e.record.id: e.record for e in repository.corpus.entries}
    assert {r.id: r for r in records(rows)} == original


def test_integrity_finds_what_frictionless_does_not():
    descriptor = {
        "resources": [
            {
                "path": "t.csv",
                "schema": {
                    "fields": [{"name": "kind", "categories": ["a", "b"]}, {"name": "code"}],
                    "uniqueKeys": [["code"]],
                },
            }
        ]
    }
    table = b"kind,code\r\na,X\r\nc,Y\r\nb,X\r\nb,\r\nb,\r\n"
    assert list(integrity.problems(descriptor, {"t.csv": table}.__getitem__)) == [
        "t.csv:3: kind 'c' is not one of its categories",
        "t.csv:4: ['code'] repeats row 2",
    ]


def test_the_built_package_keeps_its_categories_and_unique_keys(built_package):
    folder = built_package.with_suffix("")
    described = json.loads((folder / "datapackage.json").read_text())
    assert any("uniqueKeys" in r.get("schema", {}) for r in described["resources"])
    assert list(integrity.problems(described, lambda p: (folder / p).read_bytes())) == []


def test_build_command(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1717200000")
    done = subprocess.run(
        [sys.executable, "-m", "sahel_facts", "build", str(REPO), "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / f"sahel-facts-{__version__}.zip").is_file()
    assert "sha256" in done.stdout
