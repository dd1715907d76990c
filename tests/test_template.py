"""sahel-facts new: a template written into the tree's own folders, never through a link or over a file."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

import pytest

from sahel_facts.template import NewRecordError, create


def _entries(folder):
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def test_a_new_record_is_written_into_folders_it_makes(make_tree):
    root = make_tree()
    assert create(root, "withdrawal", "x") == "facts/claims/withdrawal/x.yaml"
    assert (root / "facts/claims/withdrawal/x.yaml").read_text().startswith("# yaml-language-server: $schema=")


@pytest.mark.parametrize(
    ("link", "kind", "record_id"),
    [
        ("facts/claims", "withdrawal", "x"),
        ("facts/claims/withdrawal", "withdrawal", "x"),
        ("facts/countries", "country", "NIG"),
        ("facts/claims/withdrawal/x.yaml", "withdrawal", "x"),
    ],
)
@pytest.mark.parametrize("dangling", [False, True], ids=["to-a-victim", "dangling"])
def test_a_symbolic_link_on_the_way_is_refused(make_tree, tmp_path_factory, link, kind, record_id, dangling):
    root = make_tree()
    victim = tmp_path_factory.mktemp("victim")
    target = victim / ("gone" if dangling else "here")
    if not dangling:
        target.write_text("precious") if link.endswith(".yaml") else target.mkdir()
    (root / link).parent.mkdir(parents=True, exist_ok=True)
    if (root / link).is_dir():
        shutil.rmtree(root / link)
    (root / link).symlink_to(target)
    with pytest.raises(NewRecordError, match=f"{re.escape(str(root / link))} is a symbolic link"):
        create(root, kind, record_id)
    assert _entries(victim) == ([] if dangling else ["here"])
    assert dangling or target.is_dir() or target.read_text() == "precious"


def test_a_file_where_a_folder_goes_is_refused_on_the_command_line(make_tree):
    root = make_tree()
    (root / "facts/persons").write_text("not a folder")
    done = subprocess.run(
        [sys.executable, "-m", "sahel_facts", "new", "person", "x", str(root)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2, done.stderr
    assert f"{root / 'facts/persons'} is not a folder" in done.stderr and "internal error" not in done.stderr


#: Entities the new kinds' templates name, beside MINIMAL's country:NER, org:test-force and source:test-source.
_NAMED = {
    "facts/organisations/minusma.yaml": "id: org:minusma\nkind: organisation\nname: MINUSMA\n"
    "category: international_mission\n",
    "facts/organisations/g5-sahel.yaml": "id: org:g5-sahel\nkind: organisation\nname: G5 Sahel\n"
    "category: international_organisation\n",
    "facts/facilities/air-base-101.yaml": "id: facility:air-base-101\nkind: facility\nname: Air Base 101\n"
    "category: air_base\ncountry: country:NER\n",
}
#: The required fields of each new kind's template, filled in, and one optional field uncommented.
_FILLED = {
    "membership": {
        "member": "country:NER",
        "organisation": "org:g5-sahel",
        "action": "left",
        "stage": "announced",
        "# date": "2023-12-02",
    },
    "mission": {"mission": "org:minusma", "action": "launched", "# date": "2013-04-25", "# until": "2014-06-30"},
    "handover": {
        "facility": "facility:air-base-101",
        "country": "country:NER",
        "from_force": "org:test-force",
        "to": "country:NER",
        "# date": "2024-07-07",
    },
    "attack": {"country": "country:NER", "# targets": "[org:test-force]", "# date": "2024-07-27"},
}


@pytest.mark.parametrize("kind", sorted(_FILLED))
def test_a_new_kinds_template_validates_once_filled(make_tree, kind):
    from sahel_facts.validate import validate

    root = make_tree(_NAMED)
    path = root / create(root, kind, f"new-{kind}")
    assert validate(root).findings, "the empty template does not pass"
    text = path.read_text(encoding="utf-8")
    filled = {"summary": "Something happened.", **_FILLED[kind]}
    for field, value in filled.items():
        text, count = re.subn(rf"^{re.escape(field)}:.*$", f"{field.removeprefix('# ')}: {value}", text, flags=re.M)
        assert count == 1, field
    text = text.replace("    source:\n", "    source: source:test-source\n").replace(
        "    claimant:\n", "    claimant: the source\n"
    )
    path.write_text(text, encoding="utf-8")
    assert validate(root).findings == []
