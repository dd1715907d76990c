"""Timing primitives: in-process calls and fresh child processes, timed interleaved, medians kept.

A :class:`Sample` is one run: CPU seconds (user + system) and wall seconds. In-process
runs take CPU time from :func:`time.process_time`; a child's CPU time comes from
:func:`os.wait4`, which reports that one child's resource use (the ``RUSAGE_CHILDREN``
totals would mix every child waited for so far).

Peak memory needs more care: Linux starts a process's peak RSS (``ru_maxrss``) at its
parent's when it forks and execs, so a child of this harness, grown to hundreds of MiB,
would report at least that. :func:`peak_mib` therefore starts the child from a fresh,
bare interpreter (about 8 MiB, less than any Python process measured) and reads the
child's ``ru_maxrss`` there.
"""

from __future__ import annotations

import gc
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

MIB = 1024 * 1024


@dataclass(frozen=True)
class Sample:
    """One run: ``cpu`` and ``wall`` in seconds."""

    cpu: float
    wall: float


@dataclass(frozen=True)
class Timing:
    """The medians of several runs of one thing, in seconds, and how many runs."""

    cpu: float
    wall: float
    runs: int

    @classmethod
    def of(cls, samples: Sequence[Sample]) -> Timing:
        return cls(statistics.median(s.cpu for s in samples), statistics.median(s.wall for s in samples), len(samples))


@dataclass(frozen=True)
class Pair:
    """A subject timed interleaved with what it is compared to; ``ratio`` is subject / base, on CPU time."""

    subject: str
    base: str
    s: Timing
    b: Timing

    @property
    def ratio(self) -> float:
        return ratio(self.s.cpu, self.b.cpu)

    @property
    def wall_ratio(self) -> float:
        return ratio(self.s.wall, self.b.wall)


def ratio(subject: float, base: float) -> float:
    """``subject / base``; infinite where the base took no measurable time."""
    return subject / base if base > 0 else math.inf


def in_process(run: Callable[[], object]) -> Callable[[], Sample]:
    """Time ``run`` in this process, after collecting the garbage earlier runs left (also what they froze)."""

    def timed() -> Sample:
        gc.unfreeze()
        gc.collect()
        cpu, wall = time.process_time(), time.perf_counter()
        run()
        return Sample(time.process_time() - cpu, time.perf_counter() - wall)

    return timed


def child(argv: Sequence[str], env: dict[str, str] | None = None) -> Sample:
    """Run ``argv`` to its end (standard output discarded); raise RuntimeError with its error output if it fails.

    The sample's ``peak_mib`` is left 0.0: see :func:`peak_mib`.
    """
    with tempfile.TemporaryFile() as errors:
        wall = time.perf_counter()
        process = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=errors, env=env)
        try:
            _, status, usage = os.wait4(process.pid, 0)
        except BaseException:
            process.kill()
            process.wait()
            raise
        wall = time.perf_counter() - wall
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            errors.seek(0)
            tail = errors.read().decode(errors="replace")[-2000:]
            raise RuntimeError(f"{' '.join(argv)} exited with {process.returncode}:\n{tail}")
    return Sample(usage.ru_utime + usage.ru_stime, wall)


#: Run sys.argv[1:] (standard output discarded) as the child of this small interpreter; print its ru_maxrss (KiB).
_LAUNCH = """\
import os, sys
pid = os.fork()
if pid == 0:
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
        os.execv(sys.argv[1], sys.argv[1:])
    finally:
        os._exit(127)
_, status, usage = os.wait4(pid, 0)
print(usage.ru_maxrss)
sys.exit(os.waitstatus_to_exitcode(status))
"""


def peak_mib(argv: Sequence[str]) -> float:
    """The peak resident memory of a fresh process running ``argv`` (an absolute path first), in MiB."""
    done = subprocess.run([sys.executable, "-I", "-S", "-c", _LAUNCH, *argv], capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} exited with {done.returncode}:\n{done.stderr[-2000:]}")
    return int(done.stdout) * 1024 / MIB


def in_child(argv: Sequence[str]) -> Callable[[], Sample]:
    """Time a fresh child process running ``argv``."""
    return lambda: child(argv)


def python(code: str, *args: str) -> list[str]:
    """The command line running ``code`` in a fresh interpreter of this Python, with ``args`` as sys.argv[1:]."""
    return [sys.executable, "-c", code, *args]


def rounds(runs: dict[str, Callable[[], Sample]], repeat: int, warm_up: bool = True) -> dict[str, Timing]:
    """Time every run once a round, in the order given, for ``repeat`` rounds, after an untimed round (``warm_up``).

    Interleaved so that whatever changes during the measurement (the page cache, the CPU's
    clock, other load on the machine) falls on every run alike; the medians are kept.
    """
    if warm_up:
        for run in runs.values():
            run()
    samples: dict[str, list[Sample]] = {name: [] for name in runs}
    for _ in range(repeat):
        for name, run in runs.items():
            samples[name].append(run())
    return {name: Timing.of(taken) for name, taken in samples.items()}


def interleave(
    subject: str, base: str, run: Callable[[], Sample], floor: Callable[[], Sample], repeat: int, warm_up: bool = True
) -> Pair:
    """Time ``floor`` and ``run`` alternately, floor first, ``repeat`` times each (see :func:`rounds`)."""
    timed = rounds({base: floor, subject: run}, repeat, warm_up)
    return Pair(subject, base, timed[subject], timed[base])


def median_of(run: Callable[[], Sample], repeat: int) -> Timing:
    """The medians of ``repeat`` runs."""
    return Timing.of([run() for _ in range(repeat)])


def fresh_import(module: str, repeat: int) -> float:
    """The median wall time of importing ``module`` in a fresh interpreter, timed inside it, in seconds."""
    code = f"import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"
    times = [
        float(subprocess.run(python(code), capture_output=True, text=True, check=True).stdout) for _ in range(repeat)
    ]
    return statistics.median(times)
