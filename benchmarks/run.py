"""Measure sahel-facts against its floors and peers on generated trees, and print issue 17's targets.

For each N, on one generated tree (benchmarks/generate.py), what is compared is timed
interleaved (floor, subject, floor, subject, ...; with more than two, one run of each a
round) after one untimed warm-up round, and the medians of --repeat runs are printed, CPU
time and wall time; ratios are of CPU time (in a child process: its own user + system time):

1. cold ``validate(root)`` against the floor, yaml.CSafeLoader parsing every facts/**/*.yaml,
   and the whole process: ``sahel-facts validate --no-cache ROOT`` against a process running the floor;
2. warm ``validate(root, cache=True)`` after editing one claim's summary, against cold;
3. ``load()`` of the built package against orjson.loads of its records.json, and frictionless
   reading every row of its tabular resources against ``load()``;
4. check-jsonschema with the committed schemas on the same files against the whole
   ``sahel-facts validate`` process, run once (slow: by default only at N <= 10000; see --peers);
5. a tree of one subject with as many claims as the ordinary tree, against the ordinary tree;
6. peak resident memory of validate, build, load() and the floors, each in a fresh process.

Then: how each figure grows from one N to the next; one subject with --crowded K claims of each
kind against 2K (and a file of K against 2K unknown fields): about 2x if linear, 4x if every
pair is compared; start-up (``sahel-facts --version`` and ``--help``, imports in fresh
interpreters); and the targets table, also written as Markdown with the machine (--markdown).

    python benchmarks/run.py --n 1000 --repeat 1                  # a smoke run (CI), about 30 s
    python benchmarks/run.py --n 10000 100000 --markdown out.md   # the full run, for BENCHMARKS.md

Timings are printed, never asserted.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from itertools import pairwise
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from figures import AtN, at_n, doubling, environment, startup
from measure import Pair, ratio
from targets import figures_markdown, header, machine, markdown, table

#: The largest N at which check-jsonschema runs unless --peers or --no-peers says otherwise.
PEERS_UP_TO = 10_000


def line(pair: Pair) -> str:
    """One comparison: CPU and wall medians of both sides, and the ratios."""
    s, b = pair.s, pair.b
    return (
        f"  {pair.subject + ' / ' + pair.base:<58} cpu {s.cpu:8.3f} / {b.cpu:8.3f} s = {pair.ratio:6.2f}x"
        f"   wall {s.wall:8.3f} / {b.wall:8.3f} s = {pair.wall_ratio:6.2f}x   ({s.runs} run{'s' if s.runs > 1 else ''})"
    )


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, nargs="+", default=[1000], help="tree sizes, in records (default 1000)")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs of each side, medians kept (default 5)")
    parser.add_argument(
        "--crowded", type=int, default=1500, help="claims of each kind about one subject, then twice as many (1500)"
    )
    parser.add_argument(
        "--peers",
        action=argparse.BooleanOptionalAction,
        default=None,
        help=f"run check-jsonschema at every N (--peers) or never (--no-peers); by default at N <= {PEERS_UP_TO:,}, "
        "as at 100,000 records it takes about ten minutes",
    )
    parser.add_argument("--markdown", type=Path, metavar="FILE", help="also write the targets and the machine here")
    return parser.parse_args()


def main() -> None:
    args = arguments()
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]
    about = machine()
    print("machine:", *about, sep="\n  ")
    results: dict[int, AtN] = {}
    with tempfile.TemporaryDirectory(prefix="sahel-facts-bench-") as folder:
        work = Path(folder)
        environment(work)
        for n in args.n:
            peers = args.peers if args.peers is not None else n <= PEERS_UP_TO
            figures = results[n] = at_n(n, args.repeat, work, peers)
            print(f"\nN = {figures.records:,} records, {figures.claims:,} of them claims")
            for pair in figures.pairs.values():
                print(line(pair))
            print("  peak memory, fresh process: " + ", ".join(f"{k} {v:.0f} MiB" for k, v in figures.peaks.items()))
        for small, large in pairwise(results):
            grown = results[large].records / results[small].records
            print(f"\ngrowth from {small:,} to {large:,} records (linear: {grown:.1f}x), CPU time of each subject")
            for key, pair in results[large].pairs.items():
                if key in results[small].pairs:
                    print(f"  {pair.subject:<40} {ratio(pair.s.cpu, results[small].pairs[key].s.cpu):6.2f}x")
        k = args.crowded
        print(f"\none subject, {k} then {2 * k} claims of each kind (linear: about 2x; every pair compared: 4x)")
        doubled = doubling(k, args.repeat, work)
        for pair in doubled:
            print(line(pair))
    starts = startup(args.repeat)
    print("\nstart-up, wall time, medians of fresh processes")
    for name, seconds in starts.items():
        print(f"  {name:<40} {seconds:8.3f} s")
    rows, head = table(results, starts), header(results)
    widths = [max(len(cell) for cell in column) for column in zip(head, *rows, strict=True)]
    print("\ntargets (issue 17); ratios of CPU time")
    for row in [head, *rows]:
        print("  " + "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
    if args.markdown:
        text = [
            "Machine: " + "; ".join(about),
            "",
            *markdown(rows, head, left=(0, len(head) - 1)),
            "",
            *figures_markdown(results, doubled, starts),
        ]
        args.markdown.write_text("\n".join(text), encoding="utf-8")
        print(f"\nwrote {args.markdown}")


if __name__ == "__main__":
    main()
