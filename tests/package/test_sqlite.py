"""The SQLite database build writes: the package's tables as its descriptor declares them, searchable, with views."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar, Literal

import pytest

from sahel_facts.model.claims import ClaimBase
from sahel_facts.model.ids import CountryRef, OrgRef
from sahel_facts.model.kinds import KINDS
from sahel_facts.package.build import BuildError, Built, build
from sahel_facts.package.sqlite import DatabaseError, database
from tests.model.test_kinds import toy  # noqa: F401 - the toy claim kind, registered for one test
from tests.package.sqlite_tree import built, write


@pytest.fixture
def done(tmp_path) -> Built:
    return built(tmp_path)


def connect(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    connection.row_factory = sqlite3.Row
    return connection


def descriptor(done: Built) -> dict:
    return json.loads((done.folder / "datapackage.json").read_text(encoding="utf-8"))


def tables_of(described: dict) -> list[dict]:
    return [r for r in described["resources"] if "schema" in r]


def test_build_writes_the_database_and_its_metadata_beside_the_zip(done):
    assert done.sqlite == done.zip.with_suffix(".sqlite") and done.sqlite.is_file()
    assert done.metadata.name == done.zip.name.removesuffix(".zip") + ".metadata.json" and done.metadata.is_file()
    with connect(done.sqlite) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_every_table_of_the_descriptor_with_its_columns_types_and_keys(done):
    described = descriptor(done)
    sql_type = {"string": "TEXT", "date": "TEXT", "array": "TEXT", "integer": "INTEGER", "number": "REAL"}
    with connect(done.sqlite) as db:
        made = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        for resource in tables_of(described):
            name, schema = resource["name"], resource["schema"]
            assert name in made
            info = db.execute(f'PRAGMA table_info("{name}")').fetchall()
            assert [(c["name"], c["type"]) for c in info] == [
                (f["name"], sql_type[f["type"]]) for f in schema["fields"]
            ]
            key = sorted((c["pk"], c["name"]) for c in info if c["pk"])
            assert [n for _, n in key] == schema["primaryKey"]
            foreign = {(k["from"], k["table"], k["to"]) for k in db.execute(f'PRAGMA foreign_key_list("{name}")')}
            declared = {
                (k["fields"][0], k["reference"]["resource"], k["reference"]["fields"][0])
                for k in schema.get("foreignKeys", [])
            }
            assert foreign == declared
        assert "records" not in made  # records.json is no table


def test_rows_are_the_csv_rows_typed(done):
    described = descriptor(done)
    with connect(done.sqlite) as db:
        for resource in tables_of(described):
            text = (done.folder / resource["path"]).read_text(encoding="utf-8")
            assert db.execute(f'SELECT count(*) FROM "{resource["name"]}"').fetchone()[0] == len(
                list(csv.DictReader(io.StringIO(text)))
            )
        assert db.execute('SELECT typeof("index") FROM evidence LIMIT 1').fetchone()[0] == "integer"
        place = db.execute("SELECT coordinates_lat, coordinates_lon FROM entity_facility").fetchone()
        assert tuple(place) == (16.95, 8.01)
        assert db.execute("SELECT date_earliest FROM claims WHERE id = 'claim:test-deployment'").fetchone()[0] == (
            "2024-05-01"
        )


def test_unknown_and_empty_cells_are_null(done):
    with connect(done.sqlite) as db:
        source = db.execute("SELECT * FROM sources WHERE id = 'source:test-source'").fetchone()
        assert (source["title"], source["publisher"], source["authors"], source["url"]) == (
            "A test article",
            None,
            None,
            None,
        )
        assert db.execute("SELECT snapshot_licence FROM sources WHERE id = 'source:snapped'").fetchone()[0] is None
        assert db.execute("SELECT notes FROM claims WHERE id = 'claim:test-deployment'").fetchone()[0] is None


@pytest.mark.parametrize(
    ("word", "claim"),
    [
        ("deployed", "claim:test-deployment"),
        ("Zanzibarian", "claim:test-leave-early"),
        ("soldiers", "claim:test-leave-early"),
    ],
)
def test_full_text_search_over_summaries_notes_and_quotes(done, word, claim):
    with connect(done.sqlite) as db:
        found = db.execute(
            "SELECT id FROM claims WHERE rowid IN (SELECT rowid FROM claims_fts WHERE claims_fts MATCH ?)", (word,)
        ).fetchall()
    assert [r[0] for r in found] == [claim]


def test_chronology_in_time_order_with_names_sources_and_conflicts(done):
    with connect(done.sqlite) as db:
        rows = [dict(r) for r in db.execute("SELECT * FROM chronology")]
    assert [r["claim_id"] for r in rows] == ["claim:test-deployment", "claim:test-leave-early", "claim:test-leave-late"]
    early = rows[1]
    assert early == {
        "claim_id": "claim:test-leave-early",
        "date": "2024-06-01",
        "earliest": "2024-06-01",
        "latest": "2024-06-01",
        "country": "Niger",
        "actor": "Test Force",
        "kind": "withdrawal",
        "summary": "The test force completed its withdrawal from Niger on 1 June 2024.",
        "source_title": "Troops leave the test base",
        "source_url": "https://example.org/leave",
        "conflicts": "claim:test-leave-late",
        "rank": "normal",
    }
    assert rows[0]["conflicts"] is None and rows[0]["source_url"] is None  # unknown address


def test_disputed_claims_side_by_side(done):
    with connect(done.sqlite) as db:
        rows = [dict(r) for r in db.execute("SELECT * FROM disputed")]
    assert len(rows) == 1  # linked both ways, shown once
    row = rows[0]
    assert (row["kind"], row["country"], row["actor"]) == ("withdrawal", "Niger", "Test Force")
    assert (row["one_id"], row["one_date"], row["two_id"], row["two_date"]) == (
        "claim:test-leave-early",
        "2024-06-01",
        "claim:test-leave-late",
        "2024-06-20",
    )
    assert row["one_source_title"] == "Troops leave the test base" and row["two_source_title"] == "A test article"


def test_locations_for_the_map(done):
    with connect(done.sqlite) as db:
        rows = [dict(r) for r in db.execute("SELECT * FROM locations")]
    assert rows == [
        {
            "id": "facility:test-base",
            "kind": "facility",
            "name": "Test Air Base",
            "category": "air_base",
            "country": "Niger",
            "latitude": 16.95,
            "longitude": 8.01,
            "precision": "near",
        }
    ]


def test_the_same_data_gives_the_same_bytes(tmp_path):
    first, second = built(tmp_path / "one"), built(tmp_path / "two")
    assert first.sqlite.read_bytes() == second.sqlite.read_bytes()
    assert first.metadata.read_bytes() == second.metadata.read_bytes()


def test_a_failed_build_leaves_the_last_database_as_it_was(tmp_path, done):
    before = done.sqlite.read_bytes()
    bad = write(tmp_path / "bad", {"facts/claims/withdrawal/test-leave-late.yaml": "id: claim:broken\n"})
    with pytest.raises(BuildError):
        build(bad, done.sqlite.parent)
    assert done.sqlite.read_bytes() == before


def test_the_repository_chronology_holds_every_active_claim_with_its_actor(built_package):
    with connect(built_package.with_suffix(".sqlite")) as db:
        active = db.execute("SELECT count(*) FROM claims WHERE status = 'active'").fetchone()[0]
        assert db.execute("SELECT count(*) FROM chronology").fetchone()[0] == active > 0
        assert db.execute("SELECT claim_id FROM chronology WHERE actor IS NULL").fetchall() == []
        linked = db.execute("SELECT count(*) FROM claims c, json_each(c.conflicts_with)").fetchone()[0]
        assert db.execute("SELECT count(*) FROM disputed").fetchone()[0] * 2 == linked  # C702: links go both ways


@pytest.mark.usefixtures("toy")
def test_a_new_kind_gets_its_table_and_its_place_in_the_chronology(tmp_path):
    sighting = """
        id: claim:seen
        kind: sighting
        summary: Something was seen in Niger.
        country: country:NER
        as_of: 2024-05-02
        evidence:
          - source: source:test-source
            claimant: the source
    """
    done = built(tmp_path, {"facts/claims/sighting/seen.yaml": sighting})
    with connect(done.sqlite) as db:
        assert db.execute("SELECT country FROM claim_sighting").fetchone()[0] == "country:NER"
        row = db.execute("SELECT * FROM chronology WHERE claim_id = 'claim:seen'").fetchone()
    assert (row["date"], row["country"], row["actor"], row["kind"]) == ("2024-05-02", "Niger", "Niger", "sighting")


class Tour(ClaimBase):
    """A toy claim kind with no country field: a force touring countries."""

    times: ClassVar[tuple[Literal["date", "valid", "as_of"], ...]] = ("date",)
    subject_fields = ("force", "hosts")

    kind: Literal["tour"]
    force: OrgRef
    """Who toured."""
    hosts: tuple[CountryRef, ...]
    """The countries toured, in order."""


@pytest.fixture
def tour() -> Iterator[None]:
    KINDS.add(Tour)
    try:
        yield
    finally:
        KINDS.remove("tour")


@pytest.mark.usefixtures("tour")
def test_a_kind_without_a_country_field_takes_its_country_from_a_field_naming_only_countries(tmp_path):
    toured = """
        id: claim:toured
        kind: tour
        summary: The test force toured Niger.
        force: org:test-force
        hosts: [country:NER]
        date: 2024-05-02
        evidence:
          - source: source:test-source
            claimant: the source
    """
    done = built(tmp_path, {"facts/claims/tour/toured.yaml": toured})
    with connect(done.sqlite) as db:
        row = db.execute("SELECT country, actor FROM chronology WHERE claim_id = 'claim:toured'").fetchone()
    assert tuple(row) == ("Niger", "Test Force")


def _files(done: Built) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in done.folder.iterdir()}


def test_a_key_that_points_nowhere_is_a_clear_error(done):
    files = _files(done)
    files["evidence.csv"] = files["evidence.csv"].replace(b"source:test-source", b"source:nowhere")
    with pytest.raises(DatabaseError, match=r"foreign keys .* evidence row"):
        database(files)


def test_a_cell_of_the_wrong_type_names_its_file_and_line(done):
    files = _files(done)
    files["evidence.csv"] = files["evidence.csv"].replace(b"claim:test-leave-late,0,", b"claim:test-leave-late,x,")
    with pytest.raises(DatabaseError, match=r"evidence\.csv, line 4: invalid literal"):
        database(files)


def test_the_build_command_says_where_the_database_is(tmp_path, capsys):
    from sahel_facts.cli import main

    root = write(tmp_path / "tree")
    assert main(["build", str(root), "--out", str(tmp_path / "out")]) == 0
    said = capsys.readouterr().out
    assert f"wrote {tmp_path / 'out' / 'sahel-facts-'}" in said and ".sqlite and sahel-facts-" in said
    assert list((tmp_path / "out").glob("*.sqlite")) and list((tmp_path / "out").glob("*.metadata.json"))


def test_a_key_sqlite_cannot_make_is_a_clear_error(done):
    files = _files(done)
    described = json.loads(files["datapackage.json"])
    claims = next(r for r in described["resources"] if r["name"] == "claims")
    claims["schema"]["foreignKeys"] = [{"fields": ["kind"], "reference": {"resource": "sources", "fields": ["title"]}}]
    files["datapackage.json"] = json.dumps(described).encode()
    with pytest.raises(DatabaseError, match="do not make a SQLite database: foreign key mismatch"):
        database(files)
