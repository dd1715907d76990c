"""Datasette's metadata, written beside the database: every table and column described from the package."""

from __future__ import annotations

import json
import sqlite3

from sahel_facts.package.views import COLUMNS, DESCRIPTIONS
from tests.package.sqlite_tree import built


def test_metadata_describes_every_table_column_and_view(tmp_path):
    done = built(tmp_path)
    metadata = json.loads(done.metadata.read_text(encoding="utf-8"))
    described = json.loads((done.folder / "datapackage.json").read_text(encoding="utf-8"))
    assert metadata["title"] == described["title"]
    assert (metadata["license"], metadata["license_url"]) == (
        "CC-BY-4.0",
        "https://creativecommons.org/licenses/by/4.0/",
    )
    assert metadata["source"] == f"sahel-facts {described['version']}"
    assert "<code>entities</code>" in metadata["description_html"]
    tables = metadata["databases"][done.sqlite.stem]["tables"]
    for resource in (r for r in described["resources"] if "schema" in r):
        table = tables[resource["name"]]
        assert table["description"] == resource["title"]
        assert table["columns"] == {
            f["name"]: f["description"] for f in resource["schema"]["fields"] if "description" in f
        }
    with sqlite3.connect(done.sqlite) as db:
        for view in DESCRIPTIONS:
            columns = [c[1] for c in db.execute(f'PRAGMA table_info("{view}")')]
            assert list(tables[view]["columns"]) == columns == list(COLUMNS[view])
            assert tables[view]["description"] == DESCRIPTIONS[view]


def test_facets_labels_and_search(tmp_path):
    tables = json.loads(built(tmp_path).metadata.read_text(encoding="utf-8"))["databases"]
    tables = next(iter(tables.values()))["tables"]
    assert tables["chronology"]["facets"] == ["kind", "country", "actor", "rank"]
    assert tables["claim_withdrawal"]["facets"][:2] == ["country", "force"]
    assert tables["claims"]["facets"][0] == "kind"
    assert (tables["entities"]["label_column"], tables["sources"]["label_column"]) == ("name", "title")
    assert tables["claims"]["label_column"] == "summary"
    assert (tables["claims"]["fts_table"], tables["claims"]["fts_pk"]) == ("claims_fts", "rowid")
    assert tables["claims_fts"] == {"hidden": True}
