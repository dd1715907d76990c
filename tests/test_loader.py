"""Loading: every form of input gives the same fact base; hostile packages give a clear LoadError."""

from __future__ import annotations

import json
import shutil
import zipfile

import pytest

import sahel_facts
from sahel_facts import load
from sahel_facts.loader import LoadError
from tests.conftest import REPO


def test_every_form_gives_the_same_records(built_package, repository):
    folder = built_package.with_suffix("")
    expected = tuple(sorted((e.record for e in repository.corpus.entries), key=lambda r: r.id))
    for source in (built_package, folder, folder / "datapackage.json", REPO, REPO / "facts"):
        assert load(source).records == expected, source


def test_the_bundled_package_is_the_repository(built_package):
    bundled = sahel_facts.load()
    assert bundled.version == sahel_facts.__version__
    assert bundled.records == load(built_package).records


def _copy(built_package, tmp_path):
    folder = shutil.copytree(built_package.with_suffix(""), tmp_path / "package")
    return folder, json.loads((folder / "datapackage.json").read_text())


def _records_resource(described):
    return next(r for r in described["resources"] if r["name"] == "records")


@pytest.mark.parametrize("path", ["../../etc/passwd", "/etc/passwd", "https://example.org/records.json", "a\\..\\b"])
def test_resource_paths_that_leave_the_package(built_package, tmp_path, path):
    folder, described = _copy(built_package, tmp_path)
    _records_resource(described)["path"] = path
    (folder / "datapackage.json").write_text(json.dumps(described))
    with pytest.raises(LoadError, match="leaves the package"):
        load(folder)


def test_tampered_records_fail_their_hash(built_package, tmp_path):
    folder, _ = _copy(built_package, tmp_path)
    records = folder / "records.json"
    records.write_bytes(records.read_bytes().replace(b"approximately 60", b"approximately 70"))
    with pytest.raises(LoadError, match="sha256"):
        load(folder)


def test_records_that_are_not_records(built_package, tmp_path):
    folder, described = _copy(built_package, tmp_path)
    data = b'{"name": "sahel-facts", "version": "0.1.0", "records": [{"id": "claim:x", "kind": "bogus"}]}'
    (folder / "records.json").write_bytes(data)
    resource = _records_resource(described)
    resource.pop("hash"), resource.pop("bytes")
    (folder / "datapackage.json").write_text(json.dumps(described))
    with pytest.raises(LoadError, match=r"records\.json is not valid"):
        load(folder)


def _zip(path, members: dict[str, bytes]):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


@pytest.mark.parametrize("member", ["../evil.txt", "/abs/evil.txt", "pkg/../../evil.txt"])
def test_zip_members_that_leave_their_folder(tmp_path, built_package, member):
    with zipfile.ZipFile(built_package) as archive:
        members = {i.filename: archive.read(i) for i in archive.infolist()}
    members[member] = b"x"
    with pytest.raises(LoadError, match="leaves the package"):
        load(_zip(tmp_path / "hostile.zip", members))
    assert not (tmp_path.parent / "evil.txt").exists()


def test_a_zip_bomb_is_refused_before_it_expands(tmp_path, built_package):
    with zipfile.ZipFile(built_package) as archive:
        members = {i.filename: archive.read(i) for i in archive.infolist()}
    name = next(n for n in members if n.endswith("records.json"))
    members[name] = b"\0" * (64 << 20)  # 64 MiB of zeros: about 64 KiB compressed
    descriptor = next(n for n in members if n.endswith("datapackage.json"))
    described = json.loads(members[descriptor])
    for resource in described["resources"]:  # no declared sizes: the expansion ratio must catch it
        resource.pop("bytes", None), resource.pop("hash", None)
    members[descriptor] = json.dumps(described).encode()
    with pytest.raises(LoadError, match="zip bomb"):
        load(_zip(tmp_path / "bomb.zip", members))


def test_a_csv_with_a_gigabyte_field_is_refused_without_reading_it(built_package, tmp_path):
    folder, _ = _copy(built_package, tmp_path)
    with open(folder / "entities.csv", "r+b") as table:
        table.seek(0, 2)
        table.write(b'"')
        table.truncate(1 << 30)  # a sparse gigabyte: one quoted field running to the end
    with pytest.raises(
        LoadError, match=r"entities\.csv is 1,073,741,824 bytes, not the [\d,]+ its descriptor declares"
    ):
        load(folder)


def test_not_a_zip_and_not_a_package(tmp_path):
    (tmp_path / "junk.zip").write_bytes(b"not a zip")
    with pytest.raises(LoadError, match="not a readable zip"):
        load(tmp_path / "junk.zip")
    with pytest.raises(LoadError, match=r"one datapackage\.json"):
        load(_zip(tmp_path / "empty.zip", {"a.txt": b"x"}))
    with pytest.raises(LoadError, match="neither a fact tree"):
        load(tmp_path)
    with pytest.raises(LoadError, match="no such file"):
        load(tmp_path / "missing.csv")


def test_a_tree_with_findings_does_not_load(dataset):
    root = dataset({"facts/countries/TCD.yaml": ("iso_alpha2: TD", "iso_alpha2: td")})
    with pytest.raises(LoadError, match="1 findings"):
        load(root)
