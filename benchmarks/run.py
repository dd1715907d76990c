"""Measure sahel-facts against its floors and peers on generated trees, and print the ratios.

For each N: generate a tree (benchmarks/generate.py), then time, best of --repeat runs:

1. cold ``validate`` (no cache) against the floor: parsing the same files with yaml.CSafeLoader;
2. the same validation against check-jsonschema with the committed schemas on the same files;
3. warm ``validate`` after editing one file, against the cold run;
4. ``load()`` of the built package against orjson.loads of its records.json, and against
   frictionless reading every row of the same package;
5. ``import sahel_facts`` against ``import pydantic`` (fresh interpreters);
6. with two or more N, how each figure grows from one N to the next;
7. one crowded subject (``--crowded K``): K withdrawals and K troop counts of one force in
   one country, every pair disagreeing or meeting, validated at K and 2K claims each, and
   the 'did you mean' hints of a file of 2K unknown fields: how each grows when K doubles
   (comparing every pair would make it 4x).

    python benchmarks/run.py --n 1000                # a smoke run (CI)
    python benchmarks/run.py --n 10000 100000        # the full run, for BENCHMARKS.md

Timings are printed, never asserted.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from itertools import pairwise
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import crowded, write, write_records

from sahel_facts import load
from sahel_facts.model.kinds import FAMILIES
from sahel_facts.model.records import family_for_path
from sahel_facts.package.build import build
from sahel_facts.validate import validate

REPO = Path(__file__).resolve().parents[1]


def best(run: Callable[[], object], repeat: int) -> float:
    """The fastest of ``repeat`` runs, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def floor_parse(root: Path) -> None:
    for path in sorted((root / "facts").rglob("*.yaml")):
        yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)


def check_jsonschema(root: Path) -> None:
    tool = shutil.which("check-jsonschema") or str(Path(sys.executable).with_name("check-jsonschema"))
    by_family: dict[str, list[str]] = {}
    for path in sorted((root / "facts").rglob("*.yaml")):
        family = family_for_path(path.relative_to(root).as_posix())
        by_family.setdefault(family.name, []).append(str(path))
    for name, files in by_family.items():
        schema = REPO / FAMILIES[name].schema_file
        for start in range(0, len(files), 2000):
            subprocess.run(
                [tool, "--schemafile", str(schema), *files[start : start + 2000]], check=True, capture_output=True
            )


def fresh_import(module: str, repeat: int) -> float:
    code = f"import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"
    return min(
        float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)
        for _ in range(repeat)
    )


def measure(n: int, repeat: int, work: Path) -> dict[str, float]:
    """Every figure for a tree of about ``n`` records."""
    import orjson

    root = work / f"tree-{n}"
    count = write(root, n)
    figures: dict[str, float] = {"records": count}
    assert validate(root).ok, "the generated tree must be valid"
    figures["validate cold"] = best(lambda: validate(root), repeat)
    figures["floor: CSafeLoader parse"] = best(lambda: floor_parse(root), repeat)
    figures["peer: check-jsonschema"] = best(lambda: check_jsonschema(root), 1)
    validate(root, cache=True)  # prime the cache
    edited = next((root / "facts/claims").rglob("*.yaml"))
    original = edited.read_text(encoding="utf-8")

    def warm() -> None:
        edited.write_text(
            original.replace('summary: "', f'summary: "edited {time.perf_counter()} ', 1), encoding="utf-8"
        )
        validate(root, cache=True)

    figures["validate warm, one file edited"] = best(warm, repeat)
    edited.write_text(original, encoding="utf-8")
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1717200000")
    folder = build(root, work / f"dist-{n}").folder
    records = (folder / "records.json").read_bytes()
    figures["load()"] = best(lambda: load(folder), repeat)
    figures["floor: orjson.loads records.json"] = best(lambda: orjson.loads(records), repeat)

    def frictionless_rows() -> None:
        from frictionless import Package

        for resource in Package(str(folder / "datapackage.json")).resources:
            if resource.name != "records":
                resource.read_rows()

    figures["peer: frictionless read rows"] = best(frictionless_rows, 1)
    return figures


def measure_crowded(k: int, repeat: int, work: Path) -> dict[str, float]:
    """Validation of one subject with ``k`` claims of each kind, and of a file of ``k`` unknown fields."""
    root = work / f"crowded-{k}"
    write_records(root, crowded(k))
    figures = {"one subject: validate": best(lambda: validate(root), repeat)}
    typos = work / f"typos-{k}"
    write_records(typos, crowded(0))
    org = typos / "facts/organisations/o0.yaml"
    org.write_text(org.read_text(encoding="utf-8") + "".join(f"nmae{i}: x\n" for i in range(k)), encoding="utf-8")
    figures["unknown fields: validate"] = best(lambda: validate(typos), repeat)
    return figures


RATIOS = [
    ("cold validate / CSafeLoader floor", "validate cold", "floor: CSafeLoader parse", "<= 1.3"),
    ("check-jsonschema / cold validate", "peer: check-jsonschema", "validate cold", ">= 5"),
    ("warm validate / cold validate", "validate warm, one file edited", "validate cold", "<= 0.10"),
    ("load() / orjson floor", "load()", "floor: orjson.loads records.json", "<= 2"),
    ("frictionless rows / load()", "peer: frictionless read rows", "load()", ">= 10"),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, nargs="+", default=[1000], help="tree sizes (default 1000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per timing, the best kept (default 3)")
    parser.add_argument(
        "--crowded", type=int, default=1500, help="claims of each kind about one subject, then twice as many (1500)"
    )
    args = parser.parse_args()
    print(f"machine: {platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    imports = {m: fresh_import(m, 5) for m in ("sahel_facts", "pydantic")}
    print(
        f"import sahel_facts {imports['sahel_facts']:.3f}s / import pydantic {imports['pydantic']:.3f}s = "
        f"{imports['sahel_facts'] / imports['pydantic']:.2f} (target <= 1.3)"
    )
    results = {}
    with tempfile.TemporaryDirectory() as work:
        for n in args.n:
            figures = measure(n, args.repeat, Path(work))
            results[n] = figures
            print(f"\nN = {int(figures['records'])} records")
            for name, value in figures.items():
                if name != "records":
                    print(f"  {name:<36} {value:9.3f} s")
            for label, top, bottom, target in RATIOS:
                print(f"  {label:<36} {figures[top] / figures[bottom]:9.2f}   (target {target})")
    sizes = sorted(results)
    for small, large in pairwise(sizes):
        print(
            f"\ngrowth from {small} to {large} records ({large / small:.0f}x; target: at most linear, <= "
            f"{1.1 * large / small:.0f}x)"
        )
        for name in results[small]:
            if name != "records":
                print(f"  {name:<36} {results[large][name] / results[small][name]:9.2f}x")
    with tempfile.TemporaryDirectory() as work:
        k = args.crowded
        small, large = measure_crowded(k, args.repeat, Path(work)), measure_crowded(2 * k, args.repeat, Path(work))
    print(f"\none subject, {k} then {2 * k} claims of each kind (target: about 2x; every pair compared: 4x)")
    for name in small:
        print(f"  {name:<36} {small[name]:9.3f} s {large[name]:9.3f} s {large[name] / small[name]:9.2f}x")


if __name__ == "__main__":
    main()
