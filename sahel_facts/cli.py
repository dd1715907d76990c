"""The ``sahel-facts`` command: a thin layer over the library.

Each command imports what it uses when it runs, so ``--version`` and ``--help`` import
nothing heavy (no pydantic, YAML, frictionless or matplotlib).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

from .errors import SahelFactsError
from .plot import PICTURES
from .report import FORMATS
from .version import __version__

DESCRIPTION = """\
Validate, package and load sahel-facts: hand-curated facts about military deployments,
withdrawals, expulsion orders, bases, distances and dates in Africa's Sahel.
"""

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
REPORT = "please report it with the output of the same command run with --debug"


def _say(command: str, message: str) -> None:
    """Say what went wrong on standard error."""
    print(f"sahel-facts {command}: error: {message}", file=sys.stderr)


def _validate(args: argparse.Namespace) -> int:
    from .report import WRITERS
    from .validate import validate

    result = validate(args.root, cache=not args.no_cache)
    WRITERS[args.format](result, sys.stdout)
    return EXIT_OK if result.ok else EXIT_FINDINGS


def _schema(args: argparse.Namespace) -> int:
    from . import schema

    if args.check:
        problems = schema.problems(args.root)
        for problem in problems:
            print(problem)
        return EXIT_FINDINGS if problems else EXIT_OK
    for path in schema.write(args.root):
        print(f"wrote {path}")
    return EXIT_OK


def _build(args: argparse.Namespace) -> int:
    from .package.build import BuildError, build

    out = args.out if args.out is not None else args.root / "dist"
    try:
        built = build(args.root, out)
    except BuildError as exc:
        for finding in exc.findings:
            print(finding)
        print(f"sahel-facts build: nothing written: {exc}", file=sys.stderr)
        return EXIT_FINDINGS
    print(f"wrote {built.folder}/datapackage.json")
    print(f"wrote {built.zip} (sha256 {built.sha256})")
    if built.parquet is not None:
        print(f"wrote {built.parquet}/ (one Parquet file a table)")
    else:
        print(f"sahel-facts build: no Parquet tables: {built.parquet_skipped}", file=sys.stderr)
    print(f"wrote {built.sqlite} and {built.metadata.name} (sahel-facts serve)")
    return EXIT_OK


def _serve(args: argparse.Namespace) -> int:
    from .serve import database_for, prepare, serve

    serve(prepare(database_for(args.database, args.version, args.out)), args.port)
    return EXIT_OK


def _diff(args: argparse.Namespace) -> int:
    import json

    from . import load
    from .diff import diff, render

    result = diff(load(args.old), load(args.new))
    if args.format == "json":
        print(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
    else:
        print(render(result))
    return EXIT_OK if result.empty else EXIT_FINDINGS


def _fetch(args: argparse.Namespace) -> int:
    from .download import DEADLINE, cache_dir, cached_versions, fetch

    if args.list:
        versions = cached_versions()
        for version, cached in versions.items():
            print(f"{version}  {'cached' if cached else 'not cached'}")
        print(f"{len(versions)} released versions; cache: {cache_dir()}")
        return EXIT_OK
    if args.version is None:
        _say("fetch", "give a VERSION, or --list")
        return EXIT_USAGE
    print(fetch(args.version, args.sha256, args.url, deadline=DEADLINE if args.deadline is None else args.deadline))
    return EXIT_OK


def _release(args: argparse.Namespace) -> int:
    from . import releases

    registry = args.root / "sahel_facts" / "releases.json"
    if args.action == "register":
        version, entry = releases.register_zip(args.zip, registry)
        print(f"registered {version} in {registry}: {entry.file} sha256 {entry.sha256} ({entry.size} bytes)")
        return EXIT_OK
    problems = releases.check_release(args.root, args.tag, __version__, args.zip)
    for problem in problems:
        print(problem)
    return EXIT_FINDINGS if problems else EXIT_OK


def _new(args: argparse.Namespace) -> int:
    from .template import create

    path = create(args.root, args.kind, args.id)
    print(f"wrote {path}: fill in its fields, then run sahel-facts validate")
    return EXIT_OK


def _plot(args: argparse.Namespace) -> int:
    from datetime import date

    from . import load
    from .plot import draw, save

    days: dict[str, date | None] = {}
    for name in ("since", "until"):
        given = getattr(args, name)
        try:
            days[name] = date.fromisoformat(given) if given else None
        except ValueError:
            _say("plot", f"--{name} {given!r} is not a day (YYYY-MM-DD)")
            return EXIT_USAGE
    out = args.out or Path(f"{args.picture}.png")
    print(f"wrote {save(draw(args.picture, load(args.path), days['since'], days['until']), out)}")
    return EXIT_OK


def _docs(args: argparse.Namespace) -> int:
    from . import docs

    if args.check:
        if docs.stale(args.root):
            print(f"{args.root / docs.DICTIONARY}: differs from the models; run 'sahel-facts docs' to regenerate it")
            return EXIT_FINDINGS
        return EXIT_OK
    for path in docs.write_docs(args.root):
        print(f"wrote {path}")
    return EXIT_OK


def _checks(args: argparse.Namespace) -> int:
    from .check import catalogue

    for rule in catalogue():
        print(f"{rule.code}  {rule.stage:<10} {rule.name:<21} {rule.summary}")
    return EXIT_OK


class _KindNames:
    """The kinds ``new`` creates, for argparse's choices: read from the registry (so the models
    are imported) only when ``new`` runs or shows its help."""

    def __iter__(self) -> Iterator[str]:
        from .model.kinds import KINDS

        return iter(KINDS.names())

    def __contains__(self, name: object) -> bool:
        return any(name == kind for kind in self)


def _root(command: argparse.ArgumentParser, help: str = "folder holding facts/ and sources/") -> None:
    command.add_argument(
        "root",
        nargs="?",
        type=Path,
        default=Path("."),
        metavar="ROOT",
        help=help if "default" in help else f"{help} (default: the current folder)",
    )


def parser() -> argparse.ArgumentParser:
    """The command-line parser, with a sub-command for each job."""
    top = argparse.ArgumentParser(prog="sahel-facts", description=DESCRIPTION)
    top.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    top.add_argument(
        "--debug", action="store_true", help="on an internal error, print the Python traceback (to report it)"
    )
    jobs = top.add_subparsers(dest="command", metavar="COMMAND", required=True)

    validate = jobs.add_parser(
        "validate",
        help="check every record of a fact tree",
        description="Check every record under ROOT/facts: YAML safety, the models, and checks across records. "
        "Exit status: 0 no findings, 1 findings, 2 usage or input error, 3 internal error.",
    )
    _root(validate)
    validate.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help="text: PATH:LINE:COL: CHECK-ID message; json: for tools; "
        "github: workflow annotations, full report to $GITHUB_STEP_SUMMARY (default: text)",
    )
    validate.add_argument(
        "--no-cache",
        action="store_true",
        help="read and check every file afresh, instead of only what changed since the last run (its "
        "summaries are kept in the user cache folder: SAHEL_FACTS_CACHE, or the platform's; never in ROOT)",
    )
    validate.set_defaults(run=_validate)

    schema = jobs.add_parser(
        "schema",
        help="write the JSON Schemas generated from the models",
        description="Write ROOT/schema/{entity,source,claim}.schema.json from the models, "
        "or with --check report the ones that differ from the models or are not valid "
        "Draft 2020-12 (exit 1).",
    )
    _root(schema, "repository root (default: the current folder)")
    schema.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 if a committed schema is stale or invalid"
    )
    schema.set_defaults(run=_schema)

    build = jobs.add_parser(
        "build",
        help="validate, then write the versioned data package",
        description="Validate ROOT, then write OUT/sahel-facts-VERSION/ (datapackage.json, a CSV a table, "
        "records.json), OUT/sahel-facts-VERSION.zip (the same files, datapackage.json at its root) and its "
        ".sha256, and OUT/sahel-facts-VERSION-parquet/ "
        "(a Parquet file a table, for DuckDB, Polars or Spark; with the parquet extra, else skipped with a "
        "message). Nothing is written when validation "
        "fails, and an earlier build is replaced only once the new one is complete, under a lock; nothing is "
        "written or deleted through a symbolic link. The same input gives the same bytes: 'created' comes from "
        "SOURCE_DATE_EPOCH, else the newest date of a source. "
        "Exit status: 0 built, 1 findings, 2 usage or input error.",
    )
    _root(build)
    build.add_argument("--out", type=Path, default=None, metavar="DIR", help="where to write (default: ROOT/dist)")
    build.set_defaults(run=_build)

    served = jobs.add_parser(
        "serve",
        help="explore a build's SQLite database in Datasette, on 127.0.0.1",
        description="Run Datasette on 127.0.0.1 over the SQLite database 'sahel-facts build' wrote "
        "(SQLITE, or OUT/sahel-facts-VERSION.sqlite) with the metadata written beside it: tables described "
        "field by field, the chronology, disputed and locations views, full-text search on claims, and a map. "
        "Read-only. Needs the serve extra (pip install 'sahel-facts[serve]'). Stop it with Ctrl-C. "
        "Exit status: 0 stopped, 2 usage or input error.",
    )
    served.add_argument("database", nargs="?", type=Path, metavar="SQLITE", help="the .sqlite file to serve")
    served.add_argument(
        "--version",
        metavar="V",
        help=f"serve OUT/sahel-facts-V.sqlite (default: this library's version, {__version__})",
    )
    served.add_argument(
        "--out", type=Path, default=Path("dist"), metavar="DIR", help="where build wrote it (default: ./dist)"
    )
    served.add_argument("--port", type=int, default=8001, help="the port to listen on (default: 8001)")
    served.set_defaults(run=_serve)

    compare = jobs.add_parser(
        "diff",
        help="compare two versions: corrections, then claims added, removed, changed",
        description="Compare two built packages (folders, datapackage.json files or zips; fact trees work too): "
        "first the corrections (claims retracted, merged, deprecated or restored, with the reasons the newer "
        "version gives), then records added, removed and changed field by field, claims first. "
        "Exit status: 0 no differences, 1 differences, 2 usage error.",
    )
    compare.add_argument("old", type=Path, metavar="OLD", help="the earlier package")
    compare.add_argument("new", type=Path, metavar="NEW", help="the later package")
    compare.add_argument("--format", choices=("text", "json"), default="text", help="text (default) or json")
    compare.set_defaults(run=_diff)

    new = jobs.add_parser(
        "new",
        help="start a new record from a commented template",
        description="Write a new record file of KIND with ID in its folder under ROOT/facts/, with every field "
        "explained: required ones to fill in, optional ones commented out. KIND is an entity kind (country, "
        "organisation, person, place, facility), source, or a claim kind (deployment, withdrawal, ...). "
        "ID may omit its prefix (claim:, org:, ...). Refuses a KIND that does not exist, an ID already used, "
        "and a folder that is a symbolic link. Exit status: 0 written, 2 refused.",
    )
    new.add_argument("kind", metavar="KIND", choices=_KindNames(), help="what to create: %(choices)s")
    new.add_argument("id", metavar="ID", help="the new record's ID, e.g. claim:us-leave-agadez-2024-08")
    _root(new)
    new.set_defaults(run=_new)

    fetch = jobs.add_parser(
        "fetch",
        help="download a released data package by version, verified and cached",
        description="Download the zip of a released VERSION into the cache (SAHEL_FACTS_CACHE, or the user "
        "cache folder), verified against the release registry's sha256 (or --sha256), and print its path. "
        "A cached version needs no network. Releases come from SAHEL_FACTS_BASE_URL or the project's release "
        "address. A download is capped at the release's registered size and ends within --deadline seconds. "
        "Exit status: 0 fetched, 1 download or verification failed, 2 usage error.",
    )
    fetch.add_argument("version", nargs="?", metavar="VERSION", help="the version, e.g. 0.2.0")
    fetch.add_argument("--list", action="store_true", help="list the released versions and which are cached")
    fetch.add_argument("--sha256", help="the zip's expected sha256, for a version not in the registry")
    fetch.add_argument("--url", help="the release address to use instead of SAHEL_FACTS_BASE_URL")
    fetch.add_argument(
        "--deadline",
        type=float,
        metavar="SECONDS",
        help="give up after this many seconds all told, however slowly the server sends (default: 300)",
    )
    fetch.set_defaults(run=_fetch)

    release = jobs.add_parser(
        "release",
        help="cut a release: register a built zip, or check a tag",
        description="register ZIP: add a built zip (dist/sahel-facts-VERSION.zip) to ROOT/sahel_facts/releases.json, "
        "under the version its own package gives (the zip must load as a sahel-facts package). "
        "check TAG: the tag is v + the project version and CHANGELOG.md has a dated entry for it (exit 1 if not).",
    )
    actions = release.add_subparsers(dest="action", metavar="ACTION", required=True)
    register = actions.add_parser("register", help="add a built zip to the release registry")
    register.add_argument("zip", type=Path, metavar="ZIP", help="the zip sahel-facts build wrote")
    _root(register, "repository root, holding sahel_facts/releases.json")
    check = actions.add_parser("check", help="check a tag against the version and the CHANGELOG")
    check.add_argument("tag", metavar="TAG", help="the git tag, e.g. v0.2.0")
    check.add_argument("--zip", type=Path, help="also check that this built zip is the one the registry records")
    _root(check, "repository root, holding CHANGELOG.md")
    release.set_defaults(run=_release)

    plot = jobs.add_parser(
        "plot",
        help="draw the timeline or the map (PNG or SVG)",
        description="timeline: dated claims in a panel per country and a row per force, labelled; events as "
        "points, states as bars, dates known to a month or year as pale bands (hatched when approximate), open "
        "ends as arrows or fades, conflicting claims outlined in red and linked. map: places and facilities with "
        "coordinates, named, on Natural Earth borders, stated distances as labelled lines. Needs the plot extra.",
    )
    plot.add_argument("picture", choices=PICTURES, help="which picture")
    plot.add_argument(
        "path",
        nargs="?",
        type=Path,
        default=None,
        metavar="PATH",
        help="a fact tree, package folder, datapackage.json or zip (default: the bundled package)",
    )
    plot.add_argument(
        "--out",
        type=Path,
        default=None,
        metavar="FILE",
        help="where to write, .png or .svg (default: ./timeline.png or ./map.png)",
    )
    plot.add_argument("--since", metavar="DATE", help="timeline only: start at this day (YYYY-MM-DD)")
    plot.add_argument("--until", metavar="DATE", help="timeline only: end at this day (YYYY-MM-DD)")
    plot.set_defaults(run=_plot)

    docs = jobs.add_parser(
        "docs",
        help="regenerate docs/: the data dictionary and the pictures",
        description="Write ROOT/docs/data-dictionary.md from the models, and ROOT/docs/timeline.png, "
        "timeline-recent.png (the last five years) and map.png from ROOT's facts (these need the plot extra). "
        "With --check, only report whether the data dictionary "
        "is current (exit 1 if not).",
    )
    _root(docs, "repository root")
    docs.add_argument("--check", action="store_true", help="write nothing; exit 1 if the data dictionary is stale")
    docs.set_defaults(run=_docs)

    checks = jobs.add_parser(
        "checks", help="list every check ID", description="List every rule: its code, stage, name and what it asks."
    )
    checks.set_defaults(run=_checks)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status: 0 ok, 1 findings, 2 usage or input error, 3 internal error."""
    args = parser().parse_args(argv)
    _reconfigure_output()
    try:
        status: int = args.run(args)
        return status
    except SahelFactsError as exc:
        _say(args.command, str(exc))
        return exc.exit_status
    except BrokenPipeError:  # the reader went away (| head): stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_FINDINGS
    except KeyboardInterrupt:
        print("sahel-facts: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:
        if args.debug:
            raise
        print(f"sahel-facts {args.command}: internal error ({type(exc).__name__}: {exc}); {REPORT}", file=sys.stderr)
        return EXIT_INTERNAL


def _reconfigure_output() -> None:
    """Never fail on a character the terminal's encoding lacks: write it escaped instead."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
