"""Parquet tables: read back with DuckDB, typed as the Table Schemas say, the rows the CSVs hold."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import duckdb
import pytest

from sahel_facts import __version__
from sahel_facts.package.build import build
from sahel_facts.package.parquet import ParquetError, columns
from sahel_facts.package.resources import tabular
from sahel_facts.package.tables import all_tables
from tests.conftest import REPO

#: The DuckDB type of each Table Schema type.
DUCKDB = {"string": "VARCHAR", "integer": "BIGINT", "number": "DOUBLE", "date": "DATE", "array": "VARCHAR[]"}
#: Table -> its columns that admit the word unknown (read as missing).
KNOWN = {t.name: {c.name for c in t.columns if c.known} for t in all_tables()}


@pytest.fixture(scope="module")
def release(built_package) -> tuple[Path, Path, dict]:
    """The repository's built package folder, its Parquet folder and its descriptor."""
    folder = built_package.with_suffix("")
    described = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    return folder, built_package.with_name(f"sahel-facts-{__version__}-parquet"), described


def _expected(table: str, field: dict, cell: str):
    """What a CSV cell means, independently of the library: missing (None) or a typed value."""
    if cell == "" or (cell == "unknown" and field["name"] in KNOWN.get(table, ())):
        return None
    kind = field["type"]
    if kind == "integer":
        return int(cell)
    if kind == "number":
        return float(cell)
    if kind == "date":
        return date.fromisoformat(cell)
    if kind == "array":
        return json.loads(cell)
    return cell


def _csv_rows(folder: Path, resource: dict) -> list[tuple]:
    fields = resource["schema"]["fields"]
    with open(folder / resource["path"], encoding="utf-8", newline="") as handle:
        return [tuple(_expected(resource["name"], f, row[f["name"]]) for f in fields) for row in csv.DictReader(handle)]


def test_every_table_reads_back_in_duckdb_typed_as_its_schema_with_the_rows_of_its_csv(release):
    folder, parquet, described = release
    resources = tabular(described)
    assert sorted(p.name for p in parquet.iterdir()) == sorted(f"{r['name']}.parquet" for r in resources)
    with duckdb.connect() as db:
        for resource in resources:
            path = str(parquet / f"{resource['name']}.parquet")
            fields = resource["schema"]["fields"]
            described_types = db.execute(
                "SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet(?))", [path]
            ).fetchall()
            assert described_types == [(f["name"], DUCKDB[f["type"]]) for f in fields], resource["name"]
            key = ", ".join(f'"{k}"' for k in resource["schema"]["primaryKey"])
            rows = db.execute(f"SELECT * FROM read_parquet(?) ORDER BY {key}", [path]).fetchall()
            expected = _csv_rows(folder, resource)
            assert sorted(rows, key=repr) == sorted(expected, key=repr), resource["name"]


def test_unknown_and_not_given_are_null_and_required_columns_that_cannot_be_unknown_never_are(release):
    folder, parquet, described = release
    sources = next(r for r in tabular(described) if r["name"] == "sources")
    with open(folder / "sources.csv", encoding="utf-8", newline="") as handle:
        urls = [row["url"] for row in csv.DictReader(handle)]
    assert "unknown" in urls, "the repository has a source whose address is unknown"
    with duckdb.connect() as db:
        path = str(parquet / "sources.parquet")
        (nulls, unknowns) = db.execute(
            "SELECT count(*) FILTER (url IS NULL), count(*) FILTER (url = 'unknown') FROM read_parquet(?)", [path]
        ).fetchone()
        assert (nulls, unknowns) == (sum(u in ("", "unknown") for u in urls), 0)
        required = [f["name"] for f in sources["schema"]["fields"] if f.get("constraints", {}).get("required")]
        nullable = dict(
            db.execute("SELECT name, repetition_type FROM parquet_schema(?) WHERE name <> 'schema'", [path]).fetchall()
        )
        assert {name: nullable[name] for name in required} == {
            name: "OPTIONAL" if name in KNOWN["sources"] else "REQUIRED" for name in required
        }
        assert nullable["id"] == "REQUIRED" and nullable["url"] == "OPTIONAL"


def test_claims_join_their_kind_tables_and_entities_across_foreign_keys_as_the_csvs_do(release):
    folder, parquet, described = release
    resources = {r["name"]: r for r in tabular(described)}

    def read(name: str) -> list[dict[str, str]]:
        with open(folder / resources[name]["path"], encoding="utf-8", newline="") as handle:
            return list(csv.DictReader(handle))

    names = {row["id"]: row["name"] for row in read("entities")}
    kinds = {row["id"]: row["kind"] for row in read("claims")}
    joined = 0
    with duckdb.connect() as db:
        for name, resource in resources.items():
            if not name.startswith("claim_"):
                continue
            for foreign in resource["schema"].get("foreignKeys", []):
                if foreign["reference"]["resource"] != "entities":
                    continue
                [column] = foreign["fields"]
                query = (
                    f"SELECT k.id, c.kind, e.name FROM read_parquet($kind) k "
                    f"JOIN read_parquet($claims) c ON c.id = k.id "
                    f'JOIN read_parquet($entities) e ON e.id = k."{column}"'
                )
                got = db.execute(
                    query,
                    {
                        "kind": str(parquet / f"{name}.parquet"),
                        "claims": str(parquet / "claims.parquet"),
                        "entities": str(parquet / "entities.parquet"),
                    },
                ).fetchall()
                expected = [
                    (row["id"], kinds[row["id"]], names[row[column]])
                    for row in read(name)
                    if row[column] not in ("", "unknown")
                ]
                assert sorted(got) == sorted(expected), (name, column)
                assert all(kind == name.removeprefix("claim_") for _, kind, _ in got)
                joined += len(got)
    assert joined, "no claim of the repository names an entity through a foreign key"


def test_the_same_data_give_the_same_parquet_bytes(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1717200000")
    first, second = build(REPO, tmp_path / "a"), build(REPO, tmp_path / "b")
    assert first.parquet is not None and second.parquet is not None
    assert first.parquet_skipped is None
    names = sorted(p.name for p in first.parquet.iterdir())
    assert names == sorted(p.name for p in second.parquet.iterdir())
    for name in names:
        assert (first.parquet / name).read_bytes() == (second.parquet / name).read_bytes(), name


def test_each_file_says_what_it_is(release):
    import pyarrow.parquet as pq

    _, parquet, described = release
    claims = next(r for r in tabular(described) if r["name"] == "claims")
    schema = pq.read_schema(parquet / "claims.parquet")
    about = json.loads(schema.metadata[b"sahel-facts"])
    assert (about["package"], about["version"], about["table"]) == ("sahel-facts", __version__, "claims")
    assert about["primaryKey"] == claims["schema"]["primaryKey"]
    assert about["foreignKeys"] == claims["schema"].get("foreignKeys", [])
    summary = next(f for f in claims["schema"]["fields"] if f["name"] == "summary")
    assert schema.field("summary").metadata[b"description"].decode() == summary["description"]


def _resource(fields: list[dict], **schema) -> dict:
    return {"name": "t", "path": "t.csv", "schema": {"fields": fields, **schema}}


@pytest.mark.parametrize(
    ("kind", "cell"),
    [("integer", "1.5"), ("number", "many"), ("date", "2024-02-30"), ("array", '["a", 1]'), ("array", "{}")],
)
def test_a_cell_that_is_not_of_its_type_is_an_error_naming_file_line_and_column(kind, cell):
    buffer = io.StringIO()
    csv.writer(buffer).writerows([["id", "x"], ["a", ""], ["b", cell]])
    data = buffer.getvalue()
    with pytest.raises(ParquetError, match=r"t\.csv, line 3, column x: "):
        columns(_resource([{"name": "id", "type": "string"}, {"name": "x", "type": kind}]), data.encode())


def test_missing_values_of_the_field_and_of_the_schema_labelled_or_not():
    resource = _resource(
        [
            {"name": "a", "type": "integer"},
            {"name": "b", "type": "integer", "missingValues": [{"value": "n/a", "label": "not applicable"}]},
        ],
        missingValues=[{"value": "", "label": "not given"}, "-"],
    )
    got = columns(resource, b"a,b\r\n,n/a\r\n-,3\r\n4,5\r\n")
    assert got == {"a": [None, None, 4], "b": [None, 3, 5]}


def test_a_csv_whose_header_is_not_its_schema_is_refused():
    with pytest.raises(ParquetError, match="the header is not the fields its schema lists"):
        columns(_resource([{"name": "a", "type": "string"}]), b"b\r\nx\r\n")
