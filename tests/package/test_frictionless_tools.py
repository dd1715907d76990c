"""The built zip in the tools its users run: frictionless validates every table, indexes and publishes it to
SQLite; pandas and DuckDB, told as the README says, know an unknown value from one not given."""

from __future__ import annotations

from pathlib import Path

import pytest

import sahel_facts
from sahel_facts.model.base import UNKNOWN
from sahel_facts.package.tables import all_tables
from tests.package import frictionless_tools as tools


@pytest.fixture(scope="module")
def package_zip(built_package: Path) -> Path:
    """The repository's package zip, as ``build`` writes it."""
    return built_package


@pytest.fixture(scope="module")
def unpacked(package_zip: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The zip's files in a folder, as a user who unzips it has them."""
    import zipfile

    folder = tmp_path_factory.mktemp("unzipped")
    with zipfile.ZipFile(package_zip) as archive:
        archive.extractall(folder)
    return folder


def test_every_resource_is_a_table_of_the_registry(package_zip):
    described = tools.descriptor(package_zip)  # at the zip's root, or this fails
    assert [r["name"] for r in described["resources"]] == [t.name for t in all_tables()]
    assert {r["type"] for r in described["resources"]} == {"table"}
    assert described["sahel-facts:records"]["path"] == "records.json"


def test_frictionless_validate_checks_every_table_in_the_zip(package_zip):
    report = tools.validate(package_zip)
    assert report["valid"], str(report["tasks"])[:3000]
    tables = tools.tables(package_zip)
    checked = {task["name"]: task["stats"]["rows"] for task in report["tasks"] if task["valid"]}
    assert checked == {name: len(table.rows) for name, table in tables.items()}


def test_frictionless_opens_the_zip(package_zip):
    from frictionless import Package

    package = Package(str(package_zip))
    assert [r.name for r in package.resources] == [t.name for t in all_tables()]
    assert package.get_resource("claims").read_rows()  # and reads a table from it


def _same_rows(database: Path, package_zip: Path) -> None:
    tables = tools.tables(package_zip)
    assert tools.sqlite_tables(database) == set(tables)
    for table in tables.values():
        assert tools.sqlite_rows(database, table) == tools.csv_rows(table), table.name


def test_frictionless_index_writes_every_table_to_sqlite(package_zip, tmp_path):
    done = tools.index(package_zip, tmp_path / "indexed.db")
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    _same_rows(tmp_path / "indexed.db", package_zip)


def test_publishing_to_sqlite_keeps_every_row_and_foreign_key(package_zip, tmp_path):
    import sqlite3

    tools.publish(package_zip, tmp_path / "published.db")
    _same_rows(tmp_path / "published.db", package_zip)
    with sqlite3.connect(tmp_path / "published.db") as connection:
        keys = {(row[3], row[2], row[4]) for row in connection.execute("PRAGMA foreign_key_list(evidence)")}
    assert ("source", "sources", "id") in keys and ("claim_id", "claims", "id") in keys


def test_unknown_is_a_missing_value_labelled_apart_and_typed_columns_stay_typed(package_zip):
    tables = tools.tables(package_zip)
    count = tables["claim_troop_count"].field("count_low")
    assert count["type"] == "number"
    assert count["missingValues"] == [{"value": "", "label": "not given"}, {"value": "unknown", "label": "unknown"}]
    url = tables["sources"].field("url")  # required, and may be unknown: never empty
    assert url["missingValues"] == [{"value": "unknown", "label": "unknown"}]
    assert url["constraints"] == {"minLength": 1}
    assert tables["sources"].schema["missingValues"] == [{"value": "", "label": "not given"}]
    for table in tables.values():
        for field in table.schema["fields"]:
            if field["type"] in ("number", "integer", "date"):
                cells = {row[field["name"]] for row in table.rows}
                assert all(tools.logical(table, field["name"], c) is not None for c in cells - {"", UNKNOWN})


# ---------------------------------------------------------------- what the README tells pandas and DuckDB users


def _expected(facts):
    """From the loaded records: IDs of troop counts the sources do not know, and of known counts that give no
    lower bound; and how many sources have an unknown address or publication date."""
    counts = facts.claims(kind="troop_count", include_inactive=True)
    unknown = {c.id for c in counts if c.count == UNKNOWN}
    no_value = {c.id for c in counts if c.count != UNKNOWN and c.count.low is None}
    sources = [r for r in facts.records if r.id.startswith("source:")]
    return unknown, no_value, sum(s.url == UNKNOWN for s in sources), sum(s.published == UNKNOWN for s in sources)


def test_pandas_as_the_readme_says(package_zip, unpacked):
    pd = pytest.importorskip("pandas")
    unknown_ids, no_value_ids, unknown_urls, unknown_dates = _expected(sahel_facts.load(package_zip))
    assert unknown_ids and no_value_ids and unknown_urls and unknown_dates  # the repository has each case

    path = unpacked / "claim_troop_count.csv"
    counts = pd.read_csv(path, keep_default_na=False, na_values=["", "unknown"])  # typed; both missing are NaN
    cells = pd.read_csv(path, dtype=str, keep_default_na=False)  # the cells as written
    unknown = cells == "unknown"  # the sources do not know
    not_given = cells == ""  # the record does not give it

    assert pd.api.types.is_float_dtype(counts["count_value"]) and pd.api.types.is_float_dtype(counts["count_low"])
    assert set(counts.loc[counts["count_low"].isna(), "id"]) == unknown_ids | no_value_ids
    assert set(cells.loc[unknown["count_low"], "id"]) == unknown_ids
    assert set(cells.loc[not_given["count_low"], "id"]) == no_value_ids

    sources = pd.read_csv(
        unpacked / "sources.csv",
        keep_default_na=False,
        na_values=["", "unknown"],
        parse_dates=["published_earliest", "published_latest"],
    )
    raw = pd.read_csv(unpacked / "sources.csv", dtype=str, keep_default_na=False)
    assert pd.api.types.is_datetime64_any_dtype(sources["published_earliest"])
    assert sources["url"].isna().sum() == (raw["url"] == "unknown").sum() == unknown_urls
    assert (raw["published_earliest"] == "unknown").sum() == unknown_dates


DUCKDB_README = {
    "typed": "SELECT id, count_low FROM read_csv('claim_troop_count.csv', nullstr = ['', 'unknown'])",
    "kinds": "SELECT id, count_low = 'unknown' AS unknown, count_low IS NULL AS not_given "
    "FROM read_csv('claim_troop_count.csv', all_varchar = true)",
    "urls": "SELECT count(*) FROM read_csv('sources.csv', all_varchar = true) WHERE url = 'unknown'",
    "date": "SELECT DISTINCT typeof(published_earliest) FROM read_csv('sources.csv', nullstr = ['', 'unknown'])",
}


def test_duckdb_as_the_readme_says(package_zip, unpacked):
    """In a process of its own: once imported, duckdb's bindings report leaks on stderr when a Python that has
    also validated a tree exits, after pytest's closing line."""
    import importlib.util
    import json
    import subprocess
    import sys

    if importlib.util.find_spec("duckdb") is None:  # found, not imported: see above
        pytest.skip("duckdb is not installed (the test extra installs it)")
    unknown_ids, no_value_ids, unknown_urls, _ = _expected(sahel_facts.load(package_zip))
    program = (
        "import duckdb, json, sys\n"
        "with duckdb.connect() as connection:\n"
        "    answers = {k: connection.execute(q).fetchall() for k, q in json.loads(sys.argv[1]).items()}\n"
        "print(json.dumps(answers))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", program, json.dumps(DUCKDB_README)],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=unpacked,
    )
    assert done.returncode == 0, done.stderr
    answers = json.loads(done.stdout)
    typed = answers["typed"]  # typed: both missing values are NULL
    assert {i for i, value in typed if value is None} == unknown_ids | no_value_ids
    assert all(isinstance(value, (int, float)) for _, value in typed if value is not None)
    assert {i for i, unknown, _ in answers["kinds"] if unknown} == unknown_ids
    assert {i for i, _, not_given in answers["kinds"] if not_given} == no_value_ids
    assert answers["urls"] == [[unknown_urls]]
    assert answers["date"] == [["DATE"]]


R_README = """
library(readr)
path <- "claim_troop_count.csv"
counts <- read_csv(path, na = c("", "unknown"))  # typed; both missing values are NA
cells <- read_csv(path, col_types = cols(.default = col_character()), na = character())  # the cells as written
unknown <- cells == "unknown"  # the sources do not know
not_given <- cells == ""  # the record does not give it
"""

R_REPORT = """
sources <- read_csv("sources.csv", na = c("", "unknown"))
writeLines(c(class(counts$count_low), class(sources$published_earliest), sum(is.na(sources$url))))
writeLines(paste("unknown", cells$id[unknown[, "count_low"]]))
writeLines(paste("not given", cells$id[not_given[, "count_low"]]))
"""


def test_r_readr_as_the_readme_says(package_zip, unpacked):
    import shutil
    import subprocess

    rscript = shutil.which("Rscript")
    if rscript is None or subprocess.run([rscript, "-e", "library(readr)"], capture_output=True).returncode:
        pytest.skip("R with readr is not installed (Debian: apt-get install r-cran-readr)")
    unknown_ids, no_value_ids, unknown_urls, _ = _expected(sahel_facts.load(package_zip))
    done = subprocess.run(
        [rscript, "-e", "options(readr.show_col_types = FALSE)\n" + R_README + R_REPORT],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=unpacked,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[:3] == ["numeric", "Date", str(unknown_urls)]
    assert {line.removeprefix("unknown ") for line in lines if line.startswith("unknown ")} == unknown_ids
    assert {line.removeprefix("not given ") for line in lines if line.startswith("not given ")} == no_value_ids
