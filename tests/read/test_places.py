"""Places worked out again from a record's file: right while it is as read, line 1 column 1 once it is not."""

from __future__ import annotations

import os

from sahel_facts.read.places import FilePlaces, digest
from sahel_facts.read.safe_yaml import Position, read_bytes

RAW = b"id: country:NER\nkind: country\nname: Niger\niso_alpha2: NE\n"


def _places(tmp_path, raw=RAW) -> FilePlaces:
    (tmp_path / "facts/countries").mkdir(parents=True, exist_ok=True)
    (tmp_path / "facts/countries/NER.yaml").write_bytes(raw)
    return FilePlaces(tmp_path.resolve(), "facts/countries/NER.yaml", digest(raw))


def test_a_key_is_where_the_parse_puts_it(tmp_path):
    places = _places(tmp_path)
    document = read_bytes(RAW)
    for loc in [("name",), ("iso_alpha2",), ("missing",), ()]:
        assert places.locate(loc) == document.locate(loc)
    assert places.locate(("iso_alpha2",)) == Position(4, 1)


def test_a_file_changed_since_it_was_read_places_at_the_start(tmp_path):
    places = _places(tmp_path)
    (tmp_path / "facts/countries/NER.yaml").write_bytes(b"\n\n" + RAW)
    assert places.locate(("iso_alpha2",)) == Position(1, 1)


def test_a_vanished_or_unreadable_file_places_at_the_start(tmp_path):
    places = _places(tmp_path)
    (tmp_path / "facts/countries/NER.yaml").unlink()
    assert places.locate(("name",)) == Position(1, 1)
    broken = _places(tmp_path, b"id: [unclosed\n")
    assert broken.locate(("id",)) == Position(1, 1)


def test_a_link_in_its_place_is_not_followed(tmp_path):
    places = _places(tmp_path)
    outside = tmp_path / "outside.yaml"
    outside.write_bytes(RAW)
    os.replace(tmp_path / "facts/countries/NER.yaml", tmp_path / "moved.yaml")
    os.symlink(outside, tmp_path / "facts/countries/NER.yaml")
    assert places.locate(("iso_alpha2",)) == Position(1, 1)
    os.unlink(tmp_path / "facts/countries/NER.yaml")
    os.symlink(tmp_path / "facts", tmp_path / "linked")
    through = FilePlaces(tmp_path.resolve(), "linked/countries/NER.yaml", digest(RAW))
    (tmp_path / "facts/countries/NER.yaml").write_bytes(RAW)
    assert through.locate(("iso_alpha2",)) == Position(1, 1)
