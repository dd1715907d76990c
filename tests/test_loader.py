"""Loading: every form of input gives the same fact base; hostile packages give a clear LoadError."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import textwrap
import warnings
import zipfile
from typing import Any

import pytest

import sahel_facts
from sahel_facts import SahelFactsError, load
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
    """How the descriptor declares records.json (beside the tables, not among them)."""
    return described["sahel-facts:records"]


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
    with pytest.raises(
        LoadError, match=r"records\.json:1:57: record 'claim:x', records\.0, is not valid: Input tag 'bogus'"
    ):
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


def _old_layout(built_package, tmp_path, change=lambda files: None):
    """The package as builds before 0.2 zipped it: in a folder inside the zip, records.json a resource."""
    with zipfile.ZipFile(built_package) as archive:
        files = {i.filename: archive.read(i) for i in archive.infolist()}
    described = json.loads(files["datapackage.json"])
    described["resources"].append(described.pop("sahel-facts:records"))
    files["datapackage.json"] = json.dumps(described, indent=2).encode()
    change(files)
    folder = built_package.with_suffix("").name
    return _zip(tmp_path / "old.zip", {f"{folder}/{name}": data for name, data in files.items()})


def test_a_package_of_the_old_layout_still_loads(built_package, tmp_path):
    old = _old_layout(built_package, tmp_path)
    with zipfile.ZipFile(old) as archive:
        assert all("/" in name for name in archive.namelist())  # the descriptor is not at the root
    assert load(old).records == load(built_package).records


def test_a_package_of_the_old_layout_is_held_to_its_hashes(built_package, tmp_path):
    def tamper(files):
        files["records.json"] = files["records.json"].replace(b"approximately 60", b"approximately 70")

    with pytest.raises(LoadError, match=r"records\.json has sha256 [0-9a-f]+, not the sha256:"):
        load(_old_layout(built_package, tmp_path, tamper))


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


# ---------------------------------------------------------------- issue 13: the validator's invariants


def _rewrite(folder, described, records: bytes):
    """Write ``records`` as the package's records.json, declared with its true size and hash."""
    (folder / "records.json").write_bytes(records)
    resource = _records_resource(described)
    resource["bytes"], resource["hash"] = len(records), "sha256:" + hashlib.sha256(records).hexdigest()
    (folder / "datapackage.json").write_text(json.dumps(described, indent=2))
    return folder


def _lines(folder):
    return (folder / "records.json").read_bytes().split(b"\n")


def test_a_record_id_twice_is_refused_at_the_second(built_package, tmp_path):
    folder, described = _copy(built_package, tmp_path)
    lines = _lines(folder)
    record = json.loads(lines[1].rstrip(b","))
    lines.insert(2, lines[1])  # the first record again, on line 3
    with pytest.raises(LoadError, match=rf"records\.json:3:\d+: X301 ID '{record['id']}' is already used"):
        load(_rewrite(folder, described, b"\n".join(lines)))


def test_a_reference_to_a_record_that_is_not_there_is_refused(built_package, tmp_path):
    folder, described = _copy(built_package, tmp_path)
    lines = _lines(folder)
    claim = json.loads(next(line for line in lines if line.startswith(b'{"id": "claim:')).rstrip(b","))
    gone = claim["evidence"][0]["source"]
    lines = [line for line in lines if not line.startswith(f'{{"id": "{gone}"'.encode())]
    mentions = sum(line.count(f'"{gone}"'.encode()) for line in lines)  # each record's every mention is found
    with pytest.raises(LoadError, match=rf"{mentions} findings[^\n]*\nrecords\.json:\d+:\d+: X303 '{gone}' is not a"):
        load(_rewrite(folder, described, b"\n".join(lines)))


def _dangle(lines: list[bytes], kind: str, path: tuple[str | int, ...]) -> int:
    """Point the reference at ``path`` of the first ``kind`` record that has one to an ID no record has; its index."""
    for number, line in enumerate(lines):
        record = json.loads(line.rstrip(b",")) if line.startswith(b'{"id": ') else {}
        inner: Any = record if record.get("kind") == kind else None
        try:
            for step in path[:-1]:
                inner = inner[step]
            prefix = inner[path[-1]].split(":")[0]
        except (TypeError, KeyError, IndexError):
            continue
        inner[path[-1]] = f"{prefix}:{'ZZZ' if prefix == 'country' else 'nothing-by-this-id'}"
        lines[number] = json.dumps(record).encode() + (b"," if line.endswith(b",") else b"")
        return number
    raise AssertionError(f"the repository has no {kind} record with {path}")


@pytest.mark.parametrize(
    ("kind", "path"),
    [
        ("person", ("roles", 0, "organisation")),  # in a nested model of a tuple
        ("agreement", ("parties", 0)),  # in a tuple of references
        ("withdrawal", ("country",)),  # a field holding one reference
        ("withdrawal", ("evidence", 0, "source")),  # in a nested model of a claim
    ],
)
def test_one_reference_to_a_record_that_is_not_there_is_found_wherever_it_is(built_package, tmp_path, kind, path):
    folder, described = _copy(built_package, tmp_path)
    lines = _lines(folder)
    line = _dangle(lines, kind, path) + 1
    with pytest.raises(LoadError, match=rf"1 findings[^\n]*\nrecords\.json:{line}:\d+: X303 '[a-z]+:(ZZZ|nothing-by)"):
        load(_rewrite(folder, described, b"\n".join(lines)))


@pytest.mark.parametrize(
    ("claimant", "says"),
    [
        ("org:nobody-here", "claimant 'org:nobody-here' looks like an organisation ID but no such record exists"),
        ("ORG:Nobody", "claimant 'ORG:Nobody' looks like an organisation ID but is not one"),
    ],
)
def test_a_claimant_written_like_a_missing_id_is_refused(built_package, tmp_path, claimant, says):
    folder, described = _copy(built_package, tmp_path)
    lines = _lines(folder)
    number = next(i for i, line in enumerate(lines) if b'"claimant": "' in line)
    record = json.loads(lines[number].rstrip(b","))
    record["evidence"][0]["claimant"] = claimant
    lines[number] = json.dumps(record).encode() + (b"," if lines[number].endswith(b",") else b"")
    with pytest.raises(LoadError, match=rf"1 findings[^\n]*\nrecords\.json:{number + 1}:\d+: X303 {re.escape(says)}"):
        load(_rewrite(folder, described, b"\n".join(lines)))


def test_a_key_twice_in_a_record_is_refused_where_it_is(built_package, tmp_path):
    folder, described = _copy(built_package, tmp_path)
    lines = _lines(folder)
    record = json.loads(lines[1].rstrip(b","))
    lines[1] = lines[1].replace(b'"kind": ', b'"kind": "country", "kind": ', 1)  # the last one would win
    column = lines[1].index(b'"kind"', lines[1].index(b'"kind"') + 1) + 1
    with pytest.raises(LoadError, match=rf"records\.json:2:{column}: duplicate key 'kind' \(first at line 2"):
        load(_rewrite(folder, described, b"\n".join(lines)))
    assert record["kind"] != "country"


def test_a_key_twice_in_the_descriptor_is_refused(built_package, tmp_path):
    folder, _ = _copy(built_package, tmp_path)
    text = (folder / "datapackage.json").read_text()
    (folder / "datapackage.json").write_text(
        text.replace('"name": "sahel-facts",', '"name": "x", "name": "sahel-facts",')
    )
    with pytest.raises(LoadError, match=r"package: datapackage\.json:3:\d+: duplicate key 'name'"):
        load(folder)


@pytest.mark.parametrize(
    ("descriptor", "expected"),
    [
        (b"[" * 100_000 + b"]" * 100_000, r"datapackage\.json:1:101: nesting over 100 levels deep"),
        (b"[]", r"datapackage\.json:1:1: a descriptor is a JSON object"),
        (b'"text"', r"datapackage\.json:1:1: a descriptor is a JSON object"),
        (b'{"resources": [], "x": NaN}', r"datapackage\.json:1:24: NaN is not a JSON number"),
        (b'{"resources": [], "x": -Infinity}', r"datapackage\.json:1:24: -Infinity is not a JSON number"),
        (b'{"resources": [], "x": 1e999}', r"datapackage\.json:1:24: the number 1e999 is out of range"),
        (
            b'{"resources": [], "x": 1' + b"0" * 5000 + b"}",
            r"datapackage\.json:1:24: the number 1000.* too many digits",
        ),
        (b'{"resources": \xff}', r"datapackage\.json:1:15: bytes that are not UTF-8"),
        (b'\xef\xbb\xbf{"resources": []}', r"datapackage\.json:1:1: a byte-order mark"),
        (b'{"resources": {}}', r"datapackage\.json:1:2: resources, is not valid"),
        (b'{"resources": [7]}', r"datapackage\.json:1:16: resources\.0, is not valid"),
        (b'{"resources": [{"name": "records"}]}', r"datapackage\.json:1:16: resources\.0\.path, is not valid"),
        (b'{"resources": [{"name": "records", "path": "records.json", "bytes": "12"}]}', r"resources\.0\.bytes"),
        (b'{"resources": [{"name": "records", "path": "records.json", "bytes": -1}]}', r"resources\.0\.bytes"),
        (b'{"resources": [{"name": "records", "path": "records.json", "bytes": true}]}', r"resources\.0\.bytes"),
        (b'{"resources": [{"name": "records", "path": "records.json", "hash": 5}]}', r"resources\.0\.hash"),
        (b'{"resources": [{"name": "records", "path": "records.json", "hash": "rot13:ab"}]}', r"resources\.0\.hash"),
        (
            b'{"resources": [{"name": "records", "path": "records.json"}, {"name": "records", "path": "x.csv"}]}',
            r"resource names are given twice: records",
        ),
        (
            b'{"resources": [{"name": "tables", "path": "records.json"}]}',
            r"neither 'sahel-facts:records' nor a 'records' resource declares the records",
        ),
        (b'{"resources": [], "sahel-facts:records": 7}', r"datapackage\.json:1:19: sahel-facts:records, is not valid"),
        (b'{"resources": [], "sahel-facts:records": {"name": "records"}}', r"sahel-facts:records\.path, is not"),
        (
            b'{"resources": [], "sahel-facts:records": {"name": "records", "path": "records.json", "bytes": -1}}',
            r"sahel-facts:records\.bytes",
        ),
        (
            b'{"resources": [], "sahel-facts:records": {"name": "records", "path": "records.json", "hash": "x:1"}}',
            r"sahel-facts:records\.hash",
        ),
    ],
)
def test_descriptors_that_are_not_sound_are_refused(built_package, tmp_path, descriptor, expected):
    folder, _ = _copy(built_package, tmp_path)
    (folder / "datapackage.json").write_bytes(descriptor)
    with pytest.raises(LoadError, match=expected):
        load(folder)


def test_a_record_that_is_not_valid_is_named(built_package, tmp_path):
    folder, described = _copy(built_package, tmp_path)
    lines = _lines(folder)
    record = json.loads(lines[2].rstrip(b","))
    lines[2] = lines[2].replace(b'"id": ', b'"colour": "red", "id": ', 1)
    with pytest.raises(
        LoadError, match=rf"records\.json:3:2: record '{record['id']}', records\.1\.colour, is not valid"
    ):
        load(_rewrite(folder, described, b"\n".join(lines)))


# ---------------------------------------------------------------- issue 13: reading files within bounds


def _run(code: str, *args: str) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a fresh interpreter; a hang fails the test instead of blocking it (the timeout is generous)."""
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code), *args], capture_output=True, text=True, timeout=120, cwd=REPO
    )


def test_a_package_loads_within_a_gigabyte_of_address_space(built_package):
    done = _run(
        """
        import resource, sys
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, resource.RLIM_INFINITY))
        import sahel_facts
        print(len(sahel_facts.load(sys.argv[1]).records) > 0)
        """,
        str(built_package.with_suffix("")),
    )
    assert done.returncode == 0 and done.stdout == "True\n", done.stderr


_LOAD_REPORTING = """
    import sys, sahel_facts
    try:
        sahel_facts.load(sys.argv[1])
    except sahel_facts.SahelFactsError as error:
        print(error)
    """


@pytest.mark.parametrize("name", ["datapackage.json", "records.json"])
def test_a_fifo_as_a_package_file_is_refused_without_hanging(built_package, tmp_path, name):
    folder, described = _copy(built_package, tmp_path)
    for resource in described["resources"]:
        resource.pop("bytes"), resource.pop("hash")  # nothing declared: the FIFO must be found by what it is
    (folder / "datapackage.json").write_text(json.dumps(described))
    (folder / name).unlink()
    os.mkfifo(folder / name)
    done = _run(_LOAD_REPORTING, str(folder / "datapackage.json" if name == "datapackage.json" else folder))
    assert done.returncode == 0, done.stderr
    assert f"{name} is not a regular file" in done.stdout


def test_a_fifo_named_as_a_zip_is_refused_without_hanging(tmp_path):
    os.mkfifo(tmp_path / "package.zip")
    done = _run(_LOAD_REPORTING, str(tmp_path / "package.zip"))
    assert done.returncode == 0 and "not a regular file" in done.stdout, done.stderr


@pytest.mark.parametrize("name", ["records.json", "datapackage.json", "entities.csv"])
def test_a_symbolic_link_as_a_package_file_is_refused(built_package, tmp_path, name):
    folder, _ = _copy(built_package, tmp_path)
    (folder / name).rename(folder / f"real-{name}")  # the link stays inside the package, and is still refused
    (folder / name).symlink_to(f"real-{name}")
    with pytest.raises(LoadError, match=rf"{name} (is a symbolic link|leaves the package folder or passes through)"):
        load(folder)


def _members(built_package):
    with zipfile.ZipFile(built_package) as archive:
        return [(info, archive.read(info)) for info in archive.infolist()]


def _write_members(path, members):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns of a duplicate name, which is the point
        with zipfile.ZipFile(path, "w") as archive:
            for info, data in members:
                archive.writestr(info, data)
    return path


def test_a_zip_member_twice_is_refused(built_package, tmp_path):
    members = _members(built_package)
    info, data = next((i, d) for i, d in members if i.filename == "records.json")
    members.append((zipfile.ZipInfo(info.filename), data.replace(b"approximately 60", b"approximately 70")))
    with pytest.raises(LoadError, match=r"records\.json is in the zip twice"):
        load(_write_members(tmp_path / "twice.zip", members))


def test_a_zip_member_that_is_a_link_is_refused(built_package, tmp_path):
    members = [(i, d) for i, d in _members(built_package) if i.filename != "records.json"]
    link = zipfile.ZipInfo("records.json")
    link.create_system, link.external_attr = 3, (stat.S_IFLNK | 0o777) << 16
    members.append((link, b"/etc/passwd"))
    with pytest.raises(LoadError, match=r"records\.json is a link or special file"):
        load(_write_members(tmp_path / "link.zip", members))


def _patch_headers(path, local: int, central: int, value: int):
    """Set a two-byte field of every member's local header (at ``local``) and central entry (at ``central``)."""
    raw = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            raw[info.header_offset + local : info.header_offset + local + 2] = value.to_bytes(2, "little")
    at = raw.find(b"PK\x01\x02")
    while at != -1:
        raw[at + central : at + central + 2] = value.to_bytes(2, "little")
        at = raw.find(b"PK\x01\x02", at + 46)
    path.write_bytes(bytes(raw))
    return path


def test_an_encrypted_zip_member_is_refused(built_package, tmp_path):
    path = _write_members(tmp_path / "encrypted.zip", _members(built_package))
    with pytest.raises(LoadError, match="is encrypted"):
        load(_patch_headers(path, 6, 8, 0x1))  # the general-purpose flags: bit 0, encrypted


def test_a_zip_member_compressed_in_an_unknown_way_is_refused(built_package, tmp_path):
    path = _write_members(tmp_path / "method.zip", _members(built_package))
    with pytest.raises(LoadError, match="cannot be read"):
        load(_patch_headers(path, 8, 10, 99))  # the compression method: 99, which zipfile cannot read


def test_a_zip_listing_too_many_members_is_refused_before_they_are_read(tmp_path):
    with zipfile.ZipFile(tmp_path / "many.zip", "w") as archive:
        archive.writestr("datapackage.json", b"{}")
        for number in range(25_000):
            archive.writestr(f"{number:05}", b"")
    with pytest.raises(LoadError, match=r"the zip lists [\d,]+ bytes of members, over the 1,048,576-byte limit"):
        load(tmp_path / "many.zip")


# ---------------------------------------------------------------- issue 13: what a path or version may be


@pytest.mark.parametrize("version", ["0.1.0\n", "0.1.0 ", " 0.1.0", "", "../0.1.0", "0.1", "v0.1.0", 1])
def test_a_version_must_be_one_in_full(version):
    with pytest.raises(SahelFactsError, match="is not a version number"):
        load(version=version)


def test_a_sha256_must_be_one_in_full():
    with pytest.raises(SahelFactsError, match="is not a sha256"):
        load(version="0.1.0", sha256="0" * 64 + "\n")


def test_paths_that_name_nothing_loadable(built_package, tmp_path):
    folder = built_package.with_suffix("")
    for path, expected in [
        ("", "empty path"),
        (" ", "empty path"),
        (folder / "does-not-exist.json", "no such file"),
        (tmp_path / "does-not-exist.zip", "no such file"),
        (f"{folder} ", "no such file"),
        (tmp_path, r"neither a fact tree \(no facts/\) nor a package folder"),
        (folder / "records.json", r"records\.json:1:1: resources, is not valid: Field required"),
        (str(folder) + "\0", "NUL"),
        (7, "a path is a str or os.PathLike, not int"),
        (str(folder).encode(), "not bytes"),
    ]:
        with pytest.raises(LoadError, match=expected):
            load(path)


def test_a_descriptor_of_another_name_is_read_as_itself(built_package, tmp_path):
    folder, _ = _copy(built_package, tmp_path)
    (folder / "datapackage.json").rename(folder / "other.json")
    assert load(folder / "other.json").records == load(built_package).records
    relative = os.path.relpath(folder / "other.json", REPO / "tests")
    assert load(REPO / "tests" / relative).records == load(built_package).records  # '..' in a path the user gives


@pytest.mark.parametrize(
    ("name", "size", "limit"),
    [("records.json", 300 << 20, "268,435,456"), ("datapackage.json", 65 << 20, "67,108,864")],
)
def test_a_file_over_its_limit_is_refused_without_reading_it(built_package, tmp_path, name, size, limit):
    folder, described = _copy(built_package, tmp_path)
    _records_resource(described)["bytes"] = 300 << 20  # declared: only the package's budget stands in the way
    (folder / "datapackage.json").write_text(json.dumps(described))
    with open(folder / name, "r+b") as file:
        file.truncate(size)  # sparse: nothing is written, and reading it would take the whole size
    with pytest.raises(LoadError, match=rf"{name} is {size:,} bytes.* over the (package's )?{limit}-byte limit"):
        load(folder)


def test_loading_pauses_the_collector_and_restores_it(built_package):
    import gc

    collections: list[int] = []

    def note(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            collections.append(info["generation"])

    gc.collect()
    gc.callbacks.append(note)
    try:
        load(built_package)
    finally:
        gc.callbacks.remove(note)
    # none while the records are built; at most the one that the allocations made meanwhile start once it is back on
    assert len(collections) <= 1 and gc.isenabled(), collections


def test_loading_makes_no_reference_cycles(built_package, tmp_path, monkeypatch):
    """What the paused collector freezes is freed by reference counting alone, also after a refusal."""
    import contextlib
    import gc

    import sahel_facts.loader as loader_module

    monkeypatch.setattr(loader_module, "paused", contextlib.nullcontext)  # see what the load leaves
    folder, described = _copy(built_package, tmp_path)
    lines = [line for line in _lines(folder) if not line.startswith(b'{"id": "org:')]  # references dangle
    refused = _rewrite(folder, described, b"\n".join(lines))
    gc.collect()
    gc.disable()
    try:
        loaded = load(built_package)
        del loaded
        assert gc.collect() == 0, "loading left reference cycles"
        with pytest.raises(LoadError, match="X303"):
            load(refused)
        assert gc.collect() == 0, "a refused load left reference cycles"
    finally:
        gc.enable()
