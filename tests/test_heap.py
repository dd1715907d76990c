"""The collector is paused for a run and restored as it was, also when the run fails."""

from __future__ import annotations

import gc

import pytest

from sahel_facts.heap import paused


def test_paused_turns_the_collector_off_and_back_on() -> None:
    assert gc.isenabled()
    with paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_paused_restores_the_collector_after_an_error() -> None:
    with pytest.raises(RuntimeError), paused():
        raise RuntimeError("boom")
    assert gc.isenabled()


def test_paused_leaves_a_disabled_collector_disabled() -> None:
    gc.disable()
    try:
        with paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_validation_makes_no_reference_cycles(make_tree, monkeypatch) -> None:
    """What ``paused`` freezes is freed by reference counting alone: validating leaves no cyclic garbage."""
    import contextlib

    import sahel_facts.validate as validate_module
    from tests.conftest import REPO

    monkeypatch.setattr(validate_module, "paused", contextlib.nullcontext)  # see what the run leaves
    broken = make_tree(
        {
            "facts/claims/deployment/bad.yaml": "id: claim:bad\nkind: deployment\nforce: org:nobody\n",
            "facts/organisations/x.yaml": "id: org:x\nkind: organisation\nname: [\n",
        }
    )
    gc.collect()
    gc.disable()
    try:
        for root in (REPO, broken):
            result = validate_module.validate(root)
            del result
            assert gc.collect() == 0, f"validating {root} left reference cycles"
    finally:
        gc.enable()


def test_what_a_run_freezes_is_collected_at_exit(tmp_path) -> None:
    """A program that imported DuckDB (nanobind checks its objects were freed at exit) and then read
    a fact tree exits without DuckDB reporting leaks: what ``paused`` froze is unfrozen at exit."""
    import subprocess
    import sys

    from tests.conftest import REPO

    code = "import sys, duckdb, sahel_facts; sahel_facts.load(sys.argv[1]); duckdb.connect().close()"
    done = subprocess.run(
        [sys.executable, "-c", code, str(REPO)], capture_output=True, text=True, timeout=300, cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    assert "leaked" not in done.stderr, done.stderr[:2000]


def test_garbage_pending_before_a_run_is_not_frozen_with_it() -> None:
    import weakref

    class Node:
        pass

    gc.collect()
    a, b = Node(), Node()
    a.other, b.other = b, a  # type: ignore[attr-defined]
    watch = weakref.ref(a)
    del a, b  # a cycle: only the collector frees it
    with paused():
        pass
    gc.collect()
    assert watch() is None, "garbage pending before the run was frozen and never freed"
