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


def _fail(command: str, message: str, code: int = EXIT_USAGE) -> int:
    """Say what went wrong on standard error, and give the exit status."""
    print(f"sahel-facts {command}: error: {message}", file=sys.stderr)
    return code


def _validate(args: argparse.Namespace) -> int:
    from .report import WRITERS
    from .validate import RootError, validate

    try:
        result = validate(args.root, cache=not args.no_cache)
    except RootError as exc:
        return _fail("validate", str(exc))
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


def _build(args: argparse.Namespace) -> int:
    from .package.build import BuildError, build
    from .validate import RootError

    out = args.out if args.out is not None else args.root / "dist"
    try:
        built = build(args.root, out)
    except RootError as exc:
        return _fail("build", str(exc))
    except BuildError as exc:
        for finding in exc.findings:
            print(finding)
        print(f"sahel-facts build: nothing written: {exc}", file=sys.stderr)
        return EXIT_FINDINGS
    print(f"wrote {built.folder}/datapackage.json")
    print(f"wrote {built.zip} (sha256 {built.sha256})")
    return EXIT_OK


def _diff(args: argparse.Namespace) -> int:
    import json

    from .diff import diff, render
    from .loader import LoadError, load

    try:
        result = diff(load(args.old), load(args.new))
    except LoadError as exc:
        return _fail("diff", str(exc))
    if args.format == "json":
        print(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
    else:
        print(render(result))
    return EXIT_OK if result.empty else EXIT_FINDINGS


def _fetch(args: argparse.Namespace) -> int:
    from .download import DownloadError, cache_dir, cached_versions, fetch

    try:
        if args.list:
            versions = cached_versions()
            for version, cached in versions.items():
                print(f"{version}  {'cached' if cached else 'not cached'}")
            print(f"{len(versions)} released versions; cache: {cache_dir()}")
            return EXIT_OK
        if args.version is None:
            return _fail("fetch", "give a VERSION, or --list")
        path = fetch(args.version, args.sha256, args.url)
    except DownloadError as exc:
        return _fail("fetch", str(exc), EXIT_FINDINGS)
    print(path)
    return EXIT_OK


def _release(args: argparse.Namespace) -> int:
    from . import releases

    try:
        if args.action == "register":
            version = args.zip.name.removeprefix("sahel-facts-").removesuffix(".zip")
            entry = releases.register(version, args.zip)
            print(f"registered {version}: {entry.file} sha256 {entry.sha256} ({entry.size} bytes)")
            return EXIT_OK
        changelog = (args.root / "CHANGELOG.md").read_text(encoding="utf-8")
    except (releases.RegistryError, OSError) as exc:
        return _fail("release", str(exc))
    problems = releases.release_problems(args.tag, __version__, changelog)
    if args.zip is not None:
        recorded = releases.read().get(__version__)
        if recorded is None:
            problems.append(f"{__version__} is not in the release registry: run sahel-facts release register first")
        elif recorded != releases.entry_for(args.zip):
            problems.append(f"{args.zip} is not the zip the registry records for {__version__}")
    for problem in problems:
        print(problem)
    return EXIT_FINDINGS if problems else EXIT_OK


def _new(args: argparse.Namespace) -> int:
    from .model.ids import ANY_ID
    from .template import family_prefixes, models, template
    from .validate import RootError, validate

    kinds = models()
    if args.kind not in kinds:
        return _fail("new", f"unknown KIND {args.kind!r}; one of: {', '.join(kinds)}")
    prefixes = family_prefixes(args.kind)
    record_id = args.id if ":" in args.id else f"{prefixes[0]}:{args.id}"
    if not ANY_ID.match(record_id) or record_id.split(":")[0] not in prefixes:
        return _fail("new", f"{record_id!r} is not an ID for a {args.kind}: use {prefixes[0]}:words-joined-by-hyphens")
    try:
        tree = validate(args.root)
    except RootError as exc:
        return _fail("new", str(exc))
    path, text = template(args.kind, record_id)
    taken = tree.corpus.by_id.get(record_id)
    where = taken.path if taken else tree.corpus.broken.get(record_id)
    if where or (args.root / path).exists():
        return _fail("new", f"{record_id} is already used ({where or path}); IDs are never reused")
    (args.root / path).parent.mkdir(parents=True, exist_ok=True)
    (args.root / path).write_text(text, encoding="utf-8")
    print(f"wrote {path}: fill in its fields, then run sahel-facts validate")
    return EXIT_OK


def _plot(args: argparse.Namespace) -> int:
    from datetime import date

    from .loader import LoadError, load

    try:
        from .plot import map as map_plot
        from .plot import save, timeline
    except ImportError:
        return _fail("plot", "plotting needs matplotlib: pip install 'sahel-facts[plot]'")
    try:
        facts = load(args.path)
        since = date.fromisoformat(args.since) if args.since else None
    except (LoadError, ValueError) as exc:
        return _fail("plot", str(exc))
    figure = timeline.draw(facts, since) if args.picture == "timeline" else map_plot.draw(facts)
    out = args.out or Path(f"{args.picture}.png")
    try:
        save(figure, out)
    except (ValueError, OSError) as exc:
        return _fail("plot", str(exc))
    print(f"wrote {out}")
    return EXIT_OK


def _docs(args: argparse.Namespace) -> int:
    from .docs import data_dictionary

    target = args.root / "docs" / "data-dictionary.md"
    text = data_dictionary()
    if args.check:
        current = target.read_text(encoding="utf-8") if target.is_file() else ""
        if current != text:
            print(f"{target}: differs from the models; run 'sahel-facts docs' to regenerate it")
            return EXIT_FINDINGS
        return EXIT_OK
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    print(f"wrote {target}")
    try:
        from .loader import load
        from .plot import map as map_plot
        from .plot import save, timeline
    except ImportError:
        print(
            "sahel-facts docs: pictures skipped: they need matplotlib (pip install 'sahel-facts[plot]')",
            file=sys.stderr,
        )
        return EXIT_OK
    facts = load(args.root)
    for name, figure in (("timeline", timeline.draw(facts)), ("map", map_plot.draw(facts))):
        print(f"wrote {save(figure, args.root / 'docs' / f'{name}.png')}")
    return EXIT_OK


def _checks(args: argparse.Namespace) -> int:
    from .check import CATALOGUE

    for check in CATALOGUE.values():
        print(f"{check.code}  {check.name:<21} {check.summary}")
    return EXIT_OK


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
        help="parse every file afresh instead of reusing unchanged files' parses from ROOT/.sahel-facts-cache/",
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
        "records.json), OUT/sahel-facts-VERSION.zip and its .sha256. Nothing is written when validation "
        "fails, and an earlier build is replaced only once the new one is complete. The same input gives "
        "the same bytes: 'created' comes from SOURCE_DATE_EPOCH or the last git commit of facts/ and sources/. "
        "Exit status: 0 built, 1 findings, 2 usage error.",
    )
    _root(build)
    build.add_argument("--out", type=Path, default=None, metavar="DIR", help="where to write (default: ROOT/dist)")
    build.set_defaults(run=_build)

    compare = jobs.add_parser(
        "diff",
        help="compare two versions: claims added, removed, changed",
        description="Compare two built packages (folders, datapackage.json files or zips; fact trees work too): "
        "records added, removed and changed field by field, claims first. "
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
        "ID may omit its prefix (claim:, org:, ...). Refuses a KIND that does not exist and an ID already used. "
        "Exit status: 0 written, 2 refused.",
    )
    new.add_argument("kind", metavar="KIND", help="what to create, e.g. withdrawal, person, source")
    new.add_argument("id", metavar="ID", help="the new record's ID, e.g. claim:us-leave-agadez-2024-08")
    new.add_argument("--root", type=Path, default=Path("."), help="folder holding facts/ (default: the current folder)")
    new.set_defaults(run=_new)

    fetch = jobs.add_parser(
        "fetch",
        help="download a released data package by version, verified and cached",
        description="Download the zip of a released VERSION into the cache (SAHEL_FACTS_CACHE, or the user "
        "cache folder), verified against the release registry's sha256 (or --sha256), and print its path. "
        "A cached version needs no network. Releases come from SAHEL_FACTS_BASE_URL or the project's release "
        "address. Exit status: 0 fetched, 1 download or verification failed, 2 usage error.",
    )
    fetch.add_argument("version", nargs="?", metavar="VERSION", help="the version, e.g. 0.2.0")
    fetch.add_argument("--list", action="store_true", help="list the released versions and which are cached")
    fetch.add_argument("--sha256", help="the zip's expected sha256, for a version not in the registry")
    fetch.add_argument("--url", help="the release address to use instead of SAHEL_FACTS_BASE_URL")
    fetch.set_defaults(run=_fetch)

    release = jobs.add_parser(
        "release",
        help="cut a release: register a built zip, or check a tag",
        description="register ZIP: add a built zip (dist/sahel-facts-VERSION.zip) to sahel_facts/releases.json. "
        "check TAG: the tag is v + the project version and CHANGELOG.md has a dated entry for it (exit 1 if not).",
    )
    actions = release.add_subparsers(dest="action", metavar="ACTION", required=True)
    register = actions.add_parser("register", help="add a built zip to the release registry")
    register.add_argument("zip", type=Path, metavar="ZIP", help="the zip sahel-facts build wrote")
    check = actions.add_parser("check", help="check a tag against the version and the CHANGELOG")
    check.add_argument("tag", metavar="TAG", help="the git tag, e.g. v0.2.0")
    check.add_argument("--zip", type=Path, help="also check that this built zip is the one the registry records")
    _root(check, "repository root, holding CHANGELOG.md")
    release.set_defaults(run=_release)

    plot = jobs.add_parser(
        "plot",
        help="draw the timeline or the map (PNG or SVG)",
        description="timeline: dated claims in lanes, one per force or country; events as points, states as "
        "bars, imprecise dates as pale bands, conflicting claims outlined in red. map: places and facilities "
        "with coordinates, country borders, stated distances as labelled lines. Needs the plot extra.",
    )
    plot.add_argument("picture", choices=("timeline", "map"), help="which picture")
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
    plot.set_defaults(run=_plot)

    docs = jobs.add_parser(
        "docs",
        help="regenerate docs/: the data dictionary and the pictures",
        description="Write ROOT/docs/data-dictionary.md from the models, and ROOT/docs/timeline.png and map.png "
        "from ROOT's facts (these need the plot extra). With --check, only report whether the data dictionary "
        "is current (exit 1 if not).",
    )
    _root(docs, "repository root")
    docs.add_argument("--check", action="store_true", help="write nothing; exit 1 if the data dictionary is stale")
    docs.set_defaults(run=_docs)

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
