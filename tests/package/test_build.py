"""sahel-facts build: a valid Data Package v2, reproducible to the byte, never half-written."""

from __future__ import annotations

import csv
import fcntl
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
import threading
import time
import zipfile
from pathlib import Path

import pytest

from sahel_facts import SahelFactsError, __version__
from sahel_facts.package import integrity
from sahel_facts.package.build import BuildError, build
from sahel_facts.package.tables import records
from tests.conftest import MINIMAL, REPO, write_tree


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


@pytest.mark.parametrize(
    ("dates", "created"),
    [
        ("published: 2024-05-03/2024-05-06", "2024-05-03T00:00:00Z"),
        ("published: 2024-05-03/2024-05-06\naccessed: 2024-06-02", "2024-06-02T00:00:00Z"),
        ("published: 2024-05~", "2024-04-01T00:00:00Z"),
        ("published: ../2024-02", "2024-02-29T00:00:00Z"),
        ("published: unknown", "1980-01-01T00:00:00Z"),
    ],
)
def test_created_is_the_newest_day_of_the_sources_without_source_date_epoch(make_tree, monkeypatch, dates, created):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    source = textwrap.dedent(MINIMAL["facts/sources/test-source.yaml"]).replace(
        "published: 2024-05-03/2024-05-06", dates
    )
    root = make_tree({"facts/sources/test-source.yaml": source})
    built = build(root, root / "dist")
    assert json.loads((built.folder / "datapackage.json").read_text())["created"] == created


def test_a_build_is_the_same_bytes_whenever_and_wherever_it_runs(make_tree, tmp_path_factory, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    root = make_tree()
    first = build(root, tmp_path_factory.mktemp("first")).zip.read_bytes()
    for path in root.rglob("*"):
        os.utime(path, (0, 0))
    assert build(root, tmp_path_factory.mktemp("second")).zip.read_bytes() == first


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git to make the hostile checkout")
def test_build_runs_no_program_of_the_trees_git_configuration(make_tree, tmp_path_factory, monkeypatch):
    """A tree with its own .git, whose config verifies signatures with a program of its choosing."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    root = make_tree()
    marker = tmp_path_factory.mktemp("evidence") / "ran"
    program = root / "verify.sh"
    program.write_text(f"#!/bin/sh\ntouch {marker}\n")
    program.chmod(0o755)
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}

    def git(*args: str, stdin: str | None = None) -> str:
        done = subprocess.run(["git", "-C", str(root), *args], input=stdin, capture_output=True, text=True, env=env)
        assert done.returncode == 0, done.stderr
        return done.stdout.strip()

    git("init", "-q")
    git("add", "facts")
    tree = git("write-tree")
    signed = (
        f"tree {tree}\nauthor A <a@example.org> 1717200000 +0000\ncommitter A <a@example.org> 1717200000 +0000\n"
        "gpgsig -----BEGIN PGP SIGNATURE-----\n \n iQEzBAABCAAdFiEE\n -----END PGP SIGNATURE-----\n\nsigned\n"
    )
    commit = git("hash-object", "-t", "commit", "-w", "--stdin", stdin=signed)
    git("update-ref", "HEAD", commit)
    git("config", "log.showSignature", "true")
    git("config", "gpg.program", str(program))
    build(root, tmp_path_factory.mktemp("out"))
    assert not marker.exists(), "build ran a program named by the tree's git configuration"


@pytest.mark.parametrize("epoch", ["", "soon", "-1", "1e9", "99999999999999"])
def test_a_source_date_epoch_that_is_not_a_time_is_refused(make_tree, tmp_path, monkeypatch, epoch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    with pytest.raises(BuildError, match="SOURCE_DATE_EPOCH"):
        build(make_tree(), tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_a_date_past_what_zip_can_hold_still_builds(make_tree, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "5000000000")  # 2128
    built = build(make_tree(), tmp_path / "out")
    assert json.loads((built.folder / "datapackage.json").read_text())["created"] == "2128-06-11T08:53:20Z"
    with zipfile.ZipFile(built.zip) as archive:
        assert {i.date_time for i in archive.infolist()} == {(2107, 12, 31, 23, 59, 58)}


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


NAME = f"sahel-facts-{__version__}"
#: The lock file every build of an output folder takes (README, The data package).
LOCK = ".sahel-facts-build.lock"


def _tree(folder: Path, name: str = "Test Force") -> Path:
    """A minimal tree in ``folder``, its organisation called ``name`` (so that two trees build differently)."""
    org = "facts/organisations/test-force.yaml"
    return write_tree(folder, {**MINIMAL, org: MINIMAL[org].replace("Test Force", name)})


def _snapshot(folder: Path) -> dict[str, bytes | None]:
    """Every entry under ``folder`` by relative path: a file's bytes, None for a folder or link."""
    return {
        str(p.relative_to(folder)): (p.read_bytes() if p.is_file() and not p.is_symlink() else None)
        for p in sorted(folder.rglob("*"))
    }


def _published_set(out: Path) -> bytes:
    """The zip of the set in ``out``, after checking that folder, zip and .sha256 agree and no stage is left."""
    zipped = (out / f"{NAME}.zip").read_bytes()
    assert (out / f"{NAME}.zip.sha256").read_text() == f"{hashlib.sha256(zipped).hexdigest()}  {NAME}.zip\n"
    with zipfile.ZipFile(io.BytesIO(zipped)) as archive:
        inside = {i.filename: archive.read(i) for i in archive.infolist()}
    assert inside == {p.name: p.read_bytes() for p in (out / NAME).iterdir()}
    assert not list(out.glob(".building-*"))
    return zipped


@pytest.mark.parametrize("default", [True, False], ids=["default-out", "--out"])
def test_a_committed_dist_symlink_is_refused(tmp_path_factory, default):
    root = _tree(tmp_path_factory.mktemp("tree"))
    victim = tmp_path_factory.mktemp("victim")
    (victim / NAME).mkdir()
    (victim / NAME / "keep.txt").write_text("precious")
    (root / "dist").symlink_to(victim)
    before = _snapshot(victim)
    done = subprocess.run(
        [sys.executable, "-m", "sahel_facts", "build", str(root), *([] if default else ["--out", str(root / "dist")])],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "SOURCE_DATE_EPOCH": "1717200000"},
    )
    assert done.returncode == 2, done.stderr
    assert f"{root / 'dist'} is a symbolic link" in done.stderr and "Traceback" not in done.stderr
    assert _snapshot(victim) == before


def test_a_symlinked_folder_on_the_way_to_the_output_is_refused(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1717200000")
    root = _tree(tmp_path_factory.mktemp("tree"))
    victim = tmp_path_factory.mktemp("victim")
    (root / "build").symlink_to(victim)
    with pytest.raises(SahelFactsError, match=f"{re.escape(str(root / 'build'))} is a symbolic link"):
        build(root, root / "build" / "dist")
    assert _snapshot(victim) == {}


@pytest.mark.parametrize(
    "item", [NAME, f"{NAME}.zip", f"{NAME}.zip.sha256", f"{NAME}-parquet", LOCK, ".sahel-facts-stages.lock"]
)
@pytest.mark.parametrize("dangling", [False, True], ids=["to-a-victim", "dangling"])
def test_a_symlink_inside_the_output_folder_is_refused(tmp_path_factory, monkeypatch, item, dangling):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1717200000")
    root = _tree(tmp_path_factory.mktemp("tree"))
    out = tmp_path_factory.mktemp("out")
    victim = tmp_path_factory.mktemp("victim")
    if item in (NAME, f"{NAME}-parquet"):
        (victim / "keep").mkdir()
        (victim / "keep" / "keep.txt").write_text("precious")
    else:
        (victim / "keep").write_text("precious")
    (out / item).symlink_to(victim / ("gone" if dangling else "keep"))
    before = _snapshot(victim)
    with pytest.raises(SahelFactsError, match=f"{re.escape(str(out / item))} is a symbolic link"):
        build(root, out)
    assert _snapshot(victim) == before
    assert (out / item).is_symlink() and not list(out.glob(".building-*"))


def test_links_inside_an_earlier_package_folder_are_removed_not_followed(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1717200000")
    root = _tree(tmp_path_factory.mktemp("tree"))
    out = tmp_path_factory.mktemp("out")
    victim = tmp_path_factory.mktemp("victim")
    (victim / "file").write_text("precious")
    (victim / "folder").mkdir()
    (victim / "folder" / "keep.txt").write_text("precious")
    (out / NAME).mkdir()
    (out / NAME / "records.json").symlink_to(victim / "file")
    (out / NAME / "folder").symlink_to(victim / "folder")
    (out / ".building-planted").symlink_to(victim / "folder")
    before = _snapshot(victim)
    build(root, out)
    assert _snapshot(victim) == before
    assert (out / ".building-planted").is_symlink()
    (out / ".building-planted").unlink()
    _published_set(out)


def test_something_else_where_the_package_goes_is_refused(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1717200000")
    root = _tree(tmp_path_factory.mktemp("tree"))
    out = tmp_path_factory.mktemp("out")
    (out / f"{NAME}.zip").mkdir()
    (out / f"{NAME}.zip" / "keep.txt").write_text("precious")
    with pytest.raises(SahelFactsError, match=f"{re.escape(str(out / NAME))}.zip is not a file"):
        build(root, out)
    assert (out / f"{NAME}.zip" / "keep.txt").read_text() == "precious" and not (out / NAME).exists()
    (root / "dist").write_text("not a folder")
    with pytest.raises(SahelFactsError, match=f"{re.escape(str(root / 'dist'))} is not a folder"):
        build(root, root / "dist")


def test_concurrent_builds_all_succeed_and_leave_one_consistent_set(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1717200000")
    trees = [_tree(tmp_path_factory.mktemp("tree"), name) for name in ("Test Force", "Other Force")]
    expected = {build(tree, tmp_path_factory.mktemp("alone")).zip.read_bytes() for tree in trees}
    assert len(expected) == 2
    out = tmp_path_factory.mktemp("out")
    failures: list[BaseException] = []

    def run(tree: Path) -> None:
        try:
            build(tree, out)
        except BaseException as exc:
            failures.append(exc)

    for _ in range(3):
        threads = [threading.Thread(target=run, args=(tree,)) for tree in trees * 2]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=300)
        assert not failures and not any(t.is_alive() for t in threads)
        assert _published_set(out) in expected


def test_a_build_killed_before_it_swaps_in_leaves_the_previous_set(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1717200000")
    env = dict(os.environ)
    old, new = _tree(tmp_path_factory.mktemp("old")), _tree(tmp_path_factory.mktemp("new"), "Other Force")
    out = tmp_path_factory.mktemp("out")
    command = [sys.executable, "-m", "sahel_facts", "build"]
    assert subprocess.run([*command, str(old), "--out", str(out)], env=env, timeout=300).returncode == 0
    previous = _snapshot(out)
    held = os.open(out / LOCK, os.O_RDWR | os.O_CREAT)
    fcntl.flock(held, fcntl.LOCK_EX)  # as another build swapping in its set would
    try:
        killed = subprocess.Popen([*command, str(new), "--out", str(out)], env=env)
        deadline = time.monotonic() + 300
        while not list(out.glob(f".building-*/{NAME}.zip.sha256")):  # staged in full, now waiting for the lock
            assert killed.poll() is None, "the build ended instead of waiting for the lock"
            assert time.monotonic() < deadline, "the build never staged its set"
            time.sleep(0.05)
        killed.kill()
        killed.wait(timeout=60)
    finally:
        os.close(held)
    assert {k: v for k, v in _snapshot(out).items() if not k.startswith(".building-")} == previous
    assert subprocess.run([*command, str(new), "--out", str(out)], env=env, timeout=300).returncode == 0
    assert _published_set(out) == build(new, tmp_path_factory.mktemp("alone")).zip.read_bytes()


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
