"""docs/: the data dictionary stays true to the models; the pictures are there for the README."""

from __future__ import annotations

import pytest

from sahel_facts.docs import data_dictionary
from sahel_facts.model.kinds import KINDS
from sahel_facts.package.tables import all_tables
from tests.conftest import REPO


def test_the_committed_data_dictionary_is_current():
    assert (REPO / "docs/data-dictionary.md").read_text(encoding="utf-8") == data_dictionary(), (
        "run 'sahel-facts docs' and commit docs/"
    )


def test_every_table_and_field_is_described():
    text = data_dictionary()
    for table in all_tables():
        section = text.split(f"\n### {table.name}\n")[1].split("\n### ")[0]
        for column in table.columns:
            assert f"| `{column.name}` | {column.type} |" in section, (table.name, column.name)


def test_every_claim_kind_says_what_it_means():
    section = data_dictionary().split("\n## Claim kinds\n")[1].split("\n## ")[0]
    for model in KINDS.models("claim"):
        row = next(line for line in section.splitlines() if line.startswith(f"| `{KINDS.of_model(model).name}` |"))
        assert all(f"`{field}`" in row for field in (*model.times, *model.subject_fields, *model.conflict_key))


def test_the_readme_shows_the_pictures():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for picture in ("docs/timeline.png", "docs/map.png"):
        assert f"]({picture})" in readme
        assert (REPO / picture).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_docs_writes_the_pictures_with_the_recent_timeline(make_tree):
    pytest.importorskip("matplotlib")
    from sahel_facts.docs import write_docs

    root = make_tree()
    written = write_docs(root)
    names = [p.relative_to(root).as_posix() for p in written]
    assert names == ["docs/data-dictionary.md", "docs/timeline.png", "docs/map.png", "docs/timeline-recent.png"]
    assert all(p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" for p in written[1:])
