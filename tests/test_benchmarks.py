"""The benchmark harness (benchmarks/run.py): it runs, and prints every figure and every target.

Nothing here looks at how fast anything is: speed figures are printed by the harness, never asserted.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

from tests.conftest import REPO

BENCHMARKS = REPO / "benchmarks"
pytestmark = pytest.mark.skipif(not BENCHMARKS.is_dir(), reason="benchmarks/ is not in this source distribution")

#: The targets of issue 17, each judged met or missed.
TARGETS = [
    "cold validate / CSafeLoader floor (in-process)",
    "warm validate after a one-file edit / cold",
    "load() / orjson floor",
    "frictionless reading the rows / load()",
    "check-jsonschema / `sahel-facts validate` process",
    "one-subject tree / ordinary tree, as many claims",
    "validate peak memory",
    "`sahel-facts --version` (wall)",
]
#: Figures shown in the targets table, with no bound of their own.
BESIDE = ["whole process: `sahel-facts validate` / floor process", "`import sahel_facts.loader` / `import pydantic`"]
FIGURES = [
    "validate cold / CSafeLoader floor",
    "sahel-facts validate process / floor process",
    "validate warm, one file edited / validate cold",
    "check-jsonschema / sahel-facts validate process",
    "load() / orjson floor",
    "frictionless rows / load()",
    "ordinary tree",
    "peak memory, fresh process: validate",
    "growth from 40 to 80 records",
    "one subject, 6 of each / 3 of each",
    "6 unknown fields / 3 unknown fields",
    "sahel-facts --version",
    "sahel-facts --help",
    "import sahel_facts.loader",
    "import pydantic",
]


def _module(name: str) -> ModuleType:
    """The module benchmarks/NAME.py, imported as ``benchmarks_NAME`` (benchmarks/ is not a package)."""
    qualified = f"benchmarks_{name}"
    if qualified not in sys.modules:
        spec = importlib.util.spec_from_file_location(qualified, BENCHMARKS / f"{name}.py")
        assert spec is not None and spec.loader is not None
        sys.modules[qualified] = module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    return sys.modules[qualified]


def test_a_smoke_run_prints_every_figure_and_target_and_writes_the_markdown(tmp_path: Path) -> None:
    out = tmp_path / "targets.md"
    argv = ["--n", "40", "80", "--repeat", "1", "--crowded", "3", "--peers", "--markdown", str(out)]
    done = subprocess.run(
        [sys.executable, str(BENCHMARKS / "run.py"), *argv], capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr
    for text in FIGURES + TARGETS + BESIDE:
        assert text in done.stdout, text
    table = done.stdout.split("targets (issue 17)")[1]
    for target in TARGETS:
        assert any(target in row and ("met" in row or "missed" in row) for row in table.splitlines()), target
    markdown = out.read_text(encoding="utf-8")
    assert markdown.startswith("Machine: ")
    for name in ("Python", "sahel-facts", "pydantic", "PyYAML", "orjson", "frictionless", "check-jsonschema"):
        assert name in markdown.splitlines()[0], name
    assert "| target | bound | " in markdown
    for target in TARGETS + BESIDE:
        assert f"| {target} |" in markdown, target


def test_interleave_runs_floor_and_subject_alternately_after_a_warm_up_and_keeps_medians() -> None:
    measure = _module("measure")
    calls: list[str] = []
    seconds = iter([9.0, 9.0, 1.0, 2.0, 3.0, 6.0, 2.0, 4.0])  # warm-up, then (floor, subject) x 3

    def timed(name: str) -> Callable[[], object]:
        def run() -> object:
            calls.append(name)
            value = next(seconds)
            return measure.Sample(value, value * 10)

        return run

    pair = measure.interleave("subject", "floor", timed("subject"), timed("floor"), 3)
    assert calls == ["floor", "subject"] * 4
    assert (pair.b.cpu, pair.s.cpu, pair.b.wall, pair.s.runs) == (2.0, 4.0, 20.0, 3)
    assert pair.ratio == 2.0
    calls.clear()
    seconds = iter([1.0] * 8)
    timings = measure.rounds({"a": timed("a"), "b": timed("b"), "c": timed("c"), "d": timed("d")}, 1, warm_up=False)
    assert calls == ["a", "b", "c", "d"]
    assert list(timings) == ["a", "b", "c", "d"]


def test_peak_memory_is_the_childs_own_not_the_harness_it_was_started_from() -> None:
    measure = _module("measure")
    ballast = bytearray(300 * 1024 * 1024)
    ballast[::4096] = b"\1" * (len(ballast) // 4096)  # every page touched: resident
    small = measure.peak_mib([sys.executable, "-c", "pass"])
    large = measure.peak_mib([sys.executable, "-c", "b = bytearray(200 * 1024 * 1024); b[::4096] = b'1' * 51200"])
    del ballast
    assert small < 100
    assert large >= 200


def test_a_failing_child_is_reported_with_its_error_output() -> None:
    measure = _module("measure")
    with pytest.raises(RuntimeError, match="went wrong"):
        measure.child([sys.executable, "-c", "raise SystemExit('went wrong')"])
    with pytest.raises(RuntimeError, match="went wrong"):
        measure.peak_mib([sys.executable, "-c", "raise SystemExit('went wrong')"])
