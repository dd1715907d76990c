"""The ``sahel-facts`` command: a thin layer over the library."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from . import __version__

DESCRIPTION = """\
Validate, package and load sahel-facts: hand-curated facts about military deployments,
withdrawals, expulsion orders, bases, distances and dates in Africa's Sahel.
"""

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


def _validate(args: argparse.Namespace) -> int:
    from .report import WRITERS
    from .validate import RootError, validate

    try:
        result = validate(args.root)
    except RootError as exc:
        print(f"sahel-facts validate: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    WRITERS[args.format](result, sys.stdout)
    return EXIT_OK if result.ok else EXIT_FINDINGS


def _schema(args: argparse.Namespace) -> int:
    from . import schema

    if args.check:
        stale = schema.drifted(args.root)
        for name in stale:
            print(f"{name}: differs from the models; run 'sahel-facts schema' to regenerate it")
        invalid = schema.metaschema_errors(args.root)
        for problem in invalid:
            print(problem)
        return EXIT_FINDINGS if stale or invalid else EXIT_OK
    for path in schema.write(args.root):
        print(f"wrote {path}")
    return EXIT_OK


def _checks(args: argparse.Namespace) -> int:
    from .check import CATALOGUE

    for check in CATALOGUE.values():
        print(f"{check.code}  {check.name:<21} {check.summary}")
    return EXIT_OK


def parser() -> argparse.ArgumentParser:
    """The command-line parser, with a sub-command for each job."""
    from .report import FORMATS

    top = argparse.ArgumentParser(prog="sahel-facts", description=DESCRIPTION)
    top.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    jobs = top.add_subparsers(dest="command", metavar="COMMAND", required=True)

    validate = jobs.add_parser(
        "validate",
        help="check every record of a fact tree",
        description="Check every record under ROOT/facts: YAML safety, the models, and checks across records. "
        "Exit status: 0 no findings, 1 findings, 2 usage error.",
    )
    validate.add_argument(
        "root",
        nargs="?",
        type=Path,
        default=Path("."),
        metavar="ROOT",
        help="folder holding facts/ and sources/ (default: the current folder)",
    )
    validate.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help="text: PATH:LINE:COL: CHECK-ID message; json: for tools; "
        "github: workflow annotations, full report to $GITHUB_STEP_SUMMARY (default: text)",
    )
    validate.set_defaults(run=_validate)

    schema = jobs.add_parser(
        "schema",
        help="write the JSON Schemas generated from the models",
        description="Write ROOT/schema/{entity,source,claim}.schema.json from the models, "
        "or with --check report the ones that differ from the models or are not valid "
        "Draft 2020-12 (exit 1).",
    )
    schema.add_argument(
        "root",
        nargs="?",
        type=Path,
        default=Path("."),
        metavar="ROOT",
        help="repository root (default: the current folder)",
    )
    schema.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 if a committed schema is stale or invalid"
    )
    schema.set_defaults(run=_schema)

    checks = jobs.add_parser("checks", help="list every check ID", description="List every check with its ID and name.")
    checks.set_defaults(run=_checks)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = parser().parse_args(argv)
    try:
        return args.run(args)
    except BrokenPipeError:  # the reader went away (| head): stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_FINDINGS
    except KeyboardInterrupt:
        print("sahel-facts: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
