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
