"""Random and mutated bytes: the reader and the loader load them or raise our own errors, nothing else."""

from __future__ import annotations

import hashlib
import json
import tempfile
from pathlib import Path
from typing import NamedTuple

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sahel_facts import SahelFactsError, load
from sahel_facts.findings import Finding
from sahel_facts.loader import LoadError
from sahel_facts.model.records import Record
from sahel_facts.model.validate import to_record
from sahel_facts.model.walk import references
from sahel_facts.read.safe_yaml import ReadError, read_bytes
from tests.conftest import REPO

RECORD = (REPO / "facts/claims/distance/niamey-to-agadez-drone-base.yaml").read_bytes()
PATH = "facts/claims/distance/niamey-to-agadez-drone-base.yaml"


def _read(raw: bytes) -> None:
    try:
        document = read_bytes(raw)
    except ReadError as error:
        assert error.position.line >= 1 and error.position.col >= 1
        return
    result = to_record(PATH, document)
    assert not isinstance(result, list) or all(isinstance(f, Finding) and f.line >= 1 for f in result)


@given(st.binary(max_size=4000))
def test_random_bytes_to_the_yaml_reader(raw):
    _read(raw)


@given(st.lists(st.tuples(st.integers(0, len(RECORD) - 1), st.integers(0, 255)), min_size=1, max_size=8))
def test_mutated_record_bytes(mutations):
    raw = bytearray(RECORD)
    for position, byte in mutations:
        raw[position] = byte
    _read(bytes(raw))


@given(st.text(st.sampled_from(list("-:?[]{}&*!|>'\"%@`#,\n ab01")), max_size=300))
def test_yaml_punctuation_soup(text):
    _read(text.encode())


def _mutate(original: bytes, mutations: list[tuple[int, int]], cut: int | None = None) -> bytes:
    raw = bytearray(original)
    for position, byte in mutations:
        raw[position % len(raw)] = byte
    return bytes(raw[:cut] if cut is not None else raw)


def _loads_or_names_itself(path: Path) -> None:
    """Loading either works or raises our LoadError naming the path; any other exception fails the test."""
    try:
        load(path)
    except LoadError as error:
        assert str(path) in str(error)


mutations = st.lists(st.tuples(st.integers(0, 1 << 20), st.integers(0, 255)), max_size=6)


@given(mutations, st.none() | st.integers(0, 1 << 16))
def test_mutated_or_cut_package_zips(built_package, changes, cut):
    with tempfile.TemporaryDirectory() as work:
        path = Path(work) / "package.zip"
        path.write_bytes(_mutate(built_package.read_bytes(), changes, cut))
        _loads_or_names_itself(path)


@given(mutations)
def test_mutated_descriptors(built_package, changes):
    folder = built_package.with_suffix("")
    with tempfile.TemporaryDirectory() as work:
        copy = Path(work)
        for item in folder.iterdir():
            (copy / item.name).write_bytes(item.read_bytes())
        (copy / "datapackage.json").write_bytes(_mutate((folder / "datapackage.json").read_bytes(), changes))
        _loads_or_names_itself(copy)


# ---------------------------------------------------------------- the loader's invariants on a real package


@pytest.fixture(scope="module")
def package(built_package, repository):
    """The built package's files by name, its records as validated, and the IDs some record refers to."""
    folder = built_package.with_suffix("")
    files = {item.name: item.read_bytes() for item in folder.iterdir()}
    entries = repository.corpus.entries
    referenced = sorted({target for entry in entries for _, target, _ in references(entry.record)})
    return _Package(files, tuple(sorted((e.record for e in entries), key=lambda r: r.id)), referenced)


class _Package(NamedTuple):
    files: dict[str, bytes]
    validated: tuple[Record, ...]
    referenced: list[str]

    def __repr__(self) -> str:  # what hypothesis prints of a failing example
        return "<the built package>"


def _records_lines(files):
    return files["records.json"].split(b"\n")  # a head line, one record a line, and the closing lines


def _declare(files, name, **fields):
    described = json.loads(files["datapackage.json"])
    declared = [*described["resources"], described["sahel-facts:records"]]  # the tables, and records.json
    resource = next(r for r in declared if r["path"] == name)
    resource.update(fields)
    files["datapackage.json"] = json.dumps(described, indent=2).encode()


def _redeclare_records(files):
    data = files["records.json"]
    _declare(files, "records.json", bytes=len(data), hash="sha256:" + hashlib.sha256(data).hexdigest())


@st.composite
def structural_changes(draw, count: int, referenced: list[str]):
    """One to three changes a hostile package could make, each of which the loader must refuse or undo nothing."""
    record = st.integers(1, count)
    return draw(
        st.lists(
            st.one_of(
                st.tuples(st.just("copy-record"), record, record),
                st.tuples(st.just("drop-referenced"), st.sampled_from(referenced)),
                st.tuples(st.just("key-twice"), record, st.integers(0, 20), st.booleans()),
                st.tuples(st.just("descriptor-key-twice"), st.sampled_from(["name", "version", "resources", "id"])),
                st.tuples(
                    st.just("declare"),
                    st.sampled_from(["records.json", "entities.csv", "claims.csv"]),
                    st.sampled_from(["bytes", "hash"]),
                    st.one_of(st.integers(-1, 1 << 40), st.text(max_size=70), st.none(), st.booleans(), st.floats()),
                ),
                st.tuples(st.just("flip"), st.integers(0, 1 << 20), st.integers(0, 255)),
            ),
            min_size=1,
            max_size=3,
        )
    )


def _apply(files, change) -> None:
    lines = _records_lines(files)
    kind = change[0]
    if kind == "copy-record":
        lines.insert(change[2], lines[change[1]].rstrip(b",") + b",")
    elif kind == "drop-referenced":
        lines = [line for line in lines if not line.startswith(f'{{"id": "{change[1]}"'.encode())]
        lines[-3] = lines[-3].rstrip(b",")  # the last record has no comma after it
    elif kind == "key-twice":
        try:
            record = json.loads(lines[change[1]].rstrip(b","))
        except ValueError:  # a line a flip broke
            return
        key = sorted(record)[change[2] % len(record)]
        value = record[key] if change[3] else "changed"
        lines[change[1]] = b"{" + json.dumps({key: value})[1:-1].encode() + b", " + lines[change[1]][1:]
    elif kind == "descriptor-key-twice":
        files["datapackage.json"] = files["datapackage.json"].replace(b"{", b'{"%s": "x", ' % change[1].encode(), 1)
    elif kind == "declare":
        _declare(files, change[1], **{change[2]: change[3]})
    elif kind == "flip":
        raw = bytearray(files["records.json"])
        raw[change[1] % len(raw)] = change[2]
        lines = bytes(raw).split(b"\n")
    files["records.json"] = b"\n".join(lines)


def _load_folder(files):
    with tempfile.TemporaryDirectory() as work:
        for name, data in files.items():
            (Path(work) / name).write_bytes(data)
        return load(work)


@given(st.data())
def test_a_package_changed_by_hand_loads_as_validated_or_not_at_all(package, data):
    """Copied, dropped or doubled-up records and keys, and wrong sizes and hashes: each refused with our error."""
    files = dict(package.files)
    for change in data.draw(structural_changes(len(_records_lines(files)) - 3, package.referenced)):
        _apply(files, change)
    try:
        loaded = _load_folder(files)
    except SahelFactsError:
        return
    assert loaded.records == package.validated


@given(st.data(), st.booleans())
def test_a_package_changed_and_declared_anew_loads_only_sound_records(package, data, redeclare):
    """The same changes with records.json's size and hash declared anew, as a forger would: what loads is sound."""
    files = dict(package.files)
    for change in data.draw(structural_changes(len(_records_lines(files)) - 3, package.referenced)):
        _apply(files, change)
    if redeclare:
        _redeclare_records(files)
    try:
        loaded = _load_folder(files)
    except SahelFactsError:
        return
    ids = [record.id for record in loaded.records]
    assert len(set(ids)) == len(ids)
    assert all(target in loaded for record in loaded.records for _, target, _ in references(record))
