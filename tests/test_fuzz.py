"""Random and mutated bytes: the reader and the loader load them or raise our own errors, nothing else."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from sahel_facts import load
from sahel_facts.findings import Finding
from sahel_facts.loader import LoadError
from sahel_facts.model.validate import to_record
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
