"""Every figure of the benchmark: at one tree size, for one crowded subject, and at start-up.

Each comparison is a :class:`~measure.Pair` timed interleaved on the same files, so that
the page cache, the CPU's clock and other load treat both sides alike.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from baselines import floor_command, frictionless_rows, jsonschema_commands, orjson_floor, yaml_floor
from generate import crowded, write, write_records
from measure import (
    Pair,
    Sample,
    child,
    fresh_import,
    in_child,
    in_process,
    interleave,
    median_of,
    peak_mib,
    python,
    rounds,
)

from sahel_facts import load
from sahel_facts.package.build import build
from sahel_facts.validate import validate

REPO = Path(__file__).resolve().parents[1]
CLI = str(Path(sys.executable).with_name("sahel-facts"))


@dataclass
class AtN:
    """The figures for one generated tree: its size, the timed pairs by key, and peak memory (MiB) by step."""

    records: int
    claims: int
    pairs: dict[str, Pair] = field(default_factory=dict)
    peaks: dict[str, float] = field(default_factory=dict)


def _validated(root: Path) -> None:
    result = validate(root)
    if not result.ok:
        raise SystemExit(f"the generated tree {root} has findings: {result.findings[:3]}")


def _claims(root: Path) -> int:
    return sum(1 for _ in (root / "facts" / "claims").rglob("*.yaml"))


def _warm(root: Path) -> tuple[Callable[[], Sample], Callable[[], None]]:
    """A warm run (one claim's summary edited, then ``validate(cache=True)``) after priming; and the undo."""
    validate(root, cache=True)
    edited = next((root / "facts" / "claims").rglob("*.yaml"))
    original = edited.read_text(encoding="utf-8")
    edits = iter(range(1_000_000))

    def edit_and_validate() -> None:
        edited.write_text(original.replace('summary: "', f'summary: "edit {next(edits)} ', 1), encoding="utf-8")
        validate(root, cache=True)

    def undo() -> None:
        edited.write_text(original, encoding="utf-8")

    return in_process(edit_and_validate), undo


def _jsonschema(root: Path) -> Sample:
    samples = [child(argv) for argv in jsonschema_commands(root, REPO)]
    return Sample(sum(s.cpu for s in samples), sum(s.wall for s in samples))


def at_n(n: int, repeat: int, work: Path, peers: bool) -> AtN:
    """Every figure for a generated tree of about ``n`` records (check-jsonschema only with ``peers``).

    Runs compared with the same base share its runs: the floor, cold, warm and one-subject
    validations are timed in one round after another, as are the two processes, and the
    orjson floor, ``load()`` and frictionless.
    """
    root, one = work / f"tree-{n}", work / f"one-subject-{n}"
    figures = AtN(write(root, n), _claims(root))
    _validated(root)
    write_records(one, crowded(figures.claims // 2))  # its claims disagree: findings are part of the work
    warm, undo = _warm(root)
    runs = {
        "floor": in_process(lambda: yaml_floor(root)),
        "cold": in_process(lambda: validate(root)),
        "warm": warm,
        "one": in_process(lambda: validate(one)),
    }
    timed = rounds(runs, repeat)
    undo()
    cli_cold = in_child([CLI, "validate", "--no-cache", str(root)])
    timed |= rounds({"floor process": in_child(floor_command("yaml", root)), "process": cli_cold}, repeat)
    folder = build(root, work / f"dist-{n}").folder
    runs = {
        "orjson": in_process(lambda: orjson_floor(folder / "records.json")),
        "load": in_process(lambda: load(folder)),
        "frictionless": in_process(lambda: frictionless_rows(folder / "datapackage.json")),
    }
    timed |= rounds(runs, repeat)
    figures.pairs = {
        "cold": Pair("validate cold", "CSafeLoader floor", timed["cold"], timed["floor"]),
        "process": Pair("sahel-facts validate process", "floor process", timed["process"], timed["floor process"]),
        "warm": Pair("validate warm, one file edited", "validate cold", timed["warm"], timed["cold"]),
        "load": Pair("load()", "orjson floor", timed["load"], timed["orjson"]),
        "frictionless": Pair("frictionless rows", "load()", timed["frictionless"], timed["load"]),
        "one subject": Pair(f"one subject, {_claims(one)} claims", "ordinary tree", timed["one"], timed["cold"]),
    }
    if peers:  # once: the tree is read many times over by now
        figures.pairs["jsonschema"] = interleave(
            "check-jsonschema", "sahel-facts validate process", lambda: _jsonschema(root), cli_cold, 1, warm_up=False
        )
    figures.peaks = peaks(root, folder, work / f"peak-dist-{n}")
    return figures


def peaks(root: Path, folder: Path, out: Path) -> dict[str, float]:
    """Peak resident memory (MiB) of validate (cold; warm: one file differs from the cache), build, load and the
    floors, each in a fresh process."""
    commands = {
        "validate": python("import sys; from sahel_facts.validate import validate; validate(sys.argv[1])", str(root)),
        "validate warm": python(
            "import sys; from sahel_facts.validate import validate; validate(sys.argv[1], cache=True)", str(root)
        ),
        "build": python(
            "import sys; from sahel_facts.package.build import build; build(sys.argv[1], sys.argv[2])",
            str(root),
            str(out),
        ),
        "load()": python("import sys, sahel_facts; sahel_facts.load(sys.argv[1])", str(folder)),
        "CSafeLoader floor": floor_command("yaml", root),
        "orjson floor": floor_command("orjson", folder / "records.json"),
    }
    return {name: peak_mib(argv) for name, argv in commands.items()}


def doubling(k: int, repeat: int, work: Path) -> list[Pair]:
    """One subject with ``k`` then ``2k`` claims of each kind, and a file of ``k`` then ``2k`` unknown fields."""
    runs: dict[int, tuple[Callable[[], Sample], Callable[[], Sample]]] = {}
    for size in (k, 2 * k):
        one, typos = work / f"crowded-{size}", work / f"typos-{size}"
        write_records(one, crowded(size))
        write_records(typos, crowded(0))
        org = typos / "facts" / "organisations" / "o0.yaml"
        fields = "".join(f"nmae{i}: x\n" for i in range(size))
        org.write_text(org.read_text(encoding="utf-8") + fields, encoding="utf-8")
        runs[size] = (in_process(partial(validate, one)), in_process(partial(validate, typos)))
    return [
        interleave(f"one subject, {2 * k} of each", f"{k} of each", runs[2 * k][0], runs[k][0], repeat),
        interleave(f"{2 * k} unknown fields", f"{k} unknown fields", runs[2 * k][1], runs[k][1], repeat),
    ]


def startup(repeat: int) -> dict[str, float]:
    """Wall seconds (medians of fresh processes): the command's --version and --help, and imports timed inside."""
    figures = {f"sahel-facts {flag}": median_of(in_child([CLI, flag]), repeat).wall for flag in ("--version", "--help")}
    for module in ("sahel_facts", "sahel_facts.loader", "pydantic"):
        figures[f"import {module}"] = fresh_import(module, repeat)
    return figures


def environment(work: Path) -> None:
    """Keep every cache of this run inside ``work``, and builds reproducible."""
    os.environ["SAHEL_FACTS_CACHE"] = str(work / "cache")
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1717200000")
