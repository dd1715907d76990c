"""Issue 17's targets judged on the figures, the figures themselves, and the machine, as text or Markdown."""

from __future__ import annotations

import os
import platform
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from figures import AtN
from measure import Pair, ratio

PACKAGES = ("sahel-facts", "pydantic", "PyYAML", "orjson", "frictionless", "check-jsonschema")


@dataclass(frozen=True)
class Target:
    """A target: ``value`` of the figures at one N (None when not measured), ``op`` and ``limit`` its bound.

    ``at`` names the sizes the target is set for (empty: every size); ``op`` None marks a figure
    shown beside the targets with no bound of its own. Ratios are of CPU time.
    """

    label: str
    value: Callable[[AtN], float | None]
    op: str | None
    limit: float
    at: tuple[int, ...] = ()
    unit: str = "x"

    def meets(self, value: float) -> bool:
        return {"<=": value <= self.limit, "<": value < self.limit, ">=": value >= self.limit}[self.op or "<="]

    @property
    def bound(self) -> str:
        return "" if self.op is None else f"{self.op} {self.limit:g}{self.unit}"


def _ratio(key: str) -> Callable[[AtN], float | None]:
    return lambda f: f.pairs[key].ratio if key in f.pairs else None


TARGETS = [
    Target("cold validate / CSafeLoader floor (in-process)", _ratio("cold"), "<=", 1.3, (100_000,)),
    Target("whole process: `sahel-facts validate` / floor process", _ratio("process"), None, 0),
    Target("warm validate after a one-file edit / cold", _ratio("warm"), "<=", 0.1, (100_000,)),
    Target("load() / orjson floor", _ratio("load"), "<=", 2, (10_000, 100_000)),
    Target("frictionless reading the rows / load()", _ratio("frictionless"), ">=", 10, (10_000, 100_000)),
    Target("check-jsonschema / `sahel-facts validate` process", _ratio("jsonschema"), ">=", 5),
    Target("one-subject tree / ordinary tree, as many claims", _ratio("one subject"), "<", 2),
    Target("validate peak memory", lambda f: f.peaks.get("validate"), "<=", 400, (100_000,), " MiB"),
]


def _shown(value: float | None, unit: str) -> str:
    if value is None:
        return "not measured"
    return f"{value:.0f}{unit}" if unit == " MiB" else f"{value:.2f}{unit}"


def verdict(target: Target, results: dict[int, AtN]) -> str:
    """'met' or 'missed' at the sizes the target is set for, else at the largest size measured (said so)."""
    if target.op is None:
        return ""
    sizes = ([n for n in target.at if n in results] or [max(results)]) if target.at else list(results)
    values = [v for v in (target.value(results[n]) for n in sizes) if v is not None]
    if not values:
        return "not measured"
    said = "met" if all(target.meets(v) for v in values) else "missed"
    if target.at and not set(target.at) & set(results):
        said += f" at {max(results):,} (set for {', '.join(f'{n:,}' for n in target.at)})"
    return said


def table(results: dict[int, AtN], startup: dict[str, float]) -> list[list[str]]:
    """The rows of the targets table: target, bound, the value at each N, and the verdict."""
    rows = [
        [t.label, t.bound, *(_shown(t.value(results[n]), t.unit) for n in results), verdict(t, results)]
        for t in TARGETS
    ]
    version = startup["sahel-facts --version"]
    blanks = [""] * (len(results) - 1)
    rows.append(["`sahel-facts --version` (wall)", "<= 0.1 s", f"{version:.3f} s", *blanks, _met(version <= 0.1)])
    loader = startup["import sahel_facts.loader"] / startup["import pydantic"]
    rows.append(["`import sahel_facts.loader` / `import pydantic`", "", f"{loader:.2f}x", *blanks, ""])
    return rows


def _met(ok: bool) -> str:
    return "met" if ok else "missed"


def header(results: dict[int, AtN]) -> list[str]:
    return ["target", "bound", *(f"{results[n].records:,} records" for n in results), "met?"]


def machine() -> list[str]:
    """The machine and the versions measured, one line each."""
    cpuinfo = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    model = next((line.split(":", 1)[1].strip() for line in cpuinfo.splitlines() if line.startswith("model name")), "")
    meminfo = Path("/proc/meminfo").read_text() if Path("/proc/meminfo").exists() else ""
    kib = next((int(line.split()[1]) for line in meminfo.splitlines() if line.startswith("MemTotal:")), 0)
    versions = []
    for name in PACKAGES:
        try:
            versions.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name} not installed")
    return [
        f"{platform.platform()}; {model or platform.processor() or 'CPU unknown'}",
        f"{os.cpu_count()} cores, {kib / 1024 / 1024:.1f} GiB memory, Python {platform.python_version()}",
        ", ".join(versions),
    ]


def markdown(rows: Sequence[Sequence[str]], head: Sequence[str], left: Sequence[int] = (0,)) -> list[str]:
    """A Markdown table: the columns numbered in ``left`` left-aligned (words), the rest right-aligned (figures)."""
    rule = ["---" if i in left else "---:" for i in range(len(head))]
    return ["| " + " | ".join(row) + " |" for row in [head, rule, *rows]]


def _times(subject: float, base: float) -> list[str]:
    return [f"{subject:.3f}", f"{base:.3f}", f"{ratio(subject, base):.2f}x"]


def figures_markdown(results: dict[int, AtN], doubled: Sequence[Pair], startup: dict[str, float]) -> list[str]:
    """Every timed comparison (medians, seconds), the memory peaks and the start-up times, as Markdown."""
    head = ["records", "subject / base", "subject CPU", "base CPU", "ratio", "subject wall", "base wall", "ratio"]
    sized = [(f"{f.records:,}", pair) for f in results.values() for pair in f.pairs.values()]
    rows = [
        [size, f"{p.subject} / {p.base}", *_times(p.s.cpu, p.b.cpu), *_times(p.s.wall, p.b.wall)]
        for size, p in [*sized, *(("", pair) for pair in doubled)]
    ]
    steps = list(next(iter(results.values())).peaks)
    memory = [[f"{f.records:,}", *(f"{f.peaks[step]:.0f}" for step in steps)] for f in results.values()]
    return [
        "Medians, seconds (CPU: user + system):",
        "",
        *markdown(rows, head, left=(1,)),
        "",
        "Peak resident memory, MiB, each in a fresh process:",
        "",
        *markdown(memory, ["records", *steps], left=()),
        "",
        "Start-up, wall time, medians of fresh processes: "
        + "; ".join(f"`{name}` {seconds:.3f} s" for name, seconds in startup.items())
        + ".",
        "",
    ]
